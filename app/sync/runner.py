"""The sync runner: push the outbox in idempotent batches, then pull status updates and the catalogue.

Runs on whatever thread calls it (the nightly command's main thread, or a worker thread of the app;
never the UI thread). It holds the database's sync lease for the whole run, renewed by a heartbeat
thread, and paces every call and wait (retries with backoff, the deadline, a stop asked): app.sync.run_pace.
Each push pass (app.sync.push_outbox) sends the pending changes in bounded batches on two helper threads
and records the replies; with `until_empty` passes repeat until nothing is pending or the deadline comes.
A change sent in the run and still unanswered at its end makes the run incomplete (exit 2, no "last
success"); fatal failures stop the run. Updates pulled from the province are applied once each (a cursor);
a catalogue pulled from the province that cannot be imported is logged, never fatal. The attached files
follow the records (files_push). The run's summary is kept in the sync state (`state.LAST_RUN`).
"""

from __future__ import annotations

import json
import logging
import random
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from app.errors import MotCuaError, ValidationError
from app.services import catalogue, outbox
from app.services.desk import Desk
from app.sync import config as sync_config
from app.sync import connectors, files_push, state
from app.sync.client import SyncFatal, SyncUnavailable
from app.sync.config import SyncConfig
from app.sync.connectors import Connector, Origin
from app.sync.lease import Lease
from app.sync.push_outbox import OutboxPush
from app.sync.run_pace import Pace, Stopped
from app.sync.run_types import RunOptions, RunSummary
from app.sync.updates import apply_update

log = logging.getLogger(__name__)

__all__ = ["RunOptions", "RunSummary", "Runner"]


class Runner:
    def __init__(self, desk: Desk, config: SyncConfig, options: RunOptions | None = None, *,
                 progress: Callable[[int, int], None] | None = None,
                 should_stop: Callable[[], bool] | None = None, rng: random.Random | None = None):
        self.desk = desk
        self.config = config
        self.options = options or RunOptions()
        self.progress = progress or (lambda done, total: None)
        self.should_stop = should_stop or (lambda: False)
        self.rng = rng or random.Random()
        self.summary = RunSummary()
        self.lease = Lease(desk, self.options.lease_seconds)
        self.pace = Pace(self.options, self.lease, self.summary, self.rng, self.should_stop)
        self.push = OutboxPush(desk, self.options, self.summary, self.pace, self.progress)

    # --- the run ----------------------------------------------------------------------------------
    def run(self) -> RunSummary:
        self.pace.start()
        s = self.summary
        client: Connector | None = None
        heartbeat: threading.Thread | None = None
        try:
            sync_config.require(self.config)
            if not self.lease.acquire():
                s.busy = True
                s.error = (f"Đang có một lượt đồng bộ khác chạy trên cơ sở dữ liệu này "
                           f"({self.lease.holder_description()}); lần này bỏ qua.")
                return s
            heartbeat = threading.Thread(target=self.pace.heartbeat, daemon=True, name="sync-lease-heartbeat")
            heartbeat.start()
            client = connectors.create(self.config, self.options, self.pace.hard_end,
                                       Origin(self.desk.agency.code, self.desk.device.uuid, self.desk.now))
            health = self.pace.call(client.open)
            while True:
                progressed = self.push.push_pass(client, health)
                applied = self._pull(client) if self.options.pull else 0
                pending = state.counts(self.desk).pending
                if applied and not self.options.until_empty:
                    self.push.push_pass(client, health)  # send back the events the updates just created
                if not self.options.until_empty or pending == 0:
                    break
                if self.pace.past_deadline():
                    raise SyncUnavailable(f"Hết thời gian cho phép của lượt đồng bộ mà vẫn còn {pending} mục "
                                          "chờ gửi; lượt sau sẽ gửi tiếp.")
                if not progressed:
                    self.pace.wait(None, 1)
            if self.options.files:
                self._push_files()
            s.unanswered = len(self.push.unanswered)
            if not s.unanswered:  # a success only when everything sent in this run was answered
                state.put(self.desk, {state.LAST_SUCCESS: self.desk.now().isoformat(sep=" "), state.LAST_ERROR: ""})
                # Acknowledged rows older than the retention period leave the queue (once a day).
                outbox.prune_acknowledged(self.desk)
        except SyncFatal as exc:
            s.fatal, s.error = True, exc.message
        except SyncUnavailable as exc:
            s.unreachable, s.error = True, exc.message
        except Stopped:
            s.error = "Đã dừng đồng bộ theo yêu cầu; phần còn lại sẽ gửi ở lượt sau."
        finally:
            self.pace.lease_lost.set()  # also stops the heartbeat, which must not renew after the release
            if heartbeat is not None:
                heartbeat.join()
            if client is not None:
                client.close()
            self.lease.release()
            s.unanswered = len(self.push.unanswered)
            s.seconds = round(time.monotonic() - self.pace.started, 2)
            if not s.busy:
                self._finish()
        return s

    def _push_files(self) -> None:
        """The attached files whose records are acknowledged (files_push): bounded per run, one chunk in
        memory; a file that fails is reported and never touches the records' state."""
        o, c = self.options, self.config
        report = files_push.push_after_records(self.desk, c.url, c.token, c.ca_bundle, connect_timeout=o.connect_timeout,
                                               read_timeout=o.read_timeout, call_seconds=o.call_seconds,
                                               deadline=self.pace.hard_end)
        s = self.summary
        s.files_sent, s.files_bytes, s.files_failed = report.files + report.already, report.bytes_sent, report.failed
        log.info("files: %d sent, %d already there, %d bytes, %d failed", report.files, report.already,
                 report.bytes_sent, len(report.failed))

    def _finish(self) -> None:
        s = self.summary
        try:
            c = state.counts(self.desk)
            s.pending, s.parked = c.pending, c.parked
            values = {state.LAST_RUN: json.dumps(s.to_json(), ensure_ascii=False)}
            if s.error:
                values[state.LAST_ERROR] = s.error
            state.put(self.desk, values)
        except MotCuaError as exc:  # the summary still reaches the caller
            log.warning("could not record the run summary: %s", exc.message)
        log.info("run finished: %s", s.line())


    # --- pull -------------------------------------------------------------------------------------
    def _pull(self, client: Connector) -> int:
        cursor = state.get(self.desk, state.UPDATES_CURSOR)
        applied = 0
        while True:
            self.pace.check_stop()
            page = self.pace.call(lambda c=cursor: client.updates(c))  # type: ignore[misc]
            for u in page.updates:
                if apply_update(self.desk, u):
                    applied += 1
                else:
                    self.summary.updates_skipped += 1
            if page.next_cursor != cursor:
                cursor = page.next_cursor
                state.put(self.desk, {state.UPDATES_CURSOR: cursor})
            if not page.more or not page.updates:
                break
        self.summary.updates_applied += applied
        try:
            self._pull_catalogue(client)
        except (SyncFatal, Stopped):
            raise
        except Exception as exc:
            log.warning("catalogue from the province not imported: %s: %s", type(exc).__name__,
                        getattr(exc, "message", None) or exc)
        return applied

    def _pull_catalogue(self, client: Connector) -> None:
        since = state.get(self.desk, state.CATALOGUE_REVISION)
        revision, procedures = self.pace.call(lambda: client.catalogue(since))
        if not procedures or revision == since:
            return
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"danh-muc-tinh-{revision}.json"
            path.write_text(json.dumps({"revision": revision, "procedures": procedures}, ensure_ascii=False),
                            encoding="utf-8")
            try:
                with self.desk.db.write() as s:
                    result = catalogue.import_catalogue(s, path, "sync", self.desk.now())
            except ValidationError as exc:
                log.warning("catalogue revision %s refused: %s", revision, exc.message)
                return
        state.put(self.desk, {state.CATALOGUE_REVISION: revision})
        self.summary.catalogue_revision = revision
        log.info("catalogue revision %s imported: %s", revision, result)
