"""The store: SQLAlchemy mapped classes, engine setup and migrations. No Qt here."""

from app.models.agency import Agency, CalendarOverride, Device, Setting, User
from app.models.base import Base
from app.models.catalogue import Procedure, ProcedureComponent, ProcedureVersion
from app.models.dossier import CodeCounter, Dossier, DossierComponent, Event, Reschedule, SupplementRequest
from app.models.files import DossierFile, FileSegment, StoredFile
from app.models.journal import AuditEntry, OutboxRow, SyncState

__all__ = [
    "Agency", "AuditEntry", "Base", "CalendarOverride", "CodeCounter", "Device", "Dossier",
    "DossierComponent", "DossierFile", "Event", "FileSegment", "OutboxRow", "Procedure", "ProcedureComponent", "ProcedureVersion",
    "Reschedule", "Setting", "StoredFile", "SupplementRequest", "SyncState", "User",
]
