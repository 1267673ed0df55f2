"""The connector boundary: a province whose system takes one dossier per request, at its own address,
with its own authentication header, is one new connector registered under a name and the setting
`sync_connector`; the runner is unchanged. Real runner, real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
import requests

from app.errors import ValidationError
from app.sync import connectors
from app.sync.client import SyncUnavailable
from app.sync.config import SyncConfig
from app.sync.connectors import Connector, Limits, Origin, PreparedBatch
from app.sync.payload import WireItem
from app.sync.protocol import ACCEPTED, ItemResult, UpdatesPage
from app.sync.run_types import RunOptions
from app.sync.runner import Runner
from app.sync.service import SyncService
from app.sync.tokens import TokenStore
from tests.sync.conftest import fast_options, load_backlog, outbox
from tests.sync.hostile import Hostile, send_json


class OneByOne(Connector):
    """A made-up provincial API: POST /hoso/dongbo, one national HoSo per request, an `X-Api-Key` header,
    the reply {"error_code": "0"} per dossier."""

    name = "tinh-x/1"

    def __init__(self, config: SyncConfig, options: RunOptions, deadline: Callable[[], float], origin: Origin):
        self.url, self.key = config.url, config.token
        self.session = requests.Session()

    def open(self) -> Limits:
        return Limits(max_items=50, max_bytes=1_000_000)

    def prepare(self, batch_id: str, items: list[WireItem]) -> PreparedBatch:
        return PreparedBatch(batch_id, frozenset(e for i in items for e in i.event_ids),
                             [(json.loads(i.body), i.event_ids) for i in items])

    def send(self, batch: PreparedBatch) -> dict[str, ItemResult]:
        out = {}
        for record, event_ids in batch.body:
            try:
                r = self.session.post(self.url + "/hoso/dongbo", json={"HoSo": record["HoSo"]},
                                      headers={"X-Api-Key": self.key}, timeout=5)
            except requests.RequestException:
                raise SyncUnavailable("không tới được hệ thống tỉnh X") from None
            if r.status_code == 200 and r.json().get("error_code") == "0":
                out.update({e: ItemResult(e, ACCEPTED) for e in event_ids})
        return out

    def updates(self, cursor: str) -> UpdatesPage:
        return UpdatesPage(next_cursor=cursor)

    def catalogue(self, since: str) -> tuple[str, list[dict]]:
        return since, []

    def close(self) -> None:
        self.session.close()


@pytest.fixture
def province_x(monkeypatch):
    monkeypatch.setitem(connectors.CONNECTORS, OneByOne.name, OneByOne)
    got: list[dict] = []

    def behave(h, call):  # type: ignore[no-untyped-def]
        assert call.path == "/hoso/dongbo" and call.headers.get("X-Api-Key") == "khoa-tinh-x"
        got.append(json.loads(call.body)["HoSo"])
        send_json(h, {"error_code": "0", "message": "Thành công"})

    server = Hostile(behave)
    yield server, got
    server.stop()


def test_a_province_with_another_api_is_one_connector_and_a_setting(desk, province_x):
    server, got = province_x
    load_backlog(desk, 12)
    config = SyncConfig(server.url, "", "khoa-tinh-x", 60, connector="tinh-x/1")
    summary = Runner(desk, config, fast_options(until_empty=False)).run()
    assert summary.exit_code == 0, summary.line()
    assert len(got) == len({h["MaHoSo"] for h in got}) == 12  # one request per dossier, each the national HoSo
    assert all(h["TrangThaiHoSo"] in {str(n) for n in range(1, 11)} for h in got)
    assert {r[0] for r in outbox(desk).values()} == {"sent"}


def test_an_unknown_connector_stops_the_run_with_a_clear_message(desk):
    load_backlog(desk, 2)
    summary = Runner(desk, SyncConfig("http://127.0.0.1:9", "", "t", 60, connector="khong-co/9"),
                     fast_options(until_empty=False)).run()
    assert summary.fatal and "khong-co/9" in summary.error and "sync_connector" in summary.error


def test_the_setting_chooses_the_connector(desk, admin, province_x):
    server, got = province_x
    load_backlog(desk, 5)
    service = SyncService(desk, TokenStore(desk.paths, "file"))
    with pytest.raises(ValidationError) as refused:
        service.configure(admin, url=server.url, token="khoa-tinh-x", connector="khong-co/9")
    assert "khong-co/9" in refused.value.fields["connector"]
    cfg = service.configure(admin, url=server.url, token="khoa-tinh-x", connector="tinh-x/1")
    assert cfg.connector == "tinh-x/1"
    summary = service.run(options=fast_options(until_empty=False))
    assert summary.exit_code == 0 and len(got) == 5
