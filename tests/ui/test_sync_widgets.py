"""The sync indicator and the Sync page, built alone from a SyncController over a real desk and the real
reference receiver (pytest-qt, offscreen)."""

from __future__ import annotations

import threading
import zipfile

from sqlalchemy import text

from app.sync.service import SyncService
from app.ui.sync_page import SyncPage
from app.ui.sync_status import SyncStatusIndicator
from app.ui.sync_worker import ALL_SENT, ATTENTION, OFFLINE, SyncController
from tests.conftest import CLERK


def test_indicator_goes_from_offline_to_all_sent_when_the_receiver_appears(controller, port, receiver_on, qtbot):
    indicator = SyncStatusIndicator(controller)
    qtbot.addWidget(indicator)
    controller.start()
    qtbot.waitUntil(lambda: controller.snapshot.pending > 0, timeout=10_000)
    assert indicator.mode == OFFLINE
    assert indicator.label.text().startswith("Mất kết nối tỉnh · chờ gửi")
    assert indicator.last.text() == "chưa gửi được lần nào"

    receiver = receiver_on(port)
    qtbot.waitUntil(lambda: indicator.mode == ALL_SENT, timeout=20_000)
    assert indicator.label.text() == "Đã gửi hết"
    assert indicator.last.text().startswith("gửi được lúc ")
    assert controller.service.counts().pending == 0
    assert receiver.stats()["dossiers"] == 40


def test_probe_and_run_never_happen_on_the_ui_thread(service, port, receiver_on, qtbot):
    seen: list[bool] = []

    class Watched(SyncService):
        def probe(self, timeout: float = 3.0):  # type: ignore[no-untyped-def]
            seen.append(threading.current_thread() is threading.main_thread())
            return super().probe(timeout)

    receiver_on(port)
    controller = SyncController(Watched(service.desk), interval_ms=100)
    try:
        controller.start()
        qtbot.waitUntil(lambda: controller.snapshot.mode == ALL_SENT, timeout=20_000)
    finally:
        controller.stop()
    assert seen and not any(seen)


def test_the_os_keyring_is_looked_for_off_the_ui_thread(service, port, receiver_on, qtbot, monkeypatch):
    """Finding the OS keyring takes a noticeable moment: never on the UI thread while the window opens."""
    from app.sync import tokens

    seen: list[bool] = []
    real = tokens._keyring_usable

    def looked_for() -> bool:
        seen.append(threading.current_thread() is threading.main_thread())
        return real()

    monkeypatch.delenv("MOTCUA_TOKEN_BACKEND")  # the app's own choice, not the tests' file store
    monkeypatch.setattr(tokens, "_keyring_usable", looked_for)
    receiver_on(port)
    controller = SyncController(SyncService(service.desk), interval_ms=100)
    try:
        controller.start()
        qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    finally:
        controller.stop()
    assert not any(seen)


def test_page_shows_the_reason_retries_one_dossier_and_exports_the_log(controller, port, receiver_on, qtbot,
                                                                       tmp_path):
    desk = controller.service.desk
    with desk.db.write() as s:
        dossier_id, code = s.execute(text("SELECT id, code FROM dossiers ORDER BY id LIMIT 1")).one()
        s.execute(text("UPDATE dossiers SET applicant_name = '' WHERE id = :id"), {"id": dossier_id})
    receiver_on(port)
    page = SyncPage(controller, CLERK)
    qtbot.addWidget(page)
    page.show()
    controller.start()
    qtbot.waitUntil(lambda: controller.snapshot.mode == ATTENTION, timeout=20_000)
    assert "Cần xử lý" in page.summary.text()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and page.model.rows[0].state == "parked", timeout=10_000)
    row = page.model.rows[0]
    assert row.code == code
    assert page.model.index(0, page.model.COL_REASON).data() == "Thiếu họ tên chủ hồ sơ (ChuHoSo); hãy bổ sung vào hồ sơ rồi gửi lại."

    page.export_button.setEnabled(True)
    with qtbot.waitSignal(controller.exported, timeout=10_000) as got:
        controller.export_log(tmp_path / "nhat-ky")
    with zipfile.ZipFile(got.args[0]) as z:
        names = z.namelist()
        assert "bi-tu-choi.csv" in names and "logs/sync.log" in names
        assert code in z.read("bi-tu-choi.csv").decode("utf-8-sig")
        assert "ChuHoSo" in z.read("logs/sync.log").decode("utf-8")

    with desk.db.write() as s:  # the clerk corrects the dossier, then retries it from the page
        s.execute(text("UPDATE dossiers SET applicant_name = 'Lò Văn Páo' WHERE id = :id"), {"id": dossier_id})
    page.table.selectRow(0)
    assert page.retry_button.isEnabled()
    page.retry_button.click()
    qtbot.waitUntil(lambda: controller.snapshot.mode == ALL_SENT, timeout=20_000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)
    assert controller.service.counts().parked == 0


def test_administrator_configures_sync_from_the_page(controller, port, receiver_on, qtbot):
    from app.sync.tokens import TokenStore
    from tests.sync.conftest import TOKEN
    from tests.users import ADMIN

    clerk_page = SyncPage(controller, CLERK)
    qtbot.addWidget(clerk_page)
    assert clerk_page.config_button.isHidden()
    page = SyncPage(controller, ADMIN)
    qtbot.addWidget(page)
    assert not page.config_button.isHidden()
    receiver_on(port)
    dialog = page.open_config()
    qtbot.waitUntil(lambda: dialog.url.text() == f"http://127.0.0.1:{port}", timeout=10_000)
    assert dialog.token.text() == "" and dialog.token_state.text().startswith("Đã có mã truy cập")
    dialog.url.setText("ftp://sai-dia-chi")
    dialog.save()
    qtbot.waitUntil(lambda: "không hợp lệ" in dialog.errors.text(), timeout=10_000)
    assert dialog.isVisible()
    dialog.url.setText(f"http://127.0.0.1:{port}")
    dialog.token.setText("ma-cu-da-thu-hoi")
    dialog.save()  # saved, but the province refuses that token: the dialog says so and stays open
    qtbot.waitUntil(lambda: "chưa kết nối được" in dialog.result.text(), timeout=10_000)
    assert "từ chối mã truy cập" in dialog.result.text() and dialog.isVisible()
    assert TokenStore(controller.service.desk.paths, "file").get() == "ma-cu-da-thu-hoi"
    dialog.token.setText(TOKEN)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.save()
    assert TokenStore(controller.service.desk.paths, "file").get() == TOKEN


def test_a_refused_token_needs_attention(service, port, receiver_on, qtbot):
    from app.sync.tokens import TokenStore

    TokenStore(service.desk.paths, "file").set("ma-bi-thu-hoi")
    receiver_on(port)
    controller = SyncController(service, interval_ms=100)
    indicator = SyncStatusIndicator(controller)
    qtbot.addWidget(indicator)
    try:
        controller.start()
        qtbot.waitUntil(lambda: indicator.mode == ATTENTION, timeout=10_000)
    finally:
        controller.stop()
    assert indicator.label.text() == "Cần xử lý: kiểm tra cấu hình đồng bộ"
    assert "từ chối mã truy cập" in indicator.toolTip()
    assert service.counts().pending > 0


def test_page_shows_the_files_of_the_run(controller, port, receiver_on, qtbot):
    from app.sync.run_types import RunSummary

    receiver_on(port)
    page = SyncPage(controller, CLERK)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(controller.run_finished, timeout=20_000):
        controller.sync_now()
    assert page.files_line.text().startswith("Tệp đính kèm lượt vừa rồi: đã gửi 0 tệp (0 B).")
    controller.run_finished.emit(RunSummary(files_sent=3, files_bytes=2_500_000,
                                            files_failed=["cccd.pdf (hồ sơ X): tỉnh không trả lời"]))
    text = page.files_line.text()
    assert "đã gửi 3 tệp (2,4 MB)" in text and "1 tệp chưa gửi được" in text and "• cccd.pdf" in text
