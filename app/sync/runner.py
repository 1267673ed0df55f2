"""The sync runner: push the outbox in idempotent batches, then pull status updates and the catalogue.

Runs on whatever thread calls it (the nightly command's main thread, or a worker thread of the app;
never the UI thread), with two helper threads during a push: one builds and compresses the next batches
while the calling thread waits for the server, one records the replies. It holds the database's sync
lease for the whole run, renewed by a heartbeat thread; no call or wait goes past the run's deadline
(`--max-minutes`) or past the lease's expiry, so a run never outlives its lease. Batches are bounded by change count and bytes and built while streaming the
outbox (`payload.OutboxReader`); at most two batches wait in each queue, so memory stays flat. A batch keeps its Idempotency-Key and exact body across retries; a row is marked sent only for an
item the reply lists as accepted or duplicate, parked (with the server's code and Vietnamese reason)
for a rejected item, and left pending otherwise; a change sent in the run and still unanswered at its end
makes the run incomplete (exit 2, no "last success"). Transient failures are retried with exponential
backoff and full jitter, or after the server's Retry-After but never sooner than the backoff; fatal ones
stop the run. A catalogue pulled from the province that cannot be imported is logged, never fatal.
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from queue import Empty, Queue
from typing import Any

from app.errors import MotCuaError, ValidationError
from app.models.pg_raw import session_raw
from app.services import catalogue, issued_codes, outbox
from app.services.desk import Desk
from app.sync import config as sync_config
from app.sync import connectors, files_push, protocol, state
from app.sync.client import SyncFatal, SyncUnavailable
from app.sync.config import SyncConfig
from app.sync.connectors import Connector, Limits, Origin, PreparedBatch
from app.sync.lease import Lease
from app.sync.payload import Invalid, OutboxReader, WireItem
from app.sync.protocol import ACCEPTED, DUPLICATE
from app.sync.run_types import RunOptions, RunSummary
from app.sync.updates import apply_update

log = logging.getLogger(__name__)

__all__ = ["RunOptions", "RunSummary", "Runner"]

# Positional SQL run on the session's own DB-API connection (inside its transaction; app.models.pg_raw on a
# centre's PostgreSQL): replies are recorded for hundreds of thousands of rows, and SQLAlchemy's per-row
# parameter handling would dominate.
_SENT = ("UPDATE outbox SET state = 'sent', sent_at = ?, result = ?, attempts = attempts + ?, "
         "error_code = '', error_message = '' WHERE id = ? AND state = 'pending'")
_PARKED = ("UPDATE outbox SET state = 'parked', result = 'rejected', attempts = attempts + ?, "
           "error_code = ?, error_message = ? WHERE id = ? AND state = 'pending'")
_TRIED = "UPDATE outbox SET attempts = attempts + ? WHERE id = ? AND state = 'pending'"


class _Stopped(Exception):
    pass


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
        self._started = 0.0
        self._lease_lost = threading.Event()
        self._unanswered: set[int] = set()  # outbox ids sent in this run that no reply has answered yet

    # --- the run ----------------------------------------------------------------------------------
    def run(self) -> RunSummary:
        self._started = time.monotonic()
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
            heartbeat = threading.Thread(target=self._heartbeat, daemon=True, name="sync-lease-heartbeat")
            heartbeat.start()
            client = connectors.create(self.config, self.options, self._hard_end,
                                       Origin(self.desk.agency.code, self.desk.device.uuid, self.desk.now))
            health = self._call(client.open)
            while True:
                progressed = self._push_pass(client, health)
                applied = self._pull(client) if self.options.pull else 0
                pending = state.counts(self.desk).pending
                if applied and not self.options.until_empty:
                    self._push_pass(client, health)  # send back the events the updates just created
                if not self.options.until_empty or pending == 0:
                    break
                if self._past_deadline():
                    raise SyncUnavailable(f"Hết thời gian cho phép của lượt đồng bộ mà vẫn còn {pending} mục "
                                          "chờ gửi; lượt sau sẽ gửi tiếp.")
                if not progressed:
                    self._wait(None, 1)
            if self.options.files:
                self._push_files()
            s.unanswered = len(self._unanswered)
            if not s.unanswered:  # a success only when everything sent in this run was answered
                state.put(self.desk, {state.LAST_SUCCESS: self.desk.now().isoformat(sep=" "), state.LAST_ERROR: ""})
                # Acknowledged rows older than the retention period leave the queue (once a day).
                outbox.prune_acknowledged(self.desk)
        except SyncFatal as exc:
            s.fatal, s.error = True, exc.message
        except SyncUnavailable as exc:
            s.unreachable, s.error = True, exc.message
        except _Stopped:
            s.error = "Đã dừng đồng bộ theo yêu cầu; phần còn lại sẽ gửi ở lượt sau."
        finally:
            self._lease_lost.set()  # also stops the heartbeat, which must not renew after the release
            if heartbeat is not None:
                heartbeat.join()
            if client is not None:
                client.close()
            self.lease.release()
            s.unanswered = len(self._unanswered)
            s.seconds = round(time.monotonic() - self._started, 2)
            if not s.busy:
                self._finish()
        return s

    def _push_files(self) -> None:
        """The attached files whose records are acknowledged (files_push): bounded per run, one chunk in
        memory; a file that fails is reported and never touches the records' state."""
        o, c = self.options, self.config
        report = files_push.push_after_records(self.desk, c.url, c.token, c.ca_bundle, connect_timeout=o.connect_timeout,
                                               read_timeout=o.read_timeout, call_seconds=o.call_seconds,
                                               deadline=self._hard_end)
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

    # --- push -------------------------------------------------------------------------------------
    def _push_pass(self, client: Connector, health: Limits) -> bool:
        """One pass over the pending outbox. Three threads: this one talks to the server, a builder reads
        and encodes the next batches, an applier records the replies; each queue holds at most two batches."""
        total = state.counts(self.desk).pending
        self.progress(0, total)
        stop = threading.Event()
        built: Queue[Any] = Queue(maxsize=2)
        replies: Queue[Any] = Queue(maxsize=2)
        applier_error: list[BaseException] = []
        self._done, self._total, self._progressed = 0, total, False
        builder = threading.Thread(target=self._produce, args=(client, health, built, stop), daemon=True,
                                   name="sync-batch-builder")
        applier = threading.Thread(target=self._apply_loop, args=(replies, applier_error), daemon=True,
                                   name="sync-reply-applier")
        builder.start()
        applier.start()
        try:
            while not applier_error:
                self._check_stop()
                got = built.get()
                if isinstance(got, BaseException):
                    raise got
                if got is None:
                    break
                self._send(client, *got, replies)  # type: ignore[call-arg]
        finally:
            stop.set()
            while builder.is_alive():  # unblock a builder waiting on a full queue
                with contextlib.suppress(Empty):
                    built.get_nowait()
                builder.join(0.05)
            replies.put(None)  # the applier records every reply received before it stops
            applier.join()
        if applier_error:
            raise applier_error[0]
        return self._progressed

    def _apply_loop(self, replies: Queue[Any], errors: list[BaseException]) -> None:
        while (got := replies.get()) is not None:
            if errors:
                continue
            batch, results, tries = got
            try:
                self._apply(batch, results, tries)
            except BaseException as exc:  # raised again on the sending thread
                errors.append(exc)
                continue
            self._progressed |= bool(results)
            self._done += sum(i.changes for i in batch)
            self.progress(min(self._done, self._total), self._total)

    def _produce(self, client: Connector, health: Limits, queue: Queue[Any], stop: threading.Event) -> None:
        """Build (and encode) the next batches on a second thread while the current one is on the wire."""
        try:
            for batch in self._batches(health):
                if stop.is_set():
                    return
                queue.put((client.prepare(str(uuid.uuid4()), batch), batch))
            queue.put(None)
        except BaseException as exc:  # handed to the sending thread, which raises it
            queue.put(exc)

    def _batches(self, health: Limits) -> Iterator[list[WireItem]]:
        max_items = max(1, min(self.options.max_items, health.max_items))
        max_bytes = max(1024, min(self.options.max_bytes, health.max_bytes))
        batch: list[WireItem] = []
        size, changes = 256, 0
        for item in OutboxReader(self.desk, chunk=max_items, on_invalid=self._invalid):
            if batch and (changes + item.changes > max_items or size + len(item.body) + 1 > max_bytes):
                yield batch
                batch, size, changes = [], 256, 0
            batch.append(item)
            size += len(item.body) + 1
            changes += item.changes
        if batch:
            yield batch

    def _invalid(self, bad: Invalid) -> None:
        self.summary.invalid += len(bad.outbox_ids)
        log.warning("dossier %d: record not valid, %d changes parked here: %s %s", bad.dossier_id,
                    len(bad.outbox_ids), bad.code, bad.message)

    def _send(self, client: Connector, prepared: PreparedBatch, batch: list[WireItem], replies: Queue[Any]) -> None:
        sent_ids, batch_id = prepared.event_ids, prepared.batch_id
        tries = 0

        def push() -> dict[str, protocol.ItemResult]:
            nonlocal tries
            tries += 1
            return client.send(prepared)

        started = time.monotonic()
        try:
            results = self._call(push)
        except BaseException:
            self._record_tries(batch, tries)
            raise
        replies.put((batch, results, tries))
        self.summary.batches += 1
        counts = {k: sum(1 for r in results.values() if r.result == k) for k in protocol.RESULTS}
        log.info("batch %s: %d changes, %d accepted, %d duplicate, %d rejected, %d unanswered, %d tries, %.0f ms",
                 batch_id, len(sent_ids), counts[ACCEPTED], counts[DUPLICATE], counts[protocol.REJECTED],
                 len(sent_ids) - len(results), tries, (time.monotonic() - started) * 1000)
        self._keep_lease()

    def _apply(self, batch: list[WireItem], results: dict[str, protocol.ItemResult], tries: int) -> None:
        at = self.desk.now().strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's DateTime text on SQLite
        sent, parked, unanswered = [], [], []
        duplicates, acknowledged = 0, set()
        for item in batch:
            for outbox_id, event_id in zip(item.outbox_ids, item.event_ids, strict=True):
                r = results.get(event_id)
                if r is None:
                    unanswered.append((tries, outbox_id))
                    self._unanswered.add(outbox_id)
                    continue
                self._unanswered.discard(outbox_id)
                if r.result in (ACCEPTED, DUPLICATE):
                    sent.append((at, r.result, tries, outbox_id))
                    acknowledged.add(item.dossier_id)
                    duplicates += r.result == DUPLICATE
                else:
                    parked.append((tries, r.code, protocol.reason_text(r.code, r.message), outbox_id))
                    log.warning("change %s (outbox %d) rejected: %s %s", event_id, outbox_id, r.code, r.message)
        with self.desk.db.write() as s:
            raw = session_raw(s)
            for sql, params in ((_SENT, sent), (_PARKED, parked), (_TRIED, unanswered)):
                if params:
                    raw.executemany(sql, params)
        issued_codes.record_acknowledged_dossiers(self.desk, acknowledged)  # outside the DB, for restore
        s_ = self.summary
        s_.accepted += len(sent) - duplicates
        s_.duplicate += duplicates
        s_.rejected += len(parked)

    def _record_tries(self, batch: list[WireItem], tries: int) -> None:
        if not tries:
            return
        self._unanswered.update(o for i in batch for o in i.outbox_ids)
        try:
            with self.desk.db.write() as s:
                session_raw(s).executemany(
                    _TRIED, [(tries, o) for i in batch for o in i.outbox_ids])
        except MotCuaError:
            pass

    # --- pull -------------------------------------------------------------------------------------
    def _pull(self, client: Connector) -> int:
        cursor = state.get(self.desk, state.UPDATES_CURSOR)
        applied = 0
        while True:
            self._check_stop()
            page = self._call(lambda c=cursor: client.updates(c))  # type: ignore[misc]
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
        except (SyncFatal, _Stopped):
            raise
        except Exception as exc:
            log.warning("catalogue from the province not imported: %s: %s", type(exc).__name__,
                        getattr(exc, "message", None) or exc)
        return applied

    def _pull_catalogue(self, client: Connector) -> None:
        since = state.get(self.desk, state.CATALOGUE_REVISION)
        revision, procedures = self._call(lambda: client.catalogue(since))
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

    # --- retries, waiting, lease ------------------------------------------------------------------
    def _call(self, fn: Callable[[], Any]) -> Any:
        failures = 0
        while True:
            self._check_stop()
            try:
                return fn()
            except SyncUnavailable as exc:
                failures += 1
                self.summary.retries += 1
                limit = self.options.max_failures
                if (limit is not None and failures >= limit) or self._past_deadline():
                    raise
                log.info("transient failure %d: %s", failures, exc.message)
                self._wait(exc.retry_after, failures)

    def _wait(self, retry_after: float | None, failures: int) -> None:
        o = self.options
        ceiling = min(o.backoff_cap, o.backoff_base * 2 ** failures)
        if retry_after is not None:  # what the server asks, but never sooner than our own backoff
            delay = max(retry_after, ceiling)
        else:  # full jitter: anywhere between 0 and the exponential ceiling
            delay = self.rng.uniform(0, ceiling)
        end = time.monotonic() + min(delay, o.max_wait)
        if end > self._started + o.deadline_seconds:
            raise SyncUnavailable("Hết thời gian cho phép của lượt đồng bộ; phần còn lại sẽ gửi ở lượt sau.")
        while (left := end - time.monotonic()) > 0:  # the heartbeat keeps the lease while we wait
            self._check_stop()
            self._keep_lease()
            time.sleep(min(left, 0.2))
        self._keep_lease()

    # The lease: renewed every third of its length by a heartbeat thread while the run is alive. The
    # run's hard end is the earlier of its deadline and the lease's expiry (less a margin): no call or
    # wait goes past it, so the run never outlives its lease even when renewing fails.
    def _heartbeat(self) -> None:
        period = max(0.05, self.options.lease_seconds / 3)
        while not self._lease_lost.wait(period):
            try:
                renewed = self.lease.renew()
            except MotCuaError as exc:
                log.warning("lease not renewed (will retry): %s", exc.message)
                continue
            except Exception as exc:
                log.warning("lease not renewed (will retry): %s", exc)
                continue
            if not renewed:
                log.warning("lease taken by another runner; this run stops")
                self._lease_lost.set()

    def _hard_end(self) -> float:
        """The `time.monotonic()` instant past which nothing may run: the run's deadline or, sooner, the
        lease's expiry less a margin (an instant already past when the lease is not held)."""
        margin = min(1.0, self.options.lease_seconds / 10)
        return min(self._started + self.options.deadline_seconds,
                   time.monotonic() + self.lease.seconds_left() - margin)

    def _keep_lease(self) -> None:
        if self._lease_lost.is_set() or not self.lease.held:
            raise SyncUnavailable("Một lượt đồng bộ khác đã nhận phần việc (hoặc không gia hạn được khóa đồng bộ); "
                                  "lượt này dừng lại.")

    def _past_deadline(self) -> bool:
        return time.monotonic() >= self._hard_end()

    def _check_stop(self) -> None:
        if self.should_stop():
            raise _Stopped()
