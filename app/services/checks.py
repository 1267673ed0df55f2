"""`motcua check` and the app's "Kiểm tra dữ liệu": the checks of the store with a plain report, on a
desk's SQLite file and on a centre's PostgreSQL server alike.

The checks of the rows are one code path on both engines: 1. outbox consistency (every local event has its
outbox row, every outbox row its event, every dossier at least one event), 2. the audit hash chain, 3. each
dossier's status is the one its last event moved it to, 4. each dossier's identifying fields (name, ID
number, due date, status) match the fingerprint its last audit entry recorded. Only what belongs to one
engine differs. On SQLite: where the file lives, integrity_check (pages, indexes), foreign_key_check, the
full-text index (FTS5 integrity-check), clear (unencrypted) copies written outside backups/ that the audit
log knows of when the store is encrypted. On PostgreSQL: the schema revision is this version's head, and
the append-only triggers and search indexes of app.models.pg_ddl are in place (the server checks its own
pages and enforces foreign keys itself). On both, every attached file (the desk's folder, or the server's
file_segments) is present and matches its SHA-256 (files_admin). Each check says what it found in Vietnamese and, when it fails, what to do.
Read-only; the FTS check runs in a transaction that is rolled back.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.models import Dossier, pg_ddl
from app.models.db import SQLITE_HEADER, cipher_module, connect, is_encrypted_file, network_filesystem
from app.models.fts import CHECK_FTS
from app.models.migrate import current_revision, head_revision
from app.services import permissions
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.journal import fingerprint, verify_audit_chain
from app.services.outbox import pruned_through
from app.services.status import Status

TAMPER_HINT = ("Giữ nguyên máy, báo lãnh đạo và bộ phận CNTT; đối chiếu với bản sao lưu trước đó "
               "(motcua audit verify --against TỆP).")
RESTORE_HINT = ("Hãy sao lưu ngay, rồi khôi phục bản sao lưu gần nhất còn tốt: trong ứng dụng, Hệ thống › Sao lưu và "
                "kiểm tra dữ liệu…; trên dòng lệnh, motcua backup rồi motcua restore TỆP.")


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

    def to_json(self) -> dict[str, Any]:
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
        if "readonly" in str(exc):  # FTS5's check is written as an INSERT: not possible on a read-only folder
            return CheckResult("fts", "Chỉ mục tìm kiếm", True, "bỏ qua: thư mục dữ liệu chỉ đọc")
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


def _status_events(s: Session) -> CheckResult:
    rows = s.execute(text(
        "SELECT d.code, d.status, e.to_status FROM dossiers d JOIN events e ON e.id = ("
        "SELECT max(e2.id) FROM events e2 WHERE e2.dossier_id = d.id AND e2.to_status IS NOT NULL) "
        "WHERE d.status != e.to_status ORDER BY d.id LIMIT 1000")).all()
    details = [f"hồ sơ {r[0]}: trạng thái {_status_label(r[1])}, nhưng sự kiện cuối chuyển sang "
               f"{_status_label(r[2])}" for r in rows]
    return CheckResult("status_events", "Trạng thái hồ sơ khớp với sự kiện cuối", not rows,
                       "mọi hồ sơ khớp" if not rows else f"{len(rows)} hồ sơ không khớp", details,
                       f"Trạng thái đã bị sửa trực tiếp {_where(s)}, ngoài phần mềm. " + TAMPER_HINT)


def _recorded_fingerprints(s: Session) -> dict[str, str]:
    """Each dossier's fingerprint as its last audit entry recorded it (JSON read here, the same on both
    engines; an entry that is not JSON records none)."""
    recorded = {}
    for code, summary in s.execute(text(
            "SELECT a.entity_id, a.summary FROM audit_log a JOIN (SELECT max(id) AS id FROM audit_log "
            "WHERE entity = 'dossier' GROUP BY entity_id) last ON last.id = a.id")):
        try:
            fp = json.loads(summary).get("fp")
        except (ValueError, TypeError, AttributeError):
            continue
        if isinstance(fp, str):
            recorded[code] = fp
    return recorded


def _identity(s: Session) -> CheckResult:
    """Recompute each dossier's fingerprint and compare it with its last audit entry's (when it has one)."""
    recorded = _recorded_fingerprints(s)
    details, checked = [], 0
    for d in s.execute(select(Dossier.code, Dossier.applicant_name, Dossier.applicant_id_number, Dossier.due_at,
                              Dossier.status)):
        want = recorded.get(d.code)
        if not want:
            continue  # loaded in bulk (demo data) or written before this version: nothing to compare with
        checked += 1
        if fingerprint(d.code, d.applicant_name, d.applicant_id_number, d.due_at, d.status) != want:
            details.append(f"hồ sơ {d.code}: họ tên, số định danh, ngày hẹn trả hoặc trạng thái khác với lần "
                           "thay đổi cuối được ghi trong nhật ký")
    return CheckResult("identity", "Thông tin hồ sơ khớp với nhật ký kiểm toán", not details,
                       f"{checked} hồ sơ khớp" if not details else f"{len(details)} hồ sơ bị sửa ngoài phần mềm",
                       details, f"Thông tin đã bị sửa trực tiếp {_where(s)}. " + TAMPER_HINT)


def _where(s: Session) -> str:
    """Where a change behind the app's back was made: the desk's file or the centre's server."""
    return "trên máy chủ" if s.get_bind().dialect.name == "postgresql" else "trong tệp"


def _revision(desk: Desk) -> CheckResult:
    have, want = current_revision(desk.db.engine), head_revision()
    return CheckResult("schema", "Phiên bản lược đồ", have == want, f"lược đồ {have}" if have == want else
                       f"lược đồ {have}, phiên bản này cần {want}", [],
                       "Hãy mở Một Cửa bản mới trên một quầy để nâng cấp lược đồ (xem docs/centre.md).")


def _guards(s: Session) -> CheckResult:
    triggers = set(s.scalars(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")))
    indexes = set(s.scalars(text("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")))
    missing = sorted((set(pg_ddl.APPEND_ONLY_TRIGGERS) - triggers) | (set(pg_ddl.SEARCH_INDEXES) - indexes)
                     | ({pg_ddl.NAME_SUFFIXES_TRIGGER_NAME} - triggers))
    return CheckResult("guards", "Bảo vệ chỉ-ghi-thêm và chỉ mục tìm kiếm", not missing,
                       "đủ" if not missing else f"thiếu {len(missing)}", missing,
                       "Ai đó đã gỡ trigger hoặc chỉ mục trên máy chủ. " + TAMPER_HINT)


def _status_label(value: int | None) -> str:
    try:
        return f"«{Status(int(value or 0)).label}»"
    except ValueError:
        return f"«{value}» (không có trạng thái này)"


def _clear_copies(desk: Desk, s: Session) -> CheckResult | None:
    """On an encrypted store: clear copies written outside backups/ that still exist (from the audit log)."""
    if not desk.db.encrypted:
        return None
    found = []
    for (summary,) in s.execute(text("SELECT summary FROM audit_log WHERE action = 'store.backup'")):
        try:
            path = Path(json.loads(summary)["path"])
        except (ValueError, KeyError, TypeError):
            continue
        if path.parent.resolve() != desk.paths.backups.resolve() and path.is_file() and _clear_sqlite(path):
            found.append(str(path))
    return CheckResult("clear_copies", "Bản sao không mã hóa ngoài thư mục backups", not found,
                       "không còn bản sao rõ nào" if not found else f"{len(found)} bản sao còn ở dạng rõ",
                       sorted(set(found)),
                       "Các tệp này chứa họ tên, số định danh đọc được. Hãy xóa chúng (hoặc cất ở nơi an toàn) "
                       "và sao lưu lại bằng motcua backup.")


def _clear_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def _location(desk: Desk) -> CheckResult:
    kind = network_filesystem(desk.db.path)
    return CheckResult("location", "Vị trí lưu dữ liệu", kind is None,
                       f"ổ đĩa trong máy ({desk.db.path.parent})" if kind is None else f"ổ mạng ({kind})",
                       advice="Hãy chuyển thư mục dữ liệu về ổ đĩa của máy này.")


Check = Callable[[Session], CheckResult]
#: The checks of the rows: one code path on both engines.
SHARED: list[Check] = [_outbox, _audit, _status_events, _identity]
#: What only one engine has, checked before the shared ones.
FILE_CHECKS: list[Check] = [_integrity, _foreign_keys, _fts]  # SQLite
SERVER_CHECKS: list[Check] = [_guards]  # PostgreSQL


def run_checks(desk: Desk, actor: Actor | None = None) -> CheckReport:
    """Run every check; `actor` (from the app) must be an administrator. The CLI passes its admin actor."""
    if actor is not None:
        permissions.require(actor, "store.check")
    server = desk.db.engine.dialect.name == "postgresql"
    results = [_revision(desk) if server else _location(desk)]
    with desk.db.read() as s:
        for check in (SERVER_CHECKS if server else FILE_CHECKS) + SHARED:
            results.append(check(s))
        clear = None if server else _clear_copies(desk, s)
    if clear is not None:
        results.append(clear)
    results.append(_files(desk))  # attached files: the desk's folder, or the server's file_segments
    return CheckReport(results)


def _files(desk: Desk) -> CheckResult:
    from app.services import files_admin
    from app.services.files_store import on_server

    found = files_admin.check_files(desk)
    where = ("Hãy khôi phục cơ sở dữ liệu của Trung tâm từ bản sao lưu gần nhất vào một cơ sở dữ liệu trống "
             "(motcua restore TỆP --database …, xem docs/centre.md)" if on_server(desk) else
             "Hãy khôi phục thư mục files/ từ bản sao lưu gần nhất (motcua restore TỆP)")
    return CheckResult("files", "Tệp đính kèm (bản quét, tệp kết quả)", found.ok, found.summary,
                       [p.line for p in (*found.missing, *found.altered, *found.awaited)],
                       advice=f"{where}, rồi chạy lại motcua check; nếu vẫn thiếu, hãy quét lại giấy tờ của các hồ sơ "
                              "được nêu.")


def audit_matches_backup(desk: Desk, backup_file: Path) -> CheckResult:
    """The chain in an older backup must be a prefix of the current chain: this catches someone who edited
    an entry and recomputed every later hash (the chain alone cannot, having no secret)."""
    key = desk.db.key if is_encrypted_file(backup_file) else None
    conn = connect(backup_file, key)
    try:
        rows = conn.execute("SELECT id, hash FROM audit_log ORDER BY id").fetchall()
    except (sqlite3.DatabaseError, *_cipher_errors()) as exc:  # type: ignore[misc]
        return CheckResult("audit_backup", "Đối chiếu nhật ký với bản sao lưu", False,
                           f"không đọc được {backup_file.name} ({exc})", advice="Hãy chọn bản sao lưu khác.")
    finally:
        conn.close()
    with desk.db.read() as s:
        current: dict[Any, Any] = dict(s.execute(text("SELECT id, hash FROM audit_log WHERE id <= :n"),
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
