"""Dossiers (hồ sơ), the components handed in, their event log, supplements, reschedules, code counters.

The event log is append-only and is the basis of the processing control sheet (Mẫu 05). A dossier keeps
a snapshot of its procedure's name and time-limit rule so later catalogue imports never change it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base


class Dossier(Base):
    __tablename__ = "dossiers"
    __table_args__ = (
        Index("ix_dossiers_status_due", "status", "due_at"),
        Index("ix_dossiers_received", "received_at", "id"),
        Index("ix_dossiers_procedure_received", "procedure_id", "received_at"),
        # Reports count what finished / was handed back in a period, and what is still unfinished.
        Index("ix_dossiers_finished", "finished_at"),
        Index("ix_dossiers_returned", "returned_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"))
    procedure_code: Mapped[str] = mapped_column(String(40))
    procedure_name: Mapped[str] = mapped_column(String(300))
    # True when procedure_code is the desk's own key (no confirmed national code): forms say "mã nội bộ".
    procedure_code_local: Mapped[bool] = mapped_column(default=False)
    # effective_from of the catalogue version in force on the day received (None: the base version).
    procedure_version_from: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    field_name: Mapped[str] = mapped_column(String(120), default="")
    limit_kind: Mapped[str] = mapped_column(String(20))
    limit_value: Mapped[int] = mapped_column(Integer)
    form_set_version: Mapped[str] = mapped_column(String(60))

    applicant_name: Mapped[str] = mapped_column(String(120))
    applicant_id_kind: Mapped[str] = mapped_column(String(10), default="")  # cccd | cmnd | other | ""
    applicant_id_number: Mapped[str] = mapped_column(String(20), default="", index=True)
    applicant_birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    applicant_sex: Mapped[str] = mapped_column(String(1), default="")  # m | f | ""
    applicant_phone: Mapped[str] = mapped_column(String(20), default="", index=True)
    applicant_email: Mapped[str] = mapped_column(String(120), default="")
    applicant_address: Mapped[str] = mapped_column(String(300), default="")
    applicant_type: Mapped[int] = mapped_column(Integer, default=1)  # LoaiDoiTuong

    owner_name: Mapped[str] = mapped_column(String(120), default="")
    owner_id_kind: Mapped[str] = mapped_column(String(10), default="")
    owner_id_number: Mapped[str] = mapped_column(String(20), default="", index=True)
    owner_birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    owner_sex: Mapped[str] = mapped_column(String(1), default="")
    owner_phone: Mapped[str] = mapped_column(String(20), default="")
    owner_address: Mapped[str] = mapped_column(String(300), default="")

    channel: Mapped[str] = mapped_column(String(10))  # counter | online | postal | home
    result_delivery: Mapped[str] = mapped_column(String(10), default="counter")  # counter | post
    priority_group: Mapped[str] = mapped_column(String(20), default="")
    sets_count: Mapped[int] = mapped_column(Integer, default=1)
    fee_amount: Mapped[int] = mapped_column(Integer, default=0)
    fee_exempt: Mapped[bool] = mapped_column(default=False)
    summary: Mapped[str] = mapped_column(String(1000), default="")
    note: Mapped[str] = mapped_column(String(1000), default="")
    handling_unit: Mapped[str] = mapped_column(String(200), default="")
    register_book: Mapped[str] = mapped_column(String(20), default="")
    register_seq: Mapped[int] = mapped_column(Integer, default=0)

    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    due_at: Mapped[dt.datetime] = mapped_column(DateTime)  # legal due date (supplement pauses included)
    # The later date promised in an apology / extension letter (Mẫu 04); never replaces due_at.
    extended_due_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    original_due_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    returned_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    status: Mapped[int] = mapped_column(Integer)
    collected_by: Mapped[str] = mapped_column(String(120), default="")
    supplement_count: Mapped[int] = mapped_column(Integer, default=0)

    rating: Mapped[str] = mapped_column(String(20), default="")  # very_satisfied | satisfied | unsatisfied
    rating_comment: Mapped[str] = mapped_column(String(500), default="")

    receiver_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    receiver_name: Mapped[str] = mapped_column(String(120), default="")
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)

    # Folded (no marks, đ→d, lower case) copies that feed the full-text index.
    search_name: Mapped[str] = mapped_column(String(300), default="")
    search_address: Mapped[str] = mapped_column(String(700), default="")

    # Set when the dossier came from the provincial system's register export (services.register_import):
    # the province already has it, so it is never pushed as a new record.
    imported_source: Mapped[str] = mapped_column(String(40), default="")
    imported_file: Mapped[str] = mapped_column(String(260), default="")
    imported_row: Mapped[int | None] = mapped_column(Integer, nullable=True)
    imported_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    imported_by: Mapped[str] = mapped_column(String(120), default="")

    components: Mapped[list[DossierComponent]] = relationship(
        back_populates="dossier", order_by="DossierComponent.position", cascade="all, delete-orphan"
    )
    events: Mapped[list[Event]] = relationship(back_populates="dossier", order_by="Event.id")

    # Every UPDATE says `WHERE version = <the version read>`: on a centre's server, of two people moving
    # one dossier at once the second updates nothing and is told (services.journal.record).
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class DossierComponent(Base):
    __tablename__ = "dossier_components"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(500))
    originals: Mapped[int] = mapped_column(Integer, default=0)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    photocopies: Mapped[int] = mapped_column(Integer, default=0)

    dossier: Mapped[Dossier] = relationship(back_populates="components")


class Event(Base):
    """One step in a dossier's life: a status change or a hand-over between people or units."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(20))  # receive | transition | handover | note | reschedule ...
    from_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    to_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    from_party: Mapped[str] = mapped_column(String(200), default="")
    to_party: Mapped[str] = mapped_column(String(200), default="")
    actor: Mapped[str] = mapped_column(String(120))
    actor_title: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    source: Mapped[str] = mapped_column(String(20), default="local")  # local | upstream
    # JSON object of the step's own facts (extension, stop: reason, proposer, approver_name, approver_title,
    # new_due_at, legal_basis); "" when the step has none.
    data: Mapped[str] = mapped_column(Text, default="")

    dossier: Mapped[Dossier] = relationship(back_populates="events")


class SupplementRequest(Base):
    """A request to complete the dossier (Mẫu 02); the clock is paused until the papers arrive."""

    __tablename__ = "supplement_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime)
    received_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    items: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of component names/counts
    due_before: Mapped[dt.datetime] = mapped_column(DateTime)
    due_after: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    actor: Mapped[str] = mapped_column(String(120))


class Reschedule(Base):
    """An apology and extension letter (Mẫu 04 of Circular 03/2025): a new promised date, proposed by an
    officer and approved by a leader. The legal due date of the dossier stays as it was."""

    __tablename__ = "reschedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    old_due_at: Mapped[dt.datetime] = mapped_column(DateTime)
    new_due_at: Mapped[dt.datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(120))
    approved_by: Mapped[str] = mapped_column(String(120), default="")
    approver_title: Mapped[str] = mapped_column(String(120), default="")
    proposer: Mapped[str] = mapped_column(String(120), default="")


class CodeCounter(Base):
    """Last sequence number used on a day by one device slot."""

    __tablename__ = "code_counters"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)
