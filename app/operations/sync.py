"""Sync control: configure the provincial endpoint, read the queue's state, run a sync (the command line's
`motcua sync` and the app's background cycle), retry a corrected dossier, export the log for IT.

The sync itself lives in app/sync; these operations are what a person (or the app's timer) asks of it.
`cycle` is the app's one background step: probe, then send what is waiting; it returns a `SyncSnapshot`
the status bar and the Sync page show. Any thread (no Qt)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.operations.base import Changes, OpContext
from app.sync.checking import ValidationReport, validate_records
from app.sync.config import SyncConfig
from app.sync.lease import LeaseInfo
from app.sync.runner import RunOptions, RunSummary
from app.sync.service import Probe, SyncRow, SyncService
from app.sync.state import OutboxCounts

#: What the status bar shows.
OFFLINE, SENDING, ALL_SENT, ATTENTION = "offline", "sending", "all_sent", "attention"


@dataclass(frozen=True)
class SyncSnapshot:
    mode: str  # offline | sending | all_sent | attention
    pending: int = 0
    parked: int = 0  # dossiers with rejected changes
    done: int = 0
    total: int = 0
    last_success: dt.datetime | None = None
    configured: bool = True
    message: str = ""


@dataclass(frozen=True)
class Cycled:
    """One background step: what to show, and the run's summary when something was sent."""

    snapshot: SyncSnapshot
    summary: RunSummary | None

    @property
    def changes(self) -> tuple[Changes, ...]:
        return changes_of(self.summary)


def changes_of(summary: RunSummary | None) -> tuple[Changes, ...]:
    """What a run changed: the queue, and dossiers when the province's decisions were applied."""
    if summary is None:
        return ()
    if summary.updates_applied:
        return (Changes.of("sync"), Changes.of("dossier"))
    return (Changes.of("sync"),)


def service(ctx: OpContext) -> SyncService:
    return SyncService(ctx.desk)


def cycle(svc: SyncService, *, force: bool, progress: Callable[[int, int], None] | None = None,
          should_stop: Callable[[], bool] | None = None) -> Cycled:
    """Probe the province; if it answers and something is waiting (or `force`), send it."""
    probe = svc.probe()
    counts = svc.counts()
    if not probe.ok:
        return Cycled(SyncSnapshot(ATTENTION if probe.fatal else OFFLINE, counts.pending, counts.parked_dossiers, 0, 0,
                                   counts.last_success, probe.configured, probe.message), None)
    summary = None
    if counts.pending or force:
        if progress is not None:
            progress(0, counts.pending)
        summary = svc.run(progress=progress, should_stop=should_stop)
        counts = svc.counts()
    mode = ATTENTION if counts.parked else ALL_SENT if not counts.pending else SENDING
    message = summary.error if summary and summary.error else ""
    if summary and (summary.unreachable or summary.busy):
        mode = OFFLINE
    if summary and summary.fatal:
        mode = ATTENTION
    return Cycled(SyncSnapshot(mode, counts.pending, counts.parked_dossiers, 0, 0, counts.last_success, True,
                               message), summary)


def run(ctx: OpContext, *, until_empty: bool = False, options: RunOptions | None = None) -> RunSummary:
    """`motcua sync`: may run as the OS account (the nightly task)."""
    return service(ctx).run(until_empty=until_empty, options=options)


@dataclass
class Configured:
    config: SyncConfig
    token_where: str | None  # where the token is kept, when one was given
    probe: Probe
    changes: Changes


def configure(ctx: OpContext, url: str, ca_bundle: str | None = None, token: str | None = None, *,
              connector: str | None = None, svc: SyncService | None = None) -> Configured:
    """Store the endpoint (and the token, outside the database), then probe it."""
    ctx.require_account("sync.configure")
    svc = svc or service(ctx)
    cfg = svc.configure(ctx.actor, url=url, ca_bundle=ca_bundle, token=token, connector=connector)
    keys = ("sync_url", "sync_ca_bundle") + (("sync_connector",) if connector else ())
    return Configured(cfg, svc.tokens.where() if token is not None else None, svc.probe(),
                      Changes.of("settings", *keys))


@dataclass
class SyncStatus:
    config: SyncConfig
    counts: OutboxCounts
    lease: LeaseInfo | None  # a run in progress (or a lease left behind), None when nobody holds it

    def to_json(self) -> dict[str, Any]:
        c, lease = self.counts, self.lease
        return {"url": self.config.url, "token_configured": bool(self.config.token), "pending": c.pending,
                "sent": c.sent, "parked": c.parked,
                "last_success": c.last_success.isoformat() if c.last_success else None,
                "last_error": c.last_error,
                "lease": {"holder": lease.holder, "host": lease.host, "pid": lease.pid,
                          "seconds_left": round(lease.seconds_left), "ignored": not lease.believed}
                if lease else None}


def status(ctx: OpContext) -> SyncStatus:
    svc = service(ctx)
    return SyncStatus(svc.config(), svc.counts(with_sent=True), svc.lease())


def validate(ctx: OpContext, code: str | None = None, *, limit: int = 100) -> ValidationReport:
    """`motcua sync validate [CODE]`: one dossier's record, or every record waiting to be sent, checked
    against the national record's schema. A read: nothing is sent or changed."""
    return validate_records(ctx.desk, code, limit=limit)


def read_config(svc: SyncService) -> SyncConfig:
    """The endpoint as stored (the token itself stays where it is kept)."""
    return svc.config()


def probe(svc: SyncService, config: SyncConfig | None = None) -> Probe:
    """Does the province answer? (a short health request; never sends anything). `config`: the values
    typed in the configuration dialog, before they are saved."""
    return svc.probe(config=config)


def rows(svc: SyncService, state: str, before_id: int | None = None) -> list[SyncRow]:
    return svc.rows(state, before_id=before_id)


def retry(ctx: OpContext, svc: SyncService, dossier_id: int) -> Changes:
    """Put a corrected dossier's rejected changes back in the queue."""
    ctx.require_account()  # any desk account: the dossier was corrected by whoever retries it
    svc.retry_dossier(dossier_id, ctx.actor)
    return Changes.of("sync", dossier_id)


def export_log(svc: SyncService, dest: Path, force: bool = False) -> Path:
    return svc.export_log(dest, force=force)
