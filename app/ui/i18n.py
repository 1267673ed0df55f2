"""Interface language: Vietnamese is the source language of every string; English comes from a .qm file.

`install_language(app, "en")` loads `resources/translations/motcua_en.qm`; "vi" needs no file of ours,
but loads Qt's own Vietnamese for its standard dialogs where this Qt ships it (qtbase_vi). A language
change applies at the next start. After changing strings: `pyside6-lupdate app/ui/*.py -ts
resources/translations/motcua_en.ts -no-obsolete -locations none`, translate the new entries (Qt Linguist
or any editor), then `pyside6-lrelease resources/translations/motcua_en.ts`; tests/ui/test_translations.py
fails until both are done. UI thread.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.paths import resources_dir

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []


def qt_translation_loaded() -> bool:
    """Whether Qt's own Vietnamese (standard dialogs: print, file) is installed; when not, the desk uses its
    own Vietnamese print dialog (`app.ui.print_dialog`)."""
    return any(t.objectName() == "qtbase_vi" for t in _installed)


def load_qt_vietnamese(app: QCoreApplication) -> bool:
    """Qt's own Vietnamese for its standard dialogs, where this Qt ships it (qtbase_vi.qm)."""
    translator = QTranslator(app)
    translator.setObjectName("qtbase_vi")
    if not translator.load("qtbase_vi", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        log.info("Qt ships no qtbase_vi translation; the desk's own print dialog is used")
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def translations_dir():  # type: ignore[no-untyped-def]
    return resources_dir() / "translations"


def install_language(app: QCoreApplication, language: str) -> bool:
    """Switch the app's translator; returns False (and stays Vietnamese) when the file is missing."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if language == "vi" else QLocale.Language.English,
                               QLocale.Country.Vietnam if language == "vi" else QLocale.Country.UnitedKingdom))
    if language == "vi":
        load_qt_vietnamese(app)
        return True
    translator = QTranslator(app)
    path = translations_dir() / f"motcua_{language}.qm"
    if not translator.load(str(path)):
        log.warning("translation file %s not found; staying in Vietnamese", path)
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
