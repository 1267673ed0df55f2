"""The reference receiver's own SQLite store: dossiers, events, batches by idempotency key, updates.

Uniqueness is enforced by the schema: one event per event id, one event per (dossier UUID, version),
one dossier per code. Progress on a dossier imported from the provincial register (an item without
HoSo, flagged HoSoNhapTuTinh: the province holds that record) is accepted for a code never seen here,
kept in `imported_progress` and never counted as a new dossier. A batch is ingested in one transaction together with its reply, stored under
its Idempotency-Key, so a repeated key gets the very same answer back even when the first reply was
lost after the commit. One connection behind a lock: the HTTP threads take turns, which is what SQLite
would make them do anyway. Plain sqlite3 (no SQLAlchemy): the receiver stands alone, like a province's
server would.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from app.sync import protocol
from app.sync.protocol import ACCEPTED, DUPLICATE, REJECTED, validate_dossier

SCHEMA = """
CREATE TABLE IF NOT EXISTS dossiers (uuid TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, agency_code TEXT,
    version INTEGER NOT NULL, status INTEGER, batch_key TEXT NOT NULL, updated_at TEXT);
CREATE TABLE IF NOT EXISTS events (event_id TEXT PRIMARY KEY, dossier_uuid TEXT NOT NULL, version INTEGER NOT NULL,
    kind TEXT, batch_id TEXT, received_at TEXT, at TEXT, status INTEGER, actor TEXT, unit TEXT, note TEXT,
    UNIQUE (dossier_uuid, version));
CREATE TABLE IF NOT EXISTS batches (idempotency_key TEXT PRIMARY KEY, body_hash TEXT NOT NULL, reply TEXT NOT NULL,
    received_at TEXT, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS rejections (id INTEGER PRIMARY KEY, event_id TEXT, batch_id TEXT, code TEXT,
    message TEXT, at TEXT);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS updates (id INTEGER PRIMARY KEY AUTOINCREMENT, dossier_uuid TEXT, code TEXT,
    status INTEGER, at TEXT NOT NULL, note TEXT, actor TEXT, unit TEXT);
CREATE TABLE IF NOT EXISTS catalogue (id INTEGER PRIMARY KEY CHECK (id = 1), revision TEXT, body TEXT);
CREATE TABLE IF NOT EXISTS imported_progress (uuid TEXT PRIMARY KEY, code TEXT NOT NULL, agency_code TEXT,
    version INTEGER NOT NULL, status INTEGER, source TEXT, updated_at TEXT);
"""


class KeyReused(Exception):
    """The same Idempotency-Key came with a different body."""


def _now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")


def _chunks(values: list[Any], size: int = 900) -> Iterator[list[Any]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _code(item: dict[str, Any]) -> str:
    """The dossier code of a (validated) item: its HoSo's, or an imported dossier's progress code."""
    return cast(str, item["HoSo"]["MaHoSo"] if "HoSo" in item else item["MaHoSo"])


def _last_status(item: dict[str, Any]) -> int | None:
    status = item["changes"][-1]["QuaTrinhXuLy"].get("TrangThai")
    return int(status) if isinstance(status, str) and status.isdigit() else None


class ReceiverStore:
    def __init__(self, path: Path | str, synchronous: str = "normal"):
        if synchronous not in ("off", "normal", "full"):
            raise ValueError("synchronous phải là off, normal hoặc full")
        self.conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        # Every level survives a crash of this process (what the fault options simulate); "off" can lose
        # the last commits only if the operating system itself stops, and doubles the intake rate.
        self.conn.execute(f"PRAGMA synchronous={synchronous.upper()}")
        # Checkpoints are what fsync in WAL mode; doing them every 40 MB rather than every 4 MB keeps a
        # large push from waiting on the disk after each batch.
        self.conn.execute("PRAGMA wal_autocheckpoint=10000")
        self.conn.executescript(SCHEMA)
        self.lock = threading.Lock()

    def close(self) -> None:
        self.conn.close()

    def _bump(self, counts: dict[str, int]) -> None:
        self.conn.executemany("INSERT INTO counters(name, value) VALUES (?, ?) "
                              "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value",
                              [(k, v) for k, v in counts.items() if v])

    def count_fault(self, name: str) -> None:
        with self.lock:
            self._bump({f"fault_{name}": 1})

    # --- batches ----------------------------------------------------------------------------------
    def ingest(self, key: str, body_hash: str, batch: dict[str, Any], body_gz: bytes) -> dict[str, Any]:
        """Store a batch and return the reply; a repeated key returns the stored reply unchanged.

        The batch is kept as it came (gzip-compressed) and each dossier row points at the batch holding its
        newest state: what the province received stays readable (`dossier_payload`) without encoding
        every dossier again on the hot path."""
        with self.lock:
            c = self.conn
            c.execute("BEGIN IMMEDIATE")
            try:
                row = c.execute("SELECT body_hash, reply FROM batches WHERE idempotency_key = ?", (key,)).fetchone()
                if row is not None:
                    if row[0] != body_hash:
                        raise KeyReused()
                    self._bump({"replays": 1})
                    c.execute("COMMIT")
                    return cast(dict[str, Any], json.loads(row[1]))
                reply = self._ingest(batch, key)
                c.execute("INSERT INTO batches VALUES (?, ?, ?, ?, ?)",
                          (key, body_hash, json.dumps(reply, ensure_ascii=False), _now(), body_gz))
                c.execute("COMMIT")
                return reply
            except BaseException:
                c.execute("ROLLBACK")
                raise

    def _ingest(self, batch: dict[str, Any], key: str) -> dict[str, Any]:
        c = self.conn
        batch_id = str(batch.get("batch_id", ""))
        agency = str(batch.get("agency_code", ""))
        results: list[dict[str, Any]] = []
        valid = []  # (dossier item, change) pairs that passed the checks
        for item in batch.get("items") or []:
            changes = item.get("changes") if isinstance(item, dict) else None
            problem = validate_dossier(item)
            for ch in changes if isinstance(changes, list) else []:
                eid = ch.get("event_id") if isinstance(ch, dict) else None
                why = problem
                if why is None:
                    valid.append((item, ch))
                elif isinstance(eid, str) and eid:
                    results.append({"event_id": eid, "result": REJECTED, "code": why[0], "message": why[1]})
        events: dict[str, tuple[str, int]] = {}
        versions: dict[tuple[str, int], str] = {}
        codes: dict[str, str] = {}
        for part in _chunks([ch["event_id"] for _, ch in valid]):
            q = f"SELECT event_id, dossier_uuid, version FROM events WHERE event_id IN ({','.join('?' * len(part))})"
            events.update({e: (u, v) for e, u, v in c.execute(q, part)})
        for part in _chunks(sorted({it["dossier_uuid"] for it, _ in valid})):
            q = f"SELECT dossier_uuid, version, event_id FROM events WHERE dossier_uuid IN ({','.join('?' * len(part))})"
            versions.update({(u, v): e for u, v, e in c.execute(q, part)})
        for part in _chunks(sorted({_code(it) for it, _ in valid})):
            q = f"SELECT code, uuid FROM dossiers WHERE code IN ({','.join('?' * len(part))})"
            codes.update(dict(c.execute(q, part)))
        now = _now()
        new_events: list[Any] = []
        latest: dict[Any, Any] = {}
        dup = acc = 0
        for item, ch in valid:
            eid, duuid, version, code = ch["event_id"], item["dossier_uuid"], ch["version"], _code(item)
            if eid in events:
                if events[eid] == (duuid, version):
                    results.append({"event_id": eid, "result": DUPLICATE})
                    dup += 1
                else:
                    results.append({"event_id": eid, "result": REJECTED, "code": "bad_item",
                                    "message": "Mã sự kiện đã dùng cho một thay đổi khác."})
                continue
            if (duuid, version) in versions:
                results.append({"event_id": eid, "result": REJECTED, "code": "version_conflict",
                                "message": f"Hồ sơ {code} đã có phiên bản {version} từ một thay đổi khác."})
                continue
            # An imported dossier's progress names the province's own code: it never claims the code.
            if "HoSo" in item and codes.get(code, duuid) != duuid:
                results.append({"event_id": eid, "result": REJECTED, "code": "code_conflict",
                                "message": f"Mã hồ sơ {code} đã được dùng cho một hồ sơ khác trên hệ thống tỉnh."})
                continue
            events[eid] = (duuid, version)
            versions[(duuid, version)] = eid
            if "HoSo" in item:
                codes[code] = duuid
            p = ch["QuaTrinhXuLy"]
            new_events.append((eid, duuid, version, ch["kind"], batch_id, now, p.get("ThoiDiemXuLy"),
                               p.get("TrangThai"), p.get("NguoiXuLy"), p.get("PhongBanXuLy"), p.get("NoiDungXuLy")))
            if item["version"] > latest.get(duuid, (0, None))[0]:
                latest[duuid] = (item["version"], item)
            results.append({"event_id": eid, "result": ACCEPTED})
            acc += 1
        c.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new_events)
        c.executemany(
            "INSERT INTO dossiers VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(uuid) DO UPDATE SET "
            "version = excluded.version, status = excluded.status, batch_key = excluded.batch_key, "
            "updated_at = excluded.updated_at WHERE excluded.version > dossiers.version",
            [(u, it["HoSo"]["MaHoSo"], agency, v, it["HoSo"]["TrangThaiHoSo"], key, now)
             for u, (v, it) in latest.items() if "HoSo" in it])
        c.executemany(
            "INSERT INTO imported_progress VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(uuid) DO UPDATE SET "
            "version = excluded.version, status = excluded.status, updated_at = excluded.updated_at "
            "WHERE excluded.version > imported_progress.version",
            [(u, it["MaHoSo"], agency, v, _last_status(it), it["MoRongMotCua"].get("NguonNhap", ""), now)
             for u, (v, it) in latest.items() if "HoSo" not in it])
        rejected = [(r["event_id"], batch_id, r["code"], r["message"], now) for r in results if r["result"] == REJECTED]
        c.executemany("INSERT INTO rejections(event_id, batch_id, code, message, at) VALUES (?, ?, ?, ?, ?)", rejected)
        self._bump({"batches": 1, "accepted": acc, "duplicates_refused": dup, "rejected_items": len(rejected)})
        return {"protocol": protocol.PROTOCOL, "batch_id": batch_id, "results": results}

    def dossier_payload(self, code: str) -> dict[str, Any] | None:
        """The newest HoSo received for a dossier code (from the batch that carried it); for a dossier
        imported from the register, what its progress said; or None."""
        with self.lock:
            row = self.conn.execute("SELECT d.uuid, b.body FROM dossiers d JOIN batches b "
                                    "ON b.idempotency_key = d.batch_key WHERE d.code = ?", (code,)).fetchone()
            progress = self.conn.execute("SELECT version, status, source FROM imported_progress WHERE code = ? "
                                         "ORDER BY updated_at DESC LIMIT 1", (code,)).fetchone()
        if row is None:
            if progress is None:
                return None
            return {"MaHoSo": code, "HoSoNhapTuTinh": True, "version": progress[0], "TrangThaiHoSo": progress[1],
                    "NguonNhap": progress[2]}
        for item in json.loads(gzip.decompress(row[1]))["items"]:
            if isinstance(item, dict) and item.get("dossier_uuid") == row[0]:
                return cast(dict[str, Any], item["HoSo"])
        return None

    # --- updates and catalogue --------------------------------------------------------------------
    def add_updates(self, updates: list[dict[str, Any]]) -> int:
        rows = []
        for u in updates:
            status = u.get("TrangThaiHoSo")
            at = str(u.get("ThoiDiemXuLy") or protocol.stamp(dt.datetime.now()))
            protocol.parse_stamp(at)
            if status is not None and (not isinstance(status, int) or not 1 <= status <= 10):
                raise ValueError("TrangThaiHoSo phải là số từ 1 đến 10")
            rows.append((u.get("dossier_uuid") or "", u.get("MaHoSo") or "", status, at, u.get("NoiDungXuLy") or "",
                         u.get("NguoiXuLy") or "", u.get("PhongBanXuLy") or ""))
        with self.lock:
            self.conn.executemany("INSERT INTO updates(dossier_uuid, code, status, at, note, actor, unit) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def updates_after(self, cursor: str, limit: int) -> dict[str, Any]:
        after = int(cursor) if cursor.isdigit() else 0
        with self.lock:
            rows = self.conn.execute("SELECT id, dossier_uuid, code, status, at, note, actor, unit FROM updates "
                                     "WHERE id > ? ORDER BY id LIMIT ?", (after, limit)).fetchall()
        return {"updates": [{"id": str(r[0]), "dossier_uuid": r[1], "MaHoSo": r[2], "TrangThaiHoSo": r[3],
                             "ThoiDiemXuLy": r[4], "NoiDungXuLy": r[5], "NguoiXuLy": r[6], "PhongBanXuLy": r[7]}
                            for r in rows],
                "next_cursor": str(rows[-1][0]) if rows else str(after), "more": len(rows) == limit}

    def set_catalogue(self, revision: str, procedures: list[dict[str, Any]]) -> None:
        with self.lock:
            self.conn.execute("INSERT OR REPLACE INTO catalogue VALUES (1, ?, ?)",
                              (revision, json.dumps(procedures, ensure_ascii=False)))

    def catalogue_since(self, since: str) -> dict[str, Any]:
        with self.lock:
            row = self.conn.execute("SELECT revision, body FROM catalogue WHERE id = 1").fetchone()
        if row is None:
            return {"revision": "", "procedures": []}
        return {"revision": row[0], "procedures": [] if since == row[0] else json.loads(row[1])}

    def stats(self) -> dict[str, Any]:
        with self.lock:
            c = self.conn
            counters = dict(c.execute("SELECT name, value FROM counters"))
            out = {"dossiers": c.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0],
                   "imported_progress": c.execute("SELECT COUNT(*) FROM imported_progress").fetchone()[0],
                   "events": c.execute("SELECT COUNT(*) FROM events").fetchone()[0],
                   "batches": counters.get("batches", 0), "replays": counters.get("replays", 0),
                   "accepted": counters.get("accepted", 0),
                   "duplicates_refused": counters.get("duplicates_refused", 0),
                   "rejected_items": counters.get("rejected_items", 0),
                   "updates": c.execute("SELECT COUNT(*) FROM updates").fetchone()[0],
                   "faults": {k[6:]: v for k, v in counters.items() if k.startswith("fault_")}}
        return out
