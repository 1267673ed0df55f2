"""Digitised papers: stored files (content-addressed) and their attachment to dossiers.

`StoredFile` is one file's content, once, by SHA-256 (of the clear bytes): where it lies under the data
folder (`blob`), whether it is encrypted there, its size and page count, and when the provincial system
acknowledged it whole. `DossierFile` attaches a stored file to a dossier, either to one of its components
(TaiLieuNop: digitised here, DuocSoHoa, or reused from an earlier dossier, DuocTaiSuDung) or as its
result paper (DanhSachGiayToKetQua: code and name of the result). Attaching again to the same component
supersedes the previous attachment (the history stays); only current rows count.

`FileSegment` holds a stored file's bytes in the database when the store is a centre's PostgreSQL
server (app.services.files_dbstore): one row per 1 MiB segment, keyed by the file's stored name. On a
desk's SQLite file the table exists and stays empty (the files live in the data folder). A file a
home-visit laptop attached reaches the centre as its record first and its content later (through the
hub): its row says which laptop it is `awaiting` until the content has arrived.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class StoredFile(Base):
    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str] = mapped_column(String(60), default="application/pdf")
    blob: Mapped[str] = mapped_column(String(200))  # path under the data folder, e.g. files/ab/abcd…
    encrypted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    uploaded_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    awaiting: Mapped[str] = mapped_column(String(120), default="", server_default="")  # laptop sending it


class FileSegment(Base):
    __tablename__ = "file_segments"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)  # the stored file's name (blob's last part)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0: header; 1…: the 1 MiB segments
    data: Mapped[bytes] = mapped_column(LargeBinary)


class DossierFile(Base):
    __tablename__ = "dossier_files"
    __table_args__ = (
        Index("ix_dossier_files_dossier", "dossier_id", "kind", "position"),
        Index("ix_dossier_files_attached", "attached_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"))
    kind: Mapped[str] = mapped_column(String(10))  # component | result
    position: Mapped[int] = mapped_column(Integer, default=0)  # component position (0 for a result)
    paper_name: Mapped[str] = mapped_column(String(500))  # component name, or TenGiayTo of the result
    result_code: Mapped[str] = mapped_column(String(60), default="")  # MaGiayToKetQua
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(200))  # safe name shown and exported, never a path
    digitised: Mapped[bool] = mapped_column(Boolean, default=True)  # DuocSoHoa
    reused: Mapped[bool] = mapped_column(Boolean, default=False)  # DuocTaiSuDung
    reused_from_id: Mapped[int | None] = mapped_column(ForeignKey("dossier_files.id"), nullable=True)
    valid_until: Mapped[dt.date | None] = mapped_column(nullable=True)
    attached_at: Mapped[dt.datetime] = mapped_column(DateTime)
    attached_by: Mapped[str] = mapped_column(String(120))
    attached_by_name: Mapped[str] = mapped_column(String(120), default="")
    event_uuid: Mapped[str] = mapped_column(String(36))  # the event that carried the attachment upstream
    superseded_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
