"""The connector boundary: the one interface between the runner and an upstream system.

A connector turns batches of outbox items (`WireItem`, each one national dossier record) into requests
for one provincial system (its endpoint, authentication and batch shape) and its replies into per-item
results; it also pulls decisions taken upstream and the catalogue. The runner knows only `Connector`.
Our batch protocol `motcua-sync/1` is the first implementation (`batch.BatchConnector`); a province
whose system expects another envelope is one new module registered in `CONNECTORS` and the setting
`sync_connector`, not a rewrite of the runner.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.sync.client import SyncFatal
from app.sync.config import SyncConfig
from app.sync.payload import WireItem
from app.sync.protocol import ItemResult, UpdatesPage
from app.sync.run_types import RunOptions


@dataclass(frozen=True)
class Origin:
    """Who sends: the agency code, this device's id and the desk's clock."""

    agency: str
    device: str
    now: Callable[[], dt.datetime]


@dataclass(frozen=True)
class Limits:
    """What the upstream system accepts per batch."""

    max_items: int
    max_bytes: int


@dataclass(frozen=True)
class PreparedBatch:
    """One batch ready to go: built (and compressed) on the runner's builder thread, sent unchanged on every
    retry. `body` is whatever the connector needs to send it again."""

    batch_id: str
    event_ids: frozenset[str]
    body: Any


class Connector(ABC):
    """What the runner may ask of an upstream system. Transient failures raise `SyncUnavailable`, ones a
    person must fix raise `SyncFatal`; a reply that is not the system's protocol marks nothing."""

    name: str

    @abstractmethod
    def open(self) -> Limits:
        """Reach the system (health, authentication); its batch limits."""

    @abstractmethod
    def prepare(self, batch_id: str, items: list[WireItem]) -> PreparedBatch:
        """Encode one batch (called on the builder thread, never twice for the same batch)."""

    @abstractmethod
    def send(self, batch: PreparedBatch) -> dict[str, ItemResult]:
        """Send one prepared batch; results keyed by event id (an event not listed stays unknown)."""

    @abstractmethod
    def updates(self, cursor: str) -> UpdatesPage:
        """Decisions taken upstream after `cursor`."""

    @abstractmethod
    def catalogue(self, since: str) -> tuple[str, list[dict[str, Any]]]:
        """(revision, procedures) newer than `since`; no procedures when it is current."""

    @abstractmethod
    def close(self) -> None:
        ...


Factory = Callable[[SyncConfig, RunOptions, Callable[[], float], Origin], Connector]


def _batch(config: SyncConfig, options: RunOptions, deadline: Callable[[], float], origin: Origin) -> Connector:
    from app.sync.connectors.batch import BatchConnector

    return BatchConnector(config, options, deadline, origin)


#: Registered connectors by the value of the setting `sync_connector`.
CONNECTORS: dict[str, Factory] = {"motcua-sync/1": _batch}
DEFAULT = "motcua-sync/1"


def create(config: SyncConfig, options: RunOptions, deadline: Callable[[], float], origin: Origin) -> Connector:
    """The connector the setting names; `deadline()` is the latest monotonic instant a call may run to."""
    factory = CONNECTORS.get(config.connector or DEFAULT)
    if factory is None:
        raise SyncFatal(f"Không có bộ kết nối «{config.connector}» cho hệ thống của tỉnh; các bộ có sẵn: "
                        f"{', '.join(CONNECTORS)}. Hãy sửa thiết lập sync_connector.")
    return factory(config, options, deadline, origin)
