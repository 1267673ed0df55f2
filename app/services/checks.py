"""`motcua check` and the app's "Kiểm tra dữ liệu": five checks of the store with a plain report.

1. SQLite integrity_check (pages, indexes), 2. foreign_key_check, 3. the full-text index agrees with
the dossiers (FTS5 integrity-check), 4. outbox consistency: every local event has its outbox row, every
outbox row its event, every dossier at least one event, 5. the audit hash chain. Each check says what
it found in Vietnamese and, when it fails, what to do. Read-only; the FTS check runs in a transaction
that is rolled back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.models.db import cipher_module, connect, is_encrypted_file, network_filesystem
from app.models.fts import CHECK_FTS
from app.services import permissions
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.journal import verify_audit_chain
from app.services.outbox import pruned_through

RESTORE_HINT = ("Hãy sao lưu ngay, rồi khôi phục bản sao lưu gần nhất còn tốt: trong ứng dụng, Hệ thống › Sao lưu và "
                "kiểm tra dữ liệu…; trên dòng lệnh, motcua backup rồi motcua --user QUẢN_TRỊ restore TỆP.")


@dataclass
class CheckResult:
    key: str
    label: str
    ok: bool
    summary: str
    details: list[str] = field(default_factory=list)
    advice: str = ""


@dataclass
class CheckReport:
    results: list[CheckResult]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    def to_json(self) -> dict:
        return {"ok": self.ok, "checks": [asdict(r) for r in self.results]}

    def text(self) -> str:
        lines = []
        for r in self.results:
            lines.append(f"[{'ĐẠT' if r.ok else 'LỖI'}] {r.label}: {r.summary}")
            lines.extend(f"      - {d}" for d in r.details[:20])
            if len(r.details) > 20:
                lines.append(f"      … và {len(r.details) - 20} mục khác")
            if not r.ok and r.advice:
                lines.append(f"      → {r.advice}")
        lines.append("Kết quả: cơ sở dữ liệu tốt." if self.ok else "Kết quả: có lỗi, xem các dòng LỖI ở trên.")
        return "\n".join(lines)


def _integrity(s: Session) -> CheckResult:
    rows = [r[0] for r in s.execute(text("PRAGMA integrity_check"))]
    ok = rows == ["ok"]
    return CheckResult("integrity", "Toàn vẹn tệp (integrity_check)", ok,
                       "không có lỗi" if ok else f"{len(rows)} lỗi", [] if ok else rows, RESTORE_HINT)


def _foreign_keys(s: Session) -> CheckResult:
    rows = s.execute(text("PRAGMA foreign_key_check")).all()
    details = [f"bảng {r[0]} dòng {r[1]} trỏ tới {r[2]} không tồn tại" for r in rows]
    return CheckResult("foreign_keys", "Liên kết giữa các bảng (foreign_key_check)", not rows,
                       "không có liên kết hỏng" if not rows else f"{len(rows)} liên kết hỏng", details,
                       RESTORE_HINT)


def _fts(s: Session) -> CheckResult:
    try:
        s.execute(text(CHECK_FTS))
    except (sa_exc.DatabaseError, sqlite3.DatabaseError) as exc:
        return CheckResult("fts", "Chỉ mục tìm kiếm", False, "chỉ mục không khớp dữ liệu",
                           [str(getattr(exc, "orig", exc))],
                           "Chỉ mục tìm kiếm có thể dựng lại từ dữ liệu; hãy báo bộ phận CNTT (motcua check "
                           "sẽ đạt sau khi dựng lại).")
    finally:
        s.rollback()
    return CheckResult("fts", "Chỉ mục tìm kiếm", True, "khớp với dữ liệu hồ sơ")


def _outbox(s: Session) -> CheckResult:
    # Events up to the watermark were acknowledged and their outbox rows pruned (services.outbox).
    no_outbox = s.execute(text(
        "SELECT e.id, d.code, e.kind FROM events e JOIN dossiers d ON d.id = e.dossier_id "
        "LEFT JOIN outbox o ON o.event_uuid = e.uuid WHERE e.id > :through AND o.id IS NULL "
        "AND e.source != 'upstream' ORDER BY e.id LIMIT 1000"), {"through": pruned_through(s)}).all()
    orphans = s.execute(text(
        "SELECT o.id, o.event_uuid FROM outbox o LEFT JOIN events e ON e.uuid = o.event_uuid "
        "WHERE e.id IS NULL ORDER BY o.id LIMIT 1000")).all()
    silent = s.execute(text(
        "SELECT d.code FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.dossier_id = d.id) "
        "ORDER BY d.id LIMIT 1000")).all()
    details = ([f"sự kiện {r[0]} ({r[2]}) của hồ sơ {r[1]} không có dòng chờ đồng bộ" for r in no_outbox]
               + [f"dòng chờ đồng bộ {r[0]} trỏ tới sự kiện {r[1]} không tồn tại" for r in orphans]
               + [f"hồ sơ {r[0]} không có sự kiện nào" for r in silent])
    ok = not details
    return CheckResult("outbox", "Hàng đợi đồng bộ khớp với sự kiện", ok,
                       "mọi thay đổi đều có dòng chờ đồng bộ" if ok else f"{len(details)} chỗ không khớp", details,
                       "Các thay đổi này sẽ không được gửi lên tỉnh. " + RESTORE_HINT)


def _audit(s: Session) -> CheckResult:
    rep = verify_audit_chain(s)
    if rep.ok:
        return CheckResult("audit", "Chuỗi nhật ký kiểm toán", True, f"{rep.checked} mục, chuỗi băm liền mạch")
    return CheckResult("audit", "Chuỗi nhật ký kiểm toán", False,
                       f"mục #{rep.broken_id} bị can thiệp: {rep.reason}", [f"mục đầu tiên hỏng: #{rep.broken_id}"],
                       "Nhật ký đã bị sửa ngoài phần mềm. Giữ nguyên máy, báo lãnh đạo và bộ phận CNTT; so sánh "
                       "với bản sao lưu trước thời điểm đó.")


def _location(desk: Desk) -> CheckResult:
    kind = network_filesystem(desk.db.path)
    return CheckResult("location", "Vị trí lưu dữ liệu", kind is None,
                       f"ổ đĩa trong máy ({desk.db.path.parent})" if kind is None else f"ổ mạng ({kind})",
                       advice="Hãy chuyển thư mục dữ liệu về ổ đĩa của máy này.")


CHECKS: list[Callable[[Session], CheckResult]] = [_integrity, _foreign_keys, _fts, _outbox, _audit]


def run_checks(desk: Desk, actor: Actor | None = None) -> CheckReport:
    """Run every check; `actor` (from the app) must be an administrator. The CLI passes its admin actor."""
    if actor is not None:
        permissions.require(actor, "store.check")
    results = [_location(desk)]
    with desk.db.read() as s:
        for check in CHECKS:
            results.append(check(s))
    return CheckReport(results)


def audit_matches_backup(desk: Desk, backup_file: Path) -> CheckResult:
    """The chain in an older backup must be a prefix of the current chain: this catches someone who edited
    an entry and recomputed every later hash (the chain alone cannot, having no secret)."""
    key = desk.db.key if is_encrypted_file(backup_file) else None
    conn = connect(backup_file, key)
    try:
        rows = conn.execute("SELECT id, hash FROM audit_log ORDER BY id").fetchall()
    except (sqlite3.DatabaseError, *_cipher_errors()) as exc:
        return CheckResult("audit_backup", "Đối chiếu nhật ký với bản sao lưu", False,
                           f"không đọc được {backup_file.name} ({exc})", advice="Hãy chọn bản sao lưu khác.")
    finally:
        conn.close()
    with desk.db.read() as s:
        current = dict(s.execute(text("SELECT id, hash FROM audit_log WHERE id <= :n"),
                                 {"n": rows[-1][0] if rows else 0}).all())
    for eid, digest in rows:
        if current.get(eid) != digest:
            return CheckResult("audit_backup", "Đối chiếu nhật ký với bản sao lưu", False,
                               f"mục #{eid} khác với bản sao lưu {backup_file.name}",
                               [f"mục đầu tiên khác: #{eid}"],
                               "Nhật ký đã bị viết lại sau ngày sao lưu (hoặc dữ liệu đã được khôi phục từ bản cũ "
                               "hơn). Báo lãnh đạo và bộ phận CNTT.")
    return CheckResult("audit_backup", "Đối chiếu nhật ký với bản sao lưu", True,
                       f"{len(rows)} mục của {backup_file.name} trùng khớp với hiện tại")


def _cipher_errors() -> tuple[type[BaseException], ...]:
    module = cipher_module()
    return (module.DatabaseError,) if module is not None else ()
