"""The first connector: our batch protocol `motcua-sync/1` (docs/sync-protocol.md) over the HTTP client.

A batch is one JSON envelope (protocol, batch id, agency, device, time) around the items, gzip-compressed
when the server's health says it accepts it, posted with the batch id as Idempotency-Key. A small batch
(the change or two a desk sends as it works, over a slow rural link) is compressed hard; a backlog's
large batches at level 1, which keeps the builder thread ahead of the network.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from typing import Any

from app.sync import protocol
from app.sync.client import SyncClient, not_protocol
from app.sync.config import SyncConfig
from app.sync.connectors import Connector, Limits, Origin, PreparedBatch
from app.sync.payload import WireItem
from app.sync.protocol import ItemResult, ProtocolMismatch, UpdatesPage
from app.sync.run_types import RunOptions

SMALL_BATCH = 64 * 1024


def envelope(batch_id: str, items: list[WireItem], *, agency: str, device: str, sent_at: str) -> bytes:
    """The batch body: the envelope's fields, then the already-encoded items."""
    head = json.dumps({"protocol": protocol.PROTOCOL, "batch_id": batch_id, "agency_code": agency,
                       "device_id": device, "sent_at": sent_at}, ensure_ascii=False)
    return head[:-1].encode("utf-8") + b',"items":[' + b",".join(i.body for i in items) + b"]}"


class BatchConnector(Connector):
    name = protocol.PROTOCOL

    def __init__(self, config: SyncConfig, options: RunOptions, deadline: Callable[[], float], origin: Origin):
        self.client = SyncClient(config.url, config.token, ca_bundle=config.ca_bundle,
                                 connect_timeout=options.connect_timeout, read_timeout=options.read_timeout,
                                 call_seconds=options.call_seconds, deadline=deadline, max_items=options.max_items)
        self.origin = origin
        self.gzip = False

    def open(self) -> Limits:
        health = self.client.health()
        self.gzip = health.gzip
        return Limits(health.max_items, health.max_bytes)

    def prepare(self, batch_id: str, items: list[WireItem]) -> PreparedBatch:
        o = self.origin
        body = envelope(batch_id, items, agency=o.agency, device=o.device, sent_at=protocol.stamp(o.now()))
        if self.gzip:
            body = gzip.compress(body, compresslevel=9 if len(body) < SMALL_BATCH else 1)
        return PreparedBatch(batch_id, frozenset(e for i in items for e in i.event_ids), (body, self.gzip))

    def send(self, batch: PreparedBatch) -> dict[str, ItemResult]:
        body, gzipped = batch.body
        reply = self.client.push(batch.batch_id, body, gzipped=gzipped)
        try:
            return protocol.parse_batch_reply(reply, batch.batch_id, set(batch.event_ids))
        except ProtocolMismatch as exc:
            raise not_protocol(str(exc)) from None

    def updates(self, cursor: str) -> UpdatesPage:
        return self.client.updates(cursor)

    def catalogue(self, since: str) -> tuple[str, list[dict[str, Any]]]:
        return self.client.catalogue(since)

    def close(self) -> None:
        self.client.close()
