"""Administrative procedures (thủ tục hành chính) and the components each requires."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base


class Procedure(Base):
    __tablename__ = "procedures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    national_code: Mapped[str] = mapped_column(String(20), default="", index=True)  # confirmed codes only
    name: Mapped[str] = mapped_column(String(300))
    name_folded: Mapped[str] = mapped_column(String(300), default="")
    field: Mapped[str] = mapped_column(String(120), default="")
    field_code: Mapped[str] = mapped_column(String(20), default="")
    limit_kind: Mapped[str] = mapped_column(String(20))  # same_day | working_days | calendar_days | working_hours
    limit_value: Mapped[int] = mapped_column(Integer, default=0)
    limit_text: Mapped[str] = mapped_column(String(200), default="")
    fee_text: Mapped[str] = mapped_column(String(300), default="")
    fee_amount: Mapped[int] = mapped_column(Integer, default=0)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    basis_from: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # legal basis in force from
    # What is not confirmed about this entry (a candidate code, a time limit written for three levels…).
    unconfirmed: Mapped[str] = mapped_column(Text, default="")
    home_visit: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)

    components: Mapped[list[ProcedureComponent]] = relationship(
        back_populates="procedure", order_by="ProcedureComponent.position", cascade="all, delete-orphan"
    )
    versions: Mapped[list[ProcedureVersion]] = relationship(
        back_populates="procedure", order_by="ProcedureVersion.effective_from", cascade="all, delete-orphan"
    )


class ProcedureVersion(Base):
    """A later rule of a procedure (a new law taking effect): from `effective_from` on, dossiers received
    use this limit, fee and legal basis instead of the procedure row's own."""

    __tablename__ = "procedure_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id", ondelete="CASCADE"), index=True)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    limit_kind: Mapped[str] = mapped_column(String(20))
    limit_value: Mapped[int] = mapped_column(Integer, default=0)
    limit_text: Mapped[str] = mapped_column(String(200), default="")
    fee_text: Mapped[str] = mapped_column(String(300), default="")
    fee_amount: Mapped[int] = mapped_column(Integer, default=0)
    legal_basis: Mapped[str] = mapped_column(Text, default="")

    procedure: Mapped[Procedure] = relationship(back_populates="versions")


class ProcedureComponent(Base):
    __tablename__ = "procedure_components"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(500))
    originals: Mapped[int] = mapped_column(Integer, default=0)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    photocopies: Mapped[int] = mapped_column(Integer, default=0)
    required: Mapped[bool] = mapped_column(Boolean, default=True)

    procedure: Mapped[Procedure] = relationship(back_populates="components")
