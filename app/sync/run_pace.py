"""Pacing a sync run: retries, waits, its deadline, its lease and a stop asked by the caller.

A call that fails for a transient reason (`SyncUnavailable`) is retried with exponential backoff and full
jitter, or after the server's Retry-After but never sooner than the backoff, until `max_failures` or the
deadline; fatal failures pass through. The run holds the database's sync lease, renewed every third of its
length by a heartbeat thread while the run is alive; the run's hard end is the earlier of its deadline
(`--max-minutes`) and the lease's expiry less a margin, and no call or wait goes past it, so a run never
outlives its lease even when renewing fails. Used by the runner and its push (app.sync.push_outbox), on
the run's thread except for `heartbeat`, which runs on its own.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Any

from app.errors import MotCuaError
from app.sync.client import SyncUnavailable
from app.sync.lease import Lease
from app.sync.run_types import RunOptions, RunSummary

log = logging.getLogger(__name__)


class Stopped(Exception):
    """The caller asked the run to stop (`should_stop`)."""


class Pace:
    def __init__(self, options: RunOptions, lease: Lease, summary: RunSummary, rng: random.Random,
                 should_stop: Callable[[], bool]):
        self.options = options
        self.lease = lease
        self.summary = summary
        self.rng = rng
        self.should_stop = should_stop
        self.started = 0.0
        self.lease_lost = threading.Event()

    def start(self) -> None:
        self.started = time.monotonic()

    def call(self, fn: Callable[[], Any]) -> Any:
        failures = 0
        while True:
            self.check_stop()
            try:
                return fn()
            except SyncUnavailable as exc:
                failures += 1
                self.summary.retries += 1
                limit = self.options.max_failures
                if (limit is not None and failures >= limit) or self.past_deadline():
                    raise
                log.info("transient failure %d: %s", failures, exc.message)
                self.wait(exc.retry_after, failures)

    def wait(self, retry_after: float | None, failures: int) -> None:
        o = self.options
        ceiling = min(o.backoff_cap, o.backoff_base * 2 ** failures)
        if retry_after is not None:  # what the server asks, but never sooner than our own backoff
            delay = max(retry_after, ceiling)
        else:  # full jitter: anywhere between 0 and the exponential ceiling
            delay = self.rng.uniform(0, ceiling)
        end = time.monotonic() + min(delay, o.max_wait)
        if end > self.started + o.deadline_seconds:
            raise SyncUnavailable("Hết thời gian cho phép của lượt đồng bộ; phần còn lại sẽ gửi ở lượt sau.")
        while (left := end - time.monotonic()) > 0:  # the heartbeat keeps the lease while we wait
            self.check_stop()
            self.keep_lease()
            time.sleep(min(left, 0.2))
        self.keep_lease()

    # The lease: renewed every third of its length by a heartbeat thread while the run is alive. The
    # run's hard end is the earlier of its deadline and the lease's expiry (less a margin): no call or
    # wait goes past it, so the run never outlives its lease even when renewing fails.
    def heartbeat(self) -> None:
        period = max(0.05, self.options.lease_seconds / 3)
        while not self.lease_lost.wait(period):
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
                self.lease_lost.set()

    def hard_end(self) -> float:
        """The `time.monotonic()` instant past which nothing may run: the run's deadline or, sooner, the
        lease's expiry less a margin (an instant already past when the lease is not held)."""
        margin = min(1.0, self.options.lease_seconds / 10)
        return min(self.started + self.options.deadline_seconds,
                   time.monotonic() + self.lease.seconds_left() - margin)

    def keep_lease(self) -> None:
        if self.lease_lost.is_set() or not self.lease.held:
            raise SyncUnavailable("Một lượt đồng bộ khác đã nhận phần việc (hoặc không gia hạn được khóa đồng bộ); "
                                  "lượt này dừng lại.")

    def past_deadline(self) -> bool:
        return time.monotonic() >= self.hard_end()

    def check_stop(self) -> None:
        if self.should_stop():
            raise Stopped()
