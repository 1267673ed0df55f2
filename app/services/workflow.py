"""Workflow transitions of a dossier after intake, following the national status codes.

Each move is checked against `status.ALLOWED_MOVES`; an illegal move raises TransitionError with a
Vietnamese message naming the moves that are allowed. A move appends an event, an audit entry and an
outbox row in the same transaction as the status change. Supplement requests pause the clock: when
the papers arrive the legal due date moves by the office time spent waiting. An apology and extension
(Circular 03/2025 Mẫu 04) records a later promised date in `extended_due_at` and never moves the legal
due date `due_at`, which every on-time figure uses. A stop (Mẫu 05, "Thông báo dừng giải quyết hồ sơ")
is a move to STOPPED carrying its reason, legal basis, proposer and approver. Both keep their facts as
the event's data under the keys of STEP_KEYS. Hand-overs (Mẫu 06) keep the status and are logged the same way.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import TransitionError, ValidationError
from app.models import Dossier, Reschedule, SupplementRequest
from app.services import permissions, queries
from app.services.calendar import fmt_moment
from app.services.clock import to_vn_naive
from app.services.desk import Desk
from app.services.dto import Actor, DossierDetail
from app.services.journal import check_version, record
from app.services.status import ALLOWED_MOVES, FINISHING, OPEN, Status
from app.services.text import clean

RATINGS = {"very_satisfied": "Rất hài lòng", "satisfied": "Hài lòng", "unsatisfied": "Không hài lòng"}
#: The keys of an extension's or a stop's event data (the printed letters read them).
STEP_KEYS = ("reason", "proposer", "approver_name", "approver_title", "new_due_at", "legal_basis")
NEEDS_REASON = {Status.SUPPLEMENT_REQUESTED: "yêu cầu bổ sung", Status.REFUSED: "từ chối",
                Status.STOPPED: "dừng xử lý"}


def missing_reason(target: Status, note: str) -> str | None:
    """The message when a move the law wants explained has no reason; None when it may go ahead. The
    command line and the app's dialogs ask the same question here."""
    if target in NEEDS_REASON and not clean(note, multiline=True):
        return f"Hãy ghi rõ lý do {NEEDS_REASON[target]} hồ sơ."
    return None


def missing_recipient(to_party: str) -> str | None:
    """The message when a forward (chuyển xử lý) or a hand-over names nobody to receive the dossier; None
    when it may go ahead. The app's "Giao cho" dialog and the command line ask the same question here."""
    if not clean(to_party):
        return ("Hãy ghi người hoặc bộ phận nhận hồ sơ vào ô «Giao cho»: chọn cán bộ hoặc gõ tên bộ phận "
                "(trên dòng lệnh: --to-party).")
    return None


def missing_collector(collected_by: str) -> str | None:
    """The message when a result is handed back without the name of who collected it; None when it may
    go ahead. The app's hand-back dialog and the command line ask the same question here."""
    if not clean(collected_by):
        return "Hãy ghi họ tên người nhận kết quả (trên dòng lệnh: --collected-by)."
    return None


def _missing_party(current: Status, target: Status, to_party: str, collected_by: str) -> dict[str, str]:
    """A forward needs its recipient, a hand-back its collector (the papers' return after a supplement
    request goes back to whoever had the dossier, and needs neither)."""
    if target is Status.PROCESSING and current is not Status.SUPPLEMENT_REQUESTED and \
            (problem := missing_recipient(to_party)):
        return {"to_party": problem}
    if target is Status.RETURNED and (problem := missing_collector(collected_by)):
        return {"collected_by": problem}
    return {}


def allowed_moves(status: int) -> list[Status]:
    return sorted(ALLOWED_MOVES[Status(status)])


def _moment(desk: Desk, d: Dossier, at: dt.datetime | None) -> dt.datetime:
    moment = to_vn_naive(at) if at else desk.now()
    if moment < d.received_at:
        raise ValidationError({"at": "Thời điểm xử lý không được trước thời điểm tiếp nhận hồ sơ."})
    if moment > desk.now() + dt.timedelta(minutes=5):
        raise ValidationError({"at": "Thời điểm xử lý không được ở tương lai."})
    return moment


def _approver(desk: Desk, actor: Actor, name: str, title: str) -> tuple[str, str]:
    """The approving leader: as given, else the acting leader, else the head of the unit."""
    name, title = clean(name), clean(title)
    head = desk.agency
    if name:
        if not title and name == actor.full_name and actor.role == "leader":
            title = actor.title
        elif not title and name == head.head_name:
            title = head.head_title
        return name, title
    if actor.role == "leader":
        return actor.full_name, title or actor.title
    return head.head_name, title or head.head_title


def missing_approver(desk: Desk, actor: Actor, name: str) -> str | None:
    """The message when a stop notice (Mẫu 05) would have nobody to sign it: no approver named, the person
    stopping is no leader and the unit has no head in its settings; None when someone signs. `stop` and a
    person's `transition` to STOPPED refuse then; the app's stop dialog asks the same question first."""
    if clean(name) or actor.role == "leader" or clean(desk.agency.head_name):
        return None
    return ("Đơn vị chưa khai báo người đứng đầu nên Thông báo dừng (Mẫu 05) chưa có người ký: hãy ghi họ tên lãnh "
            "đạo phê duyệt việc dừng, hoặc nhờ quản trị nhập người đứng đầu ở Quản trị › Thông tin đơn vị.")


def step_data(reason: str, proposer: str, approver: tuple[str, str], *, new_due_at: dt.datetime | None = None,
              legal_basis: str = "") -> dict[str, Any]:
    return dict(zip(STEP_KEYS, (reason, proposer, approver[0], approver[1],
                                new_due_at.isoformat(sep=" ") if new_due_at else None, legal_basis), strict=True))


def transition(desk: Desk, code: str, to: Status | str, actor: Actor, *, at: dt.datetime | None = None,
               note: str = "", to_party: str = "", collected_by: str = "", items: list[str] | None = None,
               source: str = "local", data: dict[str, Any] | None = None, event_uuid: str | None = None,
               expected_version: int | None = None) -> DossierDetail:
    target = to if isinstance(to, Status) else Status.from_slug(to)
    permissions.require_move(actor, target)
    note = clean(note, multiline=True)
    if len(note) > 2000:
        raise ValidationError({"note": "Nội dung ghi chú dài quá 2000 ký tự."})
    with desk.db.write() as s:
        d = queries.dossier_by_code(s, code)
        current = Status(d.status)
        check_version(s, d, expected_version)  # the person saw an older state: say what changed
        if target not in ALLOWED_MOVES[current]:
            allowed = ", ".join(f"{m.slug} ({m.label})" for m in allowed_moves(current)) or "không còn bước nào"
            raise TransitionError(
                f"Hồ sơ {d.code} đang ở trạng thái «{current.label}», không chuyển sang «{target.label}» được. "
                f"Các bước được phép: {allowed}."
            )
        if missing := missing_reason(target, note):
            raise ValidationError({"note": missing})
        # A move made elsewhere (the provincial system, a laptop through the centre's hub) is recorded as told.
        if actor.role != permissions.SYSTEM and (party := _missing_party(current, target, to_party, collected_by)):
            raise ValidationError(party)
        moment = _moment(desk, d, at)
        extra: dict[str, Any] = {}
        if target is Status.SUPPLEMENT_REQUESTED:
            s.add(SupplementRequest(dossier_id=d.id, requested_at=moment, reason=note,
                                    items=json.dumps([clean(i) for i in (items or []) if clean(i)],
                                                     ensure_ascii=False),
                                    due_before=d.due_at, actor=actor.full_name))
            d.supplement_count += 1
        if current is Status.SUPPLEMENT_REQUESTED:
            _close_supplement(s, desk, d, moment, extra)
        if target is Status.STOPPED and data is None:
            if actor.role != permissions.SYSTEM and (problem := missing_approver(desk, actor, "")):
                raise ValidationError({"approved_by": problem + " Trên dòng lệnh: motcua stop MÃ --approver …"})
            data = step_data(note, actor.full_name, _approver(desk, actor, "", ""))
        if target in FINISHING:
            d.finished_at = moment
        if target is Status.RETURNED:
            d.returned_at = moment
            d.collected_by = clean(collected_by) or d.applicant_name  # a move made elsewhere may not say who
            extra["collected_by"] = d.collected_by
        d.status = int(target)
        record(s, d, kind="transition", actor=actor, at=moment, from_status=int(current),
               to_status=int(target), from_party=actor.full_name,
               to_party=clean(to_party) or (d.collected_by if target is Status.RETURNED else ""),
               note=note, audit_summary=extra, source=source, data=data, event_uuid=event_uuid)
        if target is Status.PROCESSING and clean(to_party):
            d.handling_unit = clean(to_party)
        dossier_id = d.id
    with desk.db.read() as s:
        return queries.detail_by_id(s, dossier_id)


def _close_supplement(s: Session, desk: Desk, d: Dossier, moment: dt.datetime, extra: dict[str, Any]) -> None:
    req = s.execute(select(SupplementRequest).where(SupplementRequest.dossier_id == d.id,
                                                    SupplementRequest.received_at.is_(None))
                    .order_by(SupplementRequest.id.desc()).limit(1)).scalar()
    if req is None:
        return
    new_due = desk.calendar.resume_after_pause(d.due_at, req.requested_at, moment)
    req.received_at = moment
    req.due_after = new_due
    extra.update({"due_before": d.due_at.isoformat(sep=" "), "due_after": new_due.isoformat(sep=" ")})
    d.due_at = new_due


def request_supplement(desk: Desk, code: str, reason: str, items: list[str], actor: Actor,
                       at: dt.datetime | None = None, expected_version: int | None = None) -> DossierDetail:
    return transition(desk, code, Status.SUPPLEMENT_REQUESTED, actor, at=at, note=reason, items=items,
                      expected_version=expected_version)


def receive_supplement(desk: Desk, code: str, actor: Actor, at: dt.datetime | None = None,
                       note: str = "", expected_version: int | None = None) -> DossierDetail:
    return transition(desk, code, Status.PROCESSING, actor, at=at, note=note or "Đã nhận hồ sơ bổ sung",
                      expected_version=expected_version)


def extend(desk: Desk, code: str, new_due_at: dt.datetime, reason: str, actor: Actor, *, proposer: str = "",
           approver_name: str = "", approver_title: str = "", at: dt.datetime | None = None,
           event_uuid: str | None = None, expected_version: int | None = None) -> DossierDetail:
    """Văn bản xin lỗi và đề nghị gia hạn (Mẫu 04): a later promised date, approved by a leader. The legal
    due date stays: a dossier finished after it is late, whatever was promised."""
    permissions.require(actor, "dossier.reschedule")
    reason = clean(reason, multiline=True)
    new_due_at = to_vn_naive(new_due_at)
    approver = _approver(desk, actor, approver_name, approver_title)
    with desk.db.write() as s:
        d = queries.dossier_by_code(s, code)
        check_version(s, d, expected_version)
        if Status(d.status) not in OPEN:
            raise TransitionError(f"Hồ sơ {d.code} đã kết thúc («{Status(d.status).label}»), không gia hạn được.")
        errors = {}
        if not reason:
            errors["reason"] = "Hãy ghi rõ lý do chậm trả kết quả."
        elif len(reason) > 2000:
            errors["reason"] = "Lý do dài quá 2000 ký tự."
        moment = _moment(desk, d, at)
        promised = d.extended_due_at or d.due_at
        if new_due_at <= max(promised, moment):
            errors["new_due_at"] = (f"Ngày hẹn mới phải sau ngày hẹn hiện tại ({fmt_moment(promised)}) "
                                    "và sau thời điểm hiện tại.")
        elif not desk.calendar.is_working_day(new_due_at.date()):
            errors["new_due_at"] = (f"Ngày hẹn mới rơi vào ngày nghỉ "
                                    f"({desk.calendar.day_off_reason(new_due_at.date())}); hãy chọn ngày làm việc.")
        if errors:
            raise ValidationError(errors)
        s.add(Reschedule(dossier_id=d.id, at=moment, old_due_at=promised, new_due_at=new_due_at,
                         reason=reason, actor=actor.full_name, approved_by=approver[0],
                         approver_title=approver[1], proposer=clean(proposer) or actor.full_name))
        d.extended_due_at = new_due_at
        record(s, d, kind="reschedule", actor=actor, at=moment, note=reason,
               data=step_data(reason, clean(proposer) or actor.full_name, approver, new_due_at=new_due_at),
               audit_summary={"legal_due_at": d.due_at.isoformat(sep=" "), "old_promised_at": promised.isoformat(sep=" ")},
               event_uuid=event_uuid)
        dossier_id = d.id
    with desk.db.read() as s:
        return queries.detail_by_id(s, dossier_id)


def reschedule(desk: Desk, code: str, new_due_at: dt.datetime, reason: str, actor: Actor, *,
               approved_by: str = "", at: dt.datetime | None = None,
               expected_version: int | None = None) -> DossierDetail:
    """The apology dialog's call: an extension approved by `approved_by` (title from the unit's head)."""
    return extend(desk, code, new_due_at, reason, actor, approver_name=approved_by, at=at,
                  expected_version=expected_version)


def stop(desk: Desk, code: str, reason: str, actor: Actor, *, legal_basis: str = "", proposer: str = "",
         approver_name: str = "", approver_title: str = "", at: dt.datetime | None = None,
         expected_version: int | None = None) -> DossierDetail:
    """Thông báo dừng giải quyết hồ sơ (Mẫu 05): the move to STOPPED with its reason and legal basis."""
    reason, legal_basis = clean(reason, multiline=True), clean(legal_basis, multiline=True)
    if actor.role != permissions.SYSTEM and (problem := missing_approver(desk, actor, approver_name)):
        raise ValidationError({"approved_by": problem})
    if len(legal_basis) > 1000:
        raise ValidationError({"legal_basis": "Căn cứ pháp lý dài quá 1000 ký tự."})
    data = step_data(reason, clean(proposer) or actor.full_name,
                     _approver(desk, actor, approver_name, approver_title), legal_basis=legal_basis)
    return transition(desk, code, Status.STOPPED, actor, at=at, note=reason, data=data,
                      expected_version=expected_version)


def handover(desk: Desk, code: str, to_party: str, actor: Actor, *, note: str = "",
             from_party: str = "", at: dt.datetime | None = None, source: str = "local",
             event_uuid: str | None = None, expected_version: int | None = None) -> DossierDetail:
    """Hand the dossier from one person or unit to another (a block of Mẫu 05); the status stays."""
    permissions.require(actor, "dossier.handover")
    to_party = clean(to_party)
    if missing := missing_recipient(to_party):
        raise ValidationError({"to_party": missing})
    with desk.db.write() as s:
        d = queries.dossier_by_code(s, code)
        check_version(s, d, expected_version)
        if Status(d.status) not in OPEN and Status(d.status) is not Status.RESULT_READY:
            raise TransitionError(f"Hồ sơ {d.code} đã kết thúc, không bàn giao được.")
        moment = _moment(desk, d, at)
        record(s, d, kind="handover", actor=actor, at=moment, from_party=clean(from_party) or actor.full_name,
               to_party=to_party, note=clean(note, multiline=True), source=source, event_uuid=event_uuid)
        dossier_id = d.id
    with desk.db.read() as s:
        return queries.detail_by_id(s, dossier_id)


def record_rating(desk: Desk, code: str, rating: str, actor: Actor, comment: str = "", *,
                  event_uuid: str | None = None) -> DossierDetail:
    """The citizen's satisfaction when the result is handed back (optional)."""
    permissions.require(actor, "dossier.rating")
    if rating not in RATINGS:
        raise ValidationError({"rating": "Mức hài lòng phải là: " + ", ".join(f"{k} ({v})" for k, v in RATINGS.items())})
    comment = clean(comment, multiline=True)[:500]
    with desk.db.write() as s:
        d = queries.dossier_by_code(s, code)
        if Status(d.status) is not Status.RETURNED:
            raise TransitionError("Chỉ ghi nhận mức hài lòng khi đã trả kết quả cho công dân.")
        d.rating, d.rating_comment = rating, comment
        record(s, d, kind="rating", actor=actor, at=desk.now(), note=RATINGS[rating],
               audit_summary={"rating": rating}, event_uuid=event_uuid)
        dossier_id = d.id
    with desk.db.read() as s:
        return queries.detail_by_id(s, dossier_id)
