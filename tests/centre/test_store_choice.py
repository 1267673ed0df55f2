"""The first start of a new PC: keep the data on this machine, or connect to the centre's server."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, Qt

from app.paths import AppPaths
from app.services.desk import Desk
from app.ui.store_choice_dialog import StoreChoiceDialog
from app.ui.tasks import Tasks


def test_connecting_a_new_pc_to_the_centre_joins_it(qtbot, tmp_path, centre):
    paths = AppPaths(tmp_path / "new-pc").ensure()
    tasks = Tasks()
    dialog = StoreChoiceDialog(paths, tasks)
    qtbot.addWidget(dialog)
    dialog.resize(1366 // 2, 400)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.centre, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.centre.height() // 2))
    assert dialog.server.isEnabled()
    qtbot.keyClicks(dialog.url, centre.url.replace("postgresql://", "postgresql://x:secret@"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.general.isVisible())
    assert "Không ghi mật khẩu trong địa chỉ" in dialog.general.text() and dialog.result() == 0
    dialog.url.clear()
    qtbot.keyClicks(dialog.url, centre.url)
    qtbot.keyClicks(dialog.device_name, "Quay 5")
    dialog.grab().save(str(tmp_path / "store-choice.png"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.joined is not None, timeout=10000)
    assert dialog.joined.initialised
    assert json.loads((paths.data_dir / "centre.json").read_text())["url"] == centre.url
    desk = Desk.open(paths)
    try:
        assert desk.device.name == "Quay 5" and desk.device.slot == 0
        assert desk.agency.code == "000.17.22.H56"
    finally:
        desk.close()


def test_this_machine_only_writes_nothing(qtbot, tmp_path):
    paths = AppPaths(tmp_path / "desk").ensure()
    dialog = StoreChoiceDialog(paths, Tasks())
    qtbot.addWidget(dialog)
    assert dialog.local.isChecked() and not dialog.server.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == 1 and not (paths.data_dir / "centre.json").exists()
