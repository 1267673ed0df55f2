"""`motcua sync validate [CODE]`: build dossier records as they would be sent and check them against the
record's JSON Schema, without sending anything or changing the outbox.

With a code, that dossier's whole record (every event it has); without one, every dossier that has
changes waiting to be sent (pending), read in keyset pages so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from app.errors import NotFoundError
from app.services.desk import Desk
from app.sync import schema
from app.sync.payload import dossier_record
from app.sync.record import item


@dataclass(frozen=True)
class RecordCheck:
    code: str
    problems: tuple[schema.Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def reason(self) -> str:
        return schema.local_reason(self.problems[0]) if self.problems else ""


@dataclass(frozen=True)
class ValidationReport:
    checked: int
    invalid_count: int
    invalid: tuple[RecordCheck, ...]  # at most `limit` of them, in code order

    @property
    def ok(self) -> bool:
        return not self.invalid_count


def _pending_codes(desk: Desk, page: int = 500) -> Iterator[str]:
    after = ""
    conn = desk.db.raw_connection()
    try:
        while True:
            codes = [r[0] for r in conn.execute(
                "SELECT d.code FROM dossiers d WHERE d.code > ? AND EXISTS (SELECT 1 FROM outbox o "
                "WHERE o.dossier_id = d.id AND o.state = 'pending') ORDER BY d.code LIMIT ?", (after, page))]
            if not codes:
                return
            yield from codes
            after = codes[-1]
    finally:
        conn.close()


def check_code(desk: Desk, code: str) -> RecordCheck:
    conn = desk.db.raw_connection()
    try:
        conn.execute("BEGIN")
        rec = dossier_record(conn, code)
        conn.execute("COMMIT")
    finally:
        conn.close()
    if rec is None:
        raise NotFoundError(f"Không có hồ sơ mã «{code}» trên máy này. Hãy kiểm tra lại mã trên phiếu hẹn.")
    return RecordCheck(code, tuple(schema.check_item(item(rec))))


def validate_records(desk: Desk, code: str | None = None, *, limit: int = 100) -> ValidationReport:
    """Check one dossier's record, or those of every dossier with changes waiting to be sent."""
    if code:
        result = check_code(desk, code)
        return ValidationReport(1, 0 if result.ok else 1, () if result.ok else (result,))
    checked, count = 0, 0
    invalid: list[RecordCheck] = []
    for c in _pending_codes(desk):
        checked += 1
        result = check_code(desk, c)
        if not result.ok:
            count += 1
            if len(invalid) < limit:
                invalid.append(result)
    return ValidationReport(checked, count, tuple(invalid))
