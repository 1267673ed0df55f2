"""`motcua selftest --screen 1366x768`: build every page and every dialog of the desk at a given screen
size (offscreen), measure each one's smallest possible size against the free area, and say which do not
fit. The intake page is measured at its fullest: result panel, error summary, every field message and a
message banner. Reads only. UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtWidgets import QDialog

from app.operations import printing
from app.operations.base import Changes
from app.operations.intake import Received
from app.services.desk import Desk
from app.services.dto import Actor, DossierDetail
from app.services.status import Status
from app.ui import screen_fit
from app.ui.context import UiContext
from app.ui.main_window import MainWindow

#: name -> builder(ctx, window, sample dossier) for every dialog the desk opens.
DialogBuilder = Callable[[UiContext, MainWindow, DossierDetail], QDialog]


def dialog_builders() -> dict[str, DialogBuilder]:
    from app.ui.admin_dialogs import DataSafetyDialog
    from app.ui.change_password_dialog import ChangePasswordDialog
    from app.ui.forward_dialog import ForwardDialog
    from app.ui.pdf_preview_dialog import PdfPreviewDialog
    from app.ui.reason_dialog import ReasonDialog
    from app.ui.reschedule_dialog import RescheduleDialog
    from app.ui.return_dialog import ReturnDialog
    from app.ui.settings_dialog import SettingsDialog
    from app.ui.supplement_dialog import SupplementDialog
    from app.ui.unlock_dialog import UnlockDialog

    builders: dict[str, DialogBuilder] = {
        "forward": lambda c, w, d: ForwardDialog("Chuyển xử lý hồ sơ", d.handling_unit, w),
        "return": lambda c, w, d: ReturnDialog(d, w),
        "supplement": lambda c, w, d: SupplementDialog(d, w),
        "reschedule": lambda c, w, d: RescheduleDialog(c, d, w),
        "reason": lambda c, w, d: ReasonDialog("Từ chối hồ sơ", Status.REFUSED, w),
        "settings": lambda c, w, d: SettingsDialog(c, w),
        "change_password": lambda c, w, d: ChangePasswordDialog(c.desk, c.tasks, c.actor.username, parent=w),
        "data_safety": lambda c, w, d: DataSafetyDialog(c, w),
        "unlock": lambda c, w, d: UnlockDialog(c, w),
        "pdf_preview": lambda c, w, d: PdfPreviewDialog(c, printing.slip_pdf(c.op, [d], d.receiver_name or "Kiểm tra",
                                                                           c.setting("default_paper")),
                                                      "Phiếu hẹn", "phieu-hen.pdf", w),
    }
    builders.update(extra_dialogs())
    return builders


def extra_dialogs() -> dict[str, DialogBuilder]:
    """The clerk's dialogs added with the queues, corrections and administration."""
    from app.ui.admin_page import NewUserDialog
    from app.ui.correction_dialog import CorrectionDialog
    from app.ui.forward_dialog import ForwardDialog

    return {
        "new_user": lambda c, w, d: NewUserDialog(c, w),
        "correction": lambda c, w, d: CorrectionDialog(c, d, w),
        "forward_with_officers": lambda c, w, d: ForwardDialog("Chuyển xử lý hồ sơ", "", w, c),
    }


def _settle(window: MainWindow) -> None:
    window.ctx.tasks.wait(10_000)
    for _ in range(3):
        QCoreApplication.processEvents()


def _measure_window(window: MainWindow, name: str, area: QSize) -> screen_fit.Fit:
    _settle(window)
    central = window.minimumSizeHint()
    fit = screen_fit.measure(name, window, area)
    return screen_fit.Fit(name, central.width(), central.height(), fit.width, fit.height, fit.ok)


def _fill_intake(window: MainWindow, sample: DossierDetail) -> None:
    """The intake page as tall as it gets: a saved visit's result, every field's message, the summary."""
    page = window.intake
    page.result.show_saved(Received([sample, sample], b"", Changes.of("dossier", sample.id)))
    page.applicant.validate(show_all=True)
    page.applicant.hint.setText("Đã điền theo hồ sơ trước của Nguyễn Thị Kiểm Thử; hãy hỏi lại địa chỉ, "
                                "điện thoại nếu có thay đổi.")
    page.applicant.hint.show()
    from app.ui.fields import set_error

    set_error(page.general, "Hãy sửa các ô có thông báo đỏ rồi lưu lại (Ctrl+S).")
    window.messages.show_message("Đã tiếp nhận 2 hồ sơ. Ngày hẹn trả ở khung màu xanh.", "ok")


#: Sees every page (reports and administration included); the check writes nothing.
CHECK_ACTOR = Actor(username="system:selftest", full_name="Tự kiểm tra", role="admin")


def check_screen(desk: Desk, width: int, height: int, sample: DossierDetail) -> dict:
    """Every page and dialog at `width`×`height`; "ok" only when all of them fit."""
    ctx = UiContext(desk, CHECK_ACTOR)
    screen_fit.simulate_screen(width, height)
    area = screen_fit.client_area()
    fits: list[screen_fit.Fit] = []
    window = MainWindow(ctx)
    window.idle.set_seconds(0)
    try:
        window.show()
        for i, key in enumerate(window.page_keys):
            window.nav.setCurrentRow(i)
            fits.append(_measure_window(window, f"page:{key}", area))
        window.show_page("intake")
        _fill_intake(window, sample)
        fits.append(_measure_window(window, "page:intake+result", area))
        for name, build in dialog_builders().items():
            dialog = build(ctx, window, sample)
            dialog.show()
            _settle(window)
            fits.append(screen_fit.measure(f"dialog:{name}", dialog, area))
            dialog.close()
            dialog.deleteLater()
    finally:
        window.close()
        ctx.tasks.wait()
        screen_fit.simulate_screen(0, 0)
    bad = [f.name for f in fits if not f.ok]
    return {"ok": not bad, "screen": f"{width}x{height}", "free_area": f"{area.width()}x{area.height()}",
            "not_fitting": bad, "sizes": [asdict(f) for f in fits]}


def parse_screen(text: str) -> tuple[int, int]:
    """"1366x768" → (1366, 768); ValueError with a Vietnamese message otherwise."""
    try:
        w, h = (int(x) for x in text.lower().replace("×", "x").split("x"))
    except ValueError:
        raise ValueError(f"Kích thước màn hình «{text}» chưa đúng dạng RỘNGxCAO, ví dụ 1366x768.") from None
    if not (640 <= w <= 7680 and 480 <= h <= 4320):
        raise ValueError(f"Kích thước màn hình «{text}» ngoài khoảng 640x480 đến 7680x4320.")
    return w, h

