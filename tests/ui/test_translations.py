"""Vietnamese is the source language; English ships as resources/translations/motcua_en.ts/.qm.
Placeholders must agree across languages, every string of the desk's own widgets must be translated,
the .qm must be built from the current .ts, and the code labels must match the services' names."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from app.paths import resources_dir
from app.services import permissions, status, workflow
from app.ui import labels
from app.ui.i18n import install_language

TS = resources_dir() / "translations" / "motcua_en.ts"
QM = resources_dir() / "translations" / "motcua_en.qm"
UI = Path(labels.__file__).parent
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%\d+|%n|%[sd]")


def tool(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    return str(path) if path.exists() else shutil.which(name) or name


def messages(path: Path) -> list[tuple[str, str, str | None, bool]]:
    """(context, source, translation, finished) for every message of a .ts file."""
    out = []
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            tr = m.find("translation")
            out.append((name, m.findtext("source") or "", tr.text if tr is not None else None,
                        tr is not None and tr.get("type") not in ("unfinished", "obsolete", "vanished")))
    return out


def test_placeholders_agree_across_languages():
    bad = [(ctx, src, tr) for ctx, src, tr, done in messages(TS)
           if done and sorted(PLACEHOLDER.findall(src)) != sorted(PLACEHOLDER.findall(tr or ""))]
    assert not bad, bad
    assert len(messages(TS)) > 250


def test_every_string_of_the_desk_widgets_is_translated(tmp_path):
    mine = sorted(str(p) for p in UI.glob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([tool("pyside6-lupdate"), *mine, "-ts", str(fresh), "-locations", "none"],
                   check=True, capture_output=True)
    shipped = {(ctx, src): (tr, done) for ctx, src, tr, done in messages(TS)}
    missing = [(ctx, src) for ctx, src, _, _ in messages(fresh)
               if not shipped.get((ctx, src), ("", False))[1] or not shipped[(ctx, src)][0]]
    assert not missing, f"run pyside6-lupdate and translate: {missing}"


def test_the_qm_file_is_built_from_the_ts(tmp_path):
    built = tmp_path / "motcua_en.qm"
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(built)], check=True, capture_output=True)
    assert built.read_bytes() == QM.read_bytes(), "run pyside6-lrelease on resources/translations/motcua_en.ts"


def test_labels_match_the_services_names():
    assert {s: labels.STATUS[s] for s in status.Status} == dict(status.STATUS_LABELS)
    assert labels.CHANNELS == status.CHANNELS
    assert labels.DELIVERIES == status.DELIVERIES
    assert labels.PRIORITY_GROUPS == status.PRIORITY_GROUPS
    assert labels.RATINGS == workflow.RATINGS
    assert labels.ROLES == permissions.ROLE_LABELS


@pytest.fixture
def english(qapp):
    assert install_language(qapp, "en")
    yield
    install_language(qapp, "vi")


def test_english_interface(english, ui, qtbot):
    from app.ui.intake_page import IntakePage

    assert QCoreApplication.translate("Labels", "Đã tiếp nhận") == "Received"
    assert labels.status(status.Status.RETURNED) == "Returned"
    page = IntakePage(ui)
    qtbot.addWidget(page)
    assert page.save_button.text() == "Save and print the slip (Ctrl+S)"
    assert page.channel.currentText() == "At the counter"
    ui.tasks.wait()
