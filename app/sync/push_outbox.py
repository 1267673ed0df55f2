"""Pushing the outbox to the province in idempotent batches, one pass over the pending changes.

Three threads during a pass: the run's thread talks to the server, a builder reads and encodes the next
batches while the current one is on the wire, an applier records the replies. Batches are bounded by
change count and bytes and built while streaming the outbox (`payload.OutboxReader`); at most two batches
wait in each queue, so memory stays flat. A batch keeps its Idempotency-Key and exact body across retries
(the run's Pace retries it); a row is marked sent only for an item the reply lists as accepted or
duplicate, parked (with the server's code and Vietnamese reason) for a rejected item, and left pending
otherwise, its attempts counted; `unanswered` keeps the changes sent in the run that no reply answered.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from queue import Empty, Queue
from typing import Any

from app.errors import MotCuaError
from app.models.pg_raw import session_raw
from app.services import issued_codes
from app.services.desk import Desk
from app.sync import protocol, state
from app.sync.connectors import Connector, Limits, PreparedBatch
from app.sync.payload import Invalid, OutboxReader, WireItem
from app.sync.protocol import ACCEPTED, DUPLICATE
from app.sync.run_pace import Pace
from app.sync.run_types import RunOptions, RunSummary

log = logging.getLogger(__name__)

# Positional SQL run on the session's own DB-API connection (inside its transaction; app.models.pg_raw on a
# centre's PostgreSQL): replies are recorded for hundreds of thousands of rows, and SQLAlchemy's per-row
# parameter handling would dominate.
_SENT = ("UPDATE outbox SET state = 'sent', sent_at = ?, result = ?, attempts = attempts + ?, "
         "error_code = '', error_message = '' WHERE id = ? AND state = 'pending'")
_PARKED = ("UPDATE outbox SET state = 'parked', result = 'rejected', attempts = attempts + ?, "
           "error_code = ?, error_message = ? WHERE id = ? AND state = 'pending'")
_TRIED = "UPDATE outbox SET attempts = attempts + ? WHERE id = ? AND state = 'pending'"


class OutboxPush:
    def __init__(self, desk: Desk, options: RunOptions, summary: RunSummary, pace: Pace,
                 progress: Callable[[int, int], None]):
        self.desk = desk
        self.options = options
        self.summary = summary
        self.pace = pace
        self.progress = progress
        self.unanswered: set[int] = set()  # outbox ids sent in this run that no reply has answered yet
        self._done, self._total, self._progressed = 0, 0, False

    def push_pass(self, client: Connector, health: Limits) -> bool:
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
                self.pace.check_stop()
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
            results = self.pace.call(push)
        except BaseException:
            self._record_tries(batch, tries)
            raise
        replies.put((batch, results, tries))
        self.summary.batches += 1
        counts = {k: sum(1 for r in results.values() if r.result == k) for k in protocol.RESULTS}
        log.info("batch %s: %d changes, %d accepted, %d duplicate, %d rejected, %d unanswered, %d tries, %.0f ms",
                 batch_id, len(sent_ids), counts[ACCEPTED], counts[DUPLICATE], counts[protocol.REJECTED],
                 len(sent_ids) - len(results), tries, (time.monotonic() - started) * 1000)
        self.pace.keep_lease()

    def _apply(self, batch: list[WireItem], results: dict[str, protocol.ItemResult], tries: int) -> None:
        at = self.desk.now().strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's DateTime text on SQLite
        sent, parked, unanswered = [], [], []
        duplicates, acknowledged = 0, set()
        for item in batch:
            for outbox_id, event_id in zip(item.outbox_ids, item.event_ids, strict=True):
                r = results.get(event_id)
                if r is None:
                    unanswered.append((tries, outbox_id))
                    self.unanswered.add(outbox_id)
                    continue
                self.unanswered.discard(outbox_id)
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
        self.unanswered.update(o for i in batch for o in i.outbox_ids)
        try:
            with self.desk.db.write() as s:
                session_raw(s).executemany(
                    _TRIED, [(tries, o) for i in batch for o in i.outbox_ids])
        except MotCuaError:
            pass
