"""The settings registry is the one description of a setting: the dialog is built from it (labels,
hints, allowed values, ranges), its texts are translated, and a value it does not allow is refused with a
Vietnamese message whoever sends it (an unknown paper size never becomes A5 silently)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QSpinBox

from app.errors import ValidationError
from app.operations import admin
from app.paths import resources_dir
from app.services.formats import PAPERS
from app.services.settings import SPECS
from app.ui.i18n import install_language
from app.ui.settings_dialog import SettingsDialog


def _dialog_rows(dialog: SettingsDialog) -> list[str]:
    form = dialog.findChild(QFormLayout)
    return [form.itemAt(i, QFormLayout.ItemRole.LabelRole).widget().text() for i in range(form.rowCount())]


def test_the_dialog_is_built_from_the_registry(ui, qtbot):
    dialog = SettingsDialog(ui)
    qtbot.addWidget(dialog)
    shown = [s for s in SPECS if s.in_dialog]
    assert list(dialog.fields) == [s.key for s in shown]
    assert _dialog_rows(dialog) == [s.label for s in shown]
    paper = dialog.fields["default_paper"]
    assert isinstance(paper, QComboBox)
    assert [paper.itemData(i) for i in range(paper.count())] == list(PAPERS)
    assert [paper.itemText(i) for i in range(paper.count())] == list(PAPERS.values())
    idle = dialog.fields["idle_lock_minutes"]
    assert isinstance(idle, QSpinBox) and (idle.minimum(), idle.maximum()) == (0, 240)
    assert isinstance(dialog.fields["print_direct"], QCheckBox)
    ui.tasks.wait()


def test_registry_texts_are_translated(qapp, ui, qtbot):
    ts = ET.parse(resources_dir() / "translations" / "motcua_en.ts").getroot()
    done = {m.findtext("source") for c in ts.iter("context") if c.findtext("name") == "SettingsDialog"
            for m in c.iter("message") if m.find("translation").get("type") not in ("unfinished", "obsolete")}
    texts = {t for s in SPECS if s.in_dialog for t in (s.label, s.hint, *([] if s.key == "language" else
                                                                         s.choices.values())) if t}
    assert texts - done == set()
    assert install_language(qapp, "en")
    try:
        dialog = SettingsDialog(ui)
        qtbot.addWidget(dialog)
        assert "Slip paper" in _dialog_rows(dialog)
        assert dialog.fields["default_paper"].itemText(0) == "A5 (one copy per page)"
    finally:
        install_language(qapp, "vi")
    ui.tasks.wait()


@pytest.mark.parametrize("key, value, words", [
    ("default_paper", "b5", "Khổ giấy phiếu hẹn"),
    ("idle_lock_minutes", 999, "phải từ 0 đến 240"),
    ("language", "fr", "Ngôn ngữ giao diện"),
])
def test_a_value_the_registry_does_not_allow_is_refused(ui, key, value, words):
    before = ui.setting(key)
    with pytest.raises(ValidationError) as refused:
        admin.store_settings(ui.op, {key: value})
    assert words in refused.value.fields[key]
    assert ui.setting(key) == before
