"""`motcua check` on a centre's PostgreSQL database: the checks that make sense on a server.

The schema revision is this version's head; the append-only guards (triggers) and search indexes of
app.models.pg_ddl are in place; then the engine-neutral checks of services.checks (outbox consistency,
audit chain, status vs last event), the identity fingerprints, read with PostgreSQL's JSON operators,
and the attached files (every one named by a row is in the database and hashes to its SHA-256).
File-level checks (integrity_check, foreign_key_check, FTS5, the folder's disk) are SQLite's and the
server's own business (PostgreSQL checks its pages and enforces foreign keys itself).
"""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.models import Dossier, pg_ddl
from app.models.migrate import current_revision, head_revision
from app.services.checks import TAMPER_HINT, CheckResult, _audit, _files, _outbox, _status_events
from app.services.desk import Desk
from app.services.journal import fingerprint


def _revision(desk: Desk) -> CheckResult:
    have, want = current_revision(desk.db.engine), head_revision()
    return CheckResult("schema", "Phiên bản lược đồ", have == want, f"lược đồ {have}" if have == want else
                       f"lược đồ {have}, phiên bản này cần {want}", [],
                       "Hãy mở Một Cửa bản mới trên một quầy để nâng cấp lược đồ (xem docs/centre.md).")


def _guards(s: Session) -> CheckResult:
    triggers = set(s.scalars(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")))
    indexes = set(s.scalars(text("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")))
    missing = sorted((set(pg_ddl.APPEND_ONLY_TRIGGERS) - triggers) | (set(pg_ddl.SEARCH_INDEXES) - indexes))
    return CheckResult("guards", "Bảo vệ chỉ-ghi-thêm và chỉ mục tìm kiếm", not missing,
                       "đủ" if not missing else f"thiếu {len(missing)}", missing,
                       "Ai đó đã gỡ trigger hoặc chỉ mục trên máy chủ. " + TAMPER_HINT)


def _identity(s: Session) -> CheckResult:
    recorded: dict[str, str | None] = dict(s.execute(text(
        "SELECT a.entity_id, a.summary::jsonb ->> 'fp' FROM audit_log a JOIN (SELECT max(id) AS id FROM audit_log "
        "WHERE entity = 'dossier' GROUP BY entity_id) last ON last.id = a.id")).all())
    details, checked = [], 0
    for d in s.execute(select(Dossier.code, Dossier.applicant_name, Dossier.applicant_id_number, Dossier.due_at,
                              Dossier.status)):
        want = recorded.get(d.code)
        if not want:
            continue
        checked += 1
        if fingerprint(d.code, d.applicant_name, d.applicant_id_number, d.due_at, d.status) != want:
            details.append(f"hồ sơ {d.code}: họ tên, số định danh, ngày hẹn trả hoặc trạng thái khác với lần "
                           "thay đổi cuối được ghi trong nhật ký")
    return CheckResult("identity", "Thông tin hồ sơ khớp với nhật ký kiểm toán", not details,
                       f"{checked} hồ sơ khớp" if not details else f"{len(details)} hồ sơ bị sửa ngoài phần mềm",
                       details, "Thông tin đã bị sửa trực tiếp trên máy chủ. " + TAMPER_HINT)


def centre_checks(desk: Desk) -> list[CheckResult]:
    results = [_revision(desk)]
    with desk.db.read() as s:
        for check in (_guards, _outbox, _audit, _status_events, _identity):
            results.append(check(s))
    results.append(_files(desk))
    return results
