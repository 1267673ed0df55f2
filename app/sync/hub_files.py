"""A laptop's attached files reaching the centre through the hub (`motcua serve`).

Two halves, in the order a laptop sends them. First the record: a `note` change (the step that attached
a scan, a result paper or a reused paper) is recorded as the centre's own event with the laptop's event
id, and the files that step attached (the change's `MoRongMotCua.TepDinhKem`: id, `/api/v1/files/<sha256>`
path, paper and position) are attached under the laptop's attachment ids in the same transaction. The
item's national record (TaiLieuNop by component, DanhSachGiayToKetQua for results) says which of them
is the paper's current file on the laptop: that one supersedes the centre's current file; one replaced on
the laptop before it synced is kept as history, superseded when the laptop replaced it, as the laptop
keeps it. A change from a laptop that does not say what it attached attaches the files the record lists
that the centre has not got. A file whose content the centre does not hold yet gets a `stored_files` row
`awaiting` the laptop: counters see the attachment, and opening it says the laptop must sync.

Then the content: the laptop's file pusher (app.sync.files_push, unchanged) sends each file after its
record was acknowledged, with the province's chunked upload protocol (app.sync.receiver_files:
`GET`/`PUT /api/v1/files/{sha256}`). `HubFiles` answers it: chunks are checked, appended and resumed by
the reference receiver's own `FileStore`, kept in the hub's data folder (`hub-uploads.sqlite3` and its
`.files` folder); once a file is whole and its SHA-256 checked, it is streamed into the centre's store
(the database on a centre's server: files_store.store_for) in one transaction, its row gets its size and
page count and stops awaiting, and the staged copy is dropped. A file the centre already holds is
answered complete at once (idempotent on the SHA-256), and so is one no record of the centre names:
the laptop then stops offering it.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Dossier, DossierComponent, DossierFile, StoredFile
from app.services import queries
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.files_convert import safe_name
from app.services.files_read import COMPONENT, RESULT, current_file
from app.services.files_store import SEGMENT, BlobDamaged, store_for
from app.services.journal import record
from app.services.pdfium_lock import PDFIUM
from app.services.text import clean
from app.sync.protocol import parse_stamp
from app.sync.receiver_files import PREFIX, FileStore, Reply
from app.sync.record import EXTENSION

STAGING = "hub-uploads.sqlite3"
_SHA = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Incoming:
    """One attachment the laptop's record lists."""

    uuid: str
    sha256: str
    kind: str
    position: int
    name: str  # the component's or the result's name
    display_name: str
    result_code: str = ""
    digitised: bool = True
    reused: bool = False


def _sha(path: Any) -> str:
    sha = str(path or "").removeprefix(PREFIX)
    return sha if _SHA.match(sha) else ""


def listed(item: dict[str, Any]) -> list[Incoming]:
    """The files the item's national record lists, with where they belong in the dossier."""
    hs, out = item["HoSo"], []
    for pos, doc in enumerate(hs.get("TaiLieuNop") or [], 1):
        sha, uid = _sha(doc.get("DuongDanTaiTepTin")), str(doc.get("TepDinhKemId") or "")
        if sha and uid:
            out.append(Incoming(uid[:36], sha, COMPONENT, pos, "", clean(doc.get("TenTepDinhKem") or "")[:200],
                                digitised=doc.get("DuocSoHoa") == "1", reused=doc.get("DuocTaiSuDung") == "1"))
    for doc in hs.get("DanhSachGiayToKetQua") or []:
        sha, uid = _sha(doc.get("DuongDanTepTinKetQua")), str(doc.get("GiayToId") or "")
        code = clean(doc.get("MaGiayToKetQua") or "")[:60]
        if sha and uid:
            out.append(Incoming(uid[:36], sha, RESULT, 0, clean(doc.get("TenGiayTo") or "")[:500],
                                f"ket-qua-{safe_name(code or hs['MaHoSo'])[:60]}.pdf", code))
    return out


def attached_by(files: list[Any]) -> list[Incoming]:
    """The files one change says it attached (change.MoRongMotCua.TepDinhKem), where they belong."""
    out = []
    for doc in files:
        sha, uid = _sha(doc.get("DuongDanTaiTepTin")), str(doc.get("TepDinhKemId") or "")
        if sha and uid:
            result = doc.get("Loai") == "KetQua"
            out.append(Incoming(uid[:36], sha, RESULT if result else COMPONENT, 0 if result else int(doc["ViTri"]),
                                clean(doc.get("TenGiayTo") or "")[:500], clean(doc.get("TenTepDinhKem") or "")[:200],
                                clean(doc.get("MaGiayToKetQua") or "")[:60] if result else "",
                                digitised=doc.get("DuocSoHoa") == "1", reused=doc.get("DuocTaiSuDung") == "1"))
    return out


def _replaced_at(item: dict[str, Any], eid: str, f: Incoming, at: dt.datetime) -> dt.datetime:
    """When the laptop replaced `f` (attached by change `eid`, no longer current there): the next change
    of the item that attached to the same paper, else the change's own time."""
    later = False
    for ch in sorted(item.get("changes") or [], key=lambda c: int(c.get("version") or 0)):
        if later:
            for g in attached_by((ch.get(EXTENSION) or {}).get("TepDinhKem") or []):
                if (g.kind, g.position, g.result_code) == (f.kind, f.position, f.result_code):
                    return parse_stamp(ch["QuaTrinhXuLy"]["ThoiDiemXuLy"])
        later = later or ch.get("event_id") == eid
    return at


def note(desk: Desk, laptop: str, item: dict[str, Any], eid: str, actor: Actor, at: dt.datetime, text: str,
         attached: list[Any] | None = None) -> None:
    """A laptop's note: its event and the files it attached (`attached`, the change's TepDinhKem; None
    from a laptop that does not say: the files the record lists that the centre has not got), in one
    transaction. A file the record lists as its paper's current one supersedes the centre's; one the laptop
    has replaced since is kept as history."""
    now_current = {f.uuid for f in listed(item)}
    incoming = listed(item) if attached is None else attached_by(attached)
    store = store_for(desk)
    with desk.db.write() as s:
        d = queries.dossier_by_code(s, item["HoSo"]["MaHoSo"])
        known = set(s.scalars(select(DossierFile.uuid).where(DossierFile.uuid.in_([f.uuid for f in incoming]))))
        new = [f for f in incoming if f.uuid not in known]
        event = record(s, d, kind="note", actor=actor, at=at, note=clean(text), event_uuid=eid,
                       audit_summary={"hub": laptop, **({"files": [f.sha256 for f in new]} if new else {})})
        for f in new:
            stored = s.scalar(select(StoredFile).where(StoredFile.sha256 == f.sha256))
            if stored is None:
                stored = StoredFile(sha256=f.sha256, size=0, pages=0, mime="application/pdf",
                                    blob=store.relpath(f.sha256), encrypted=store.encrypting, created_at=at,
                                    awaiting=laptop[:120])
                s.add(stored)
                s.flush()
            # A file of this paper that came in an earlier item, already replaced on the laptop then (kept as
            # replaced at its own attachment until its replacement came): replaced by this one.
            s.execute(update(DossierFile).where(
                DossierFile.dossier_id == d.id, DossierFile.kind == f.kind, DossierFile.position == f.position,
                DossierFile.result_code == f.result_code, DossierFile.superseded_at == DossierFile.attached_at,
                DossierFile.attached_at < at).values(superseded_at=at))
            replaced = None
            if f.uuid in now_current:
                current = current_file(s, d.id, f.kind, f.position, f.result_code)
                if current is not None:
                    current.superseded_at = at
            else:
                replaced = _replaced_at(item, eid, f, at)
            s.add(DossierFile(uuid=f.uuid, dossier_id=d.id, kind=f.kind, position=f.position,
                              paper_name=f.name or _component_name(s, d, f.position) or f.display_name,
                              result_code=f.result_code, file_id=stored.id, display_name=f.display_name or "tep.pdf",
                              digitised=f.digitised, reused=f.reused, attached_at=at, attached_by=actor.username,
                              attached_by_name=actor.full_name, event_uuid=event.uuid, superseded_at=replaced))
            s.flush()


def _component_name(s: Session, d: Dossier, position: int) -> str:
    return s.scalar(select(DossierComponent.name).where(DossierComponent.dossier_id == d.id,
                                                        DossierComponent.position == position)) or ""


class HubFiles:
    """What the hub's HTTP handler calls `files`: the upload protocol's `status` and `put_chunk`."""

    def __init__(self, desk: Desk):
        self.desk = desk
        self.staging = FileStore(desk.paths.data_dir / STAGING)
        self._lock = threading.Lock()

    def close(self) -> None:
        self.staging.close()

    def _held(self, sha: str) -> tuple[bool, int] | None:
        """None when no record of the centre names the file; else (content here, size)."""
        with self.desk.db.read() as s:
            row = s.execute(select(StoredFile.awaiting, StoredFile.size).where(StoredFile.sha256 == sha)).first()
        return None if row is None else (not row[0], int(row[1]))

    @staticmethod
    def _complete(sha: str, size: int, needed: bool = True) -> Reply:
        return Reply(200, {"sha256": sha, "state": "complete", "received": size} | ({} if needed else {"needed": False}))

    def status(self, sha: str) -> Reply:
        held = self._held(sha) if _SHA.match(sha) else (False, 0)
        if held is None:
            return self._complete(sha, 0, needed=False)
        if held[0]:
            return self._complete(sha, held[1])
        reply = self.staging.status(sha)
        return self._adopt(sha) if reply.body.get("state") == "complete" else reply

    def put_chunk(self, sha: str, offset: int, size: int, chunk_sha: str, chunk: bytes) -> Reply:
        held = self._held(sha) if _SHA.match(sha) else (False, 0)
        if held is None:
            return self._complete(sha, 0, needed=False)
        if held[0]:
            return self._complete(sha, held[1])
        reply = self.staging.put_chunk(sha, offset, size, chunk_sha, chunk)
        return self._adopt(sha) if reply.code == 200 and reply.body.get("state") == "complete" else reply

    def _adopt(self, sha: str) -> Reply:
        """Move a whole, checked upload into the centre's store and stop awaiting it."""
        with self._lock:
            held = self._held(sha)
            if held is None or held[0]:
                self.staging.forget(sha)
                return self._complete(sha, held[1] if held else 0, needed=held is not None)
            path = self.staging.final_path(sha)
            try:
                size = path.stat().st_size
                with open(path, "rb") as fh:
                    rel, encrypted = store_for(self.desk).put(iter(lambda: fh.read(SEGMENT), b""), sha, size)
            except (FileNotFoundError, BlobDamaged):  # the staged copy is gone or wrong: send it again
                self.staging.forget(sha)
                return Reply(409, {"error": "offset_mismatch", "received": 0,
                                   "message": "Máy chủ Trung tâm chưa có tệp này; hãy gửi lại từ đầu."})
            pages = _pages(path)
            with self.desk.db.write() as s:
                s.execute(update(StoredFile).where(StoredFile.sha256 == sha).values(
                    blob=rel, encrypted=encrypted, size=size, pages=pages, awaiting=""))
            self.staging.forget(sha)
        return self._complete(sha, size)


def _pages(path: Path) -> int:
    with PDFIUM:
        try:
            doc = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            return 0
        try:
            return len(doc)
        finally:
            doc.close()
