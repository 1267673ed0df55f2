"""What the app and the command line ask of sync, in one object: configuration, a health probe, a run,
outbox counts, dossiers listed by sync state, retry of one dossier, export of the sync log.

Blocking calls (database and network): the UI calls them from worker threads only. Returns plain
dataclasses; the token never leaves `TokenStore` except inside the HTTP client.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, text

from app.services.desk import Desk
from app.services.dto import Actor
from app.services.journal import audit
from app.services.outputs import write_with
from app.sync import config as sync_config
from app.sync import state, synclog
from app.sync.client import SyncClient, SyncFatal, SyncUnavailable
from app.sync.config import SyncConfig
from app.sync.lease import LeaseInfo
from app.sync.lease import current as current_lease
from app.sync.protocol import reason_text
from app.sync.runner import Runner, RunOptions, RunSummary
from app.sync.state import OutboxCounts
from app.sync.tokens import TokenStore

STATES = {"pending": "Chờ gửi", "parked": "Bị từ chối — cần xử lý", "sent": "Đã gửi"}
KIND_LABELS = {"receive": "Tiếp nhận", "transition": "Chuyển trạng thái", "handover": "Bàn giao",
               "reschedule": "Hẹn lại", "rating": "Đánh giá", "note": "Ghi chú", "supplement": "Bổ sung"}


@dataclass(frozen=True)
class Probe:
    ok: bool
    configured: bool
    message: str
    fatal: bool = False  # a person must act (token refused, wrong address, certificate)


@dataclass(frozen=True)
class SyncRow:
    outbox_id: int
    dossier_id: int
    code: str
    applicant_name: str
    kind: str
    version: int
    created_at: dt.datetime
    state: str
    attempts: int
    sent_at: dt.datetime | None
    error_code: str
    reason: str
    changes: int = 1  # how many changes of the dossier are in this state (waiting and rejected lists)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def _dt(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


class SyncService:
    def __init__(self, desk: Desk, tokens: TokenStore | None = None, options: RunOptions | None = None):
        self.desk = desk
        self.tokens = tokens or TokenStore(desk.paths)
        self.options = options or RunOptions(max_failures=3)
        synclog.attach(desk.paths)

    # --- configuration ----------------------------------------------------------------------------
    def config(self) -> SyncConfig:
        return sync_config.load(self.desk, self.tokens)

    def configure(self, actor: Actor, *, url: str, ca_bundle: str | None = None,
                  token: str | None = None, connector: str | None = None) -> SyncConfig:
        return sync_config.configure(self.desk, self.tokens, actor, url=url, ca_bundle=ca_bundle, token=token,
                                     connector=connector)

    # --- network ----------------------------------------------------------------------------------
    def probe(self, timeout: float = 3.0, config: SyncConfig | None = None) -> Probe:
        """Ask the province's health endpoint, with the saved configuration or `config` (the values just
        typed in the configuration dialog, before saving them)."""
        cfg = config or self.config()
        if not cfg.complete:
            return Probe(False, False, "Chưa cấu hình đồng bộ (địa chỉ và mã truy cập của tỉnh).")
        try:
            client = SyncClient(cfg.url, cfg.token, ca_bundle=cfg.ca_bundle, connect_timeout=timeout,
                                read_timeout=timeout)
            try:
                client.health()
            finally:
                client.close()
        except SyncFatal as exc:
            return Probe(False, True, exc.message, fatal=True)
        except SyncUnavailable as exc:
            return Probe(False, True, exc.message)
        return Probe(True, True, "Kết nối được hệ thống một cửa của tỉnh.")

    def run(self, *, until_empty: bool = False, progress: Callable[[int, int], None] | None = None,
            should_stop: Callable[[], bool] | None = None, options: RunOptions | None = None) -> RunSummary:
        opts = replace(options or self.options, until_empty=until_empty)
        return Runner(self.desk, self.config(), opts, progress=progress, should_stop=should_stop).run()

    def lease(self) -> LeaseInfo | None:
        """Who holds the sync lease (a run in progress), or None."""
        return current_lease(self.desk, self.options.lease_seconds)

    # --- outbox -----------------------------------------------------------------------------------
    def counts(self, *, with_sent: bool = False) -> OutboxCounts:
        return state.counts(self.desk, with_sent=with_sent)

    def rows(self, sync_state: str, *, limit: int = 200, before_id: int | None = None) -> list[SyncRow]:
        """One keyset page, newest first. Waiting and rejected: one row per dossier (its newest change in
        that state, and how many); sent: one row per change, the most recent first."""
        if sync_state not in STATES:
            raise ValueError(sync_state)
        cols = ("o.id, o.dossier_id, d.code, d.applicant_name, o.kind, o.version, o.created_at, o.state, "
                "o.attempts, o.sent_at, o.error_code, o.error_message")
        params = {"state": sync_state, "before": before_id or 2**62, "n": limit}
        if sync_state == "sent":
            sql = (f"SELECT {cols}, 1 FROM outbox o JOIN dossiers d ON d.id = o.dossier_id "
                   "WHERE o.state = :state AND o.id < :before ORDER BY o.id DESC LIMIT :n")
        else:
            sql = (f"SELECT {cols}, g.n FROM (SELECT dossier_id, MAX(id) AS last_id, COUNT(*) AS n FROM outbox "
                   "WHERE state = :state GROUP BY dossier_id HAVING MAX(id) < :before "
                   "ORDER BY last_id DESC LIMIT :n) g JOIN outbox o ON o.id = g.last_id "
                   "JOIN dossiers d ON d.id = o.dossier_id ORDER BY o.id DESC")
        with self.desk.db.read() as s:
            found = s.execute(text(sql), params).all()
        return [SyncRow(r[0], r[1], r[2], r[3], r[4], r[5], cast(dt.datetime, _dt(r[6])), r[7], r[8], _dt(r[9]), r[10],
                        reason_text(r[10], r[11]) if r[7] == "parked" else "", r[12]) for r in found]

    def retry_dossier(self, dossier_id: int, actor: Actor) -> int:
        """Put a dossier's parked changes back in the queue (after it was corrected); returns how many."""
        with self.desk.db.write() as s:
            code = s.execute(text("SELECT code FROM dossiers WHERE id = :id"), {"id": dossier_id}).scalar()
            n = cast(CursorResult[Any], s.execute(text("UPDATE outbox SET state = 'pending', result = '', error_code = '', "
                               "error_message = '' WHERE dossier_id = :id AND state = 'parked'"),
                          {"id": dossier_id})).rowcount
            if n:
                audit(s, actor, "sync.retry", "dossier", code or str(dossier_id), {"changes": n}, at=self.desk.now())
        return int(n or 0)

    def export_log(self, dest: Path, force: bool = False) -> Path:
        """A zip for IT: the sync log files, the rejected changes (codes and reasons only) and the last run."""
        dest = Path(dest)
        if dest.suffix.lower() != ".zip":
            dest = dest.with_suffix(".zip")
        return write_with(dest, self._write_log_zip, self.desk.paths.data_dir, force=force)

    def _write_log_zip(self, dest: Path) -> None:
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
            for f in sorted(self.desk.paths.logs.glob(synclog.FILE + "*")):
                z.write(f, f"logs/{f.name}")
            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow(["ma_ho_so", "thay_doi", "phien_ban", "thoi_diem", "so_lan_gui", "ma_loi", "ly_do"])
            before = None
            while page := self.rows("parked", limit=500, before_id=before):
                for r in page:
                    w.writerow([r.code, r.kind, r.version, r.created_at, r.attempts, r.error_code, r.reason])
                before = page[-1].outbox_id
            z.writestr("bi-tu-choi.csv", "\ufeff" + buf.getvalue())  # BOM: Excel opens UTF-8 correctly
            c = self.counts(with_sent=True)
            cfg = self.config()
            z.writestr("tom-tat.json", json.dumps({
                "agency": self.desk.agency.code, "device": self.desk.device.uuid, "url": cfg.url,
                "ca_bundle": cfg.ca_bundle, "token_configured": bool(cfg.token), "pending": c.pending,
                "sent": c.sent, "parked": c.parked, "last_success": c.last_success, "last_error": c.last_error,
                "last_run": json.loads(state.get(self.desk, state.LAST_RUN) or "null"),
                "exported_at": self.desk.now()}, ensure_ascii=False, indent=1, default=str))
