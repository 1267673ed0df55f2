"""Bytes on the wire: a typical dossier's first push and one status change, plain and gzip-compressed.

`python -m bench.wire_bytes [--json]`. A birth registration received at the counter (two components,
an applicant with a 12-digit ID, a summary) is pushed as the runner would push it: one batch (envelope
and the national record item) prepared by the batch connector, compressed as it compresses a small
batch. A status change is the next batch of that dossier (its current record and one progress
entry). Rural links are slow: the target is at most 1 KB per change, compressed. Plain sizes are of
the ASCII JSON the desk sends (\\u escapes for Vietnamese letters), which gzip shrinks well.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from app.paths import AppPaths
from app.services import intake, workflow
from app.services.desk import Desk
from app.services.dto import Actor, IntakeRequest, PersonIn
from app.services.setup import initialise
from app.services.status import Status
from app.sync.config import SyncConfig
from app.sync.connectors import Origin
from app.sync.connectors.batch import BatchConnector, envelope
from app.sync.payload import OutboxReader
from app.sync.run_types import RunOptions

CLERK = Actor(username="clerk1", full_name="Nguyễn Thị Hồng", role="clerk", title="Công chức tiếp nhận")
TARGET = 1024


@dataclass(frozen=True)
class Size:
    what: str
    changes: int
    plain: int
    gzip: int

    @property
    def gzip_per_change(self) -> float:
        return self.gzip / self.changes


def _batch_bytes(desk: Desk, what: str) -> Size:
    items = list(OutboxReader(desk))
    origin = Origin(desk.agency.code, desk.device.uuid, desk.now)
    plain = envelope("0b9a8f6e-1111-4222-8333-944455556666", items, agency=origin.agency, device=origin.device,
                     sent_at="20261120090000")
    # The connector never touches the network to prepare a batch; the address is never called.
    connector = BatchConnector(SyncConfig("http://127.0.0.1:9", "", "-", 60), RunOptions(), lambda: 0.0, origin)
    connector.gzip = True
    compressed, _ = connector.prepare("0b9a8f6e-1111-4222-8333-944455556666", items).body
    connector.close()
    changes = sum(i.changes for i in items)
    with desk.db.write() as s:  # as if the province acknowledged them
        s.connection().exec_driver_sql("UPDATE outbox SET state = 'sent' WHERE state = 'pending'")
    return Size(what, changes, len(plain), len(compressed))


def measure(folder: Path) -> list[Size]:
    desk = Desk.open(AppPaths(folder).ensure(), clock=lambda: dt.datetime(2026, 11, 20, 9, 0))
    try:
        initialise(desk, agency_code="000.17.22.H56", agency_name="Trung tâm Phục vụ hành chính công xã Tân Lập",
                   parent_name="ỦY BAN NHÂN DÂN XÃ TÂN LẬP", place="Tân Lập", device_slot=0, actor=CLERK)
        req = IntakeRequest(procedure="1.001193", summary="Đăng ký khai sinh cho con thứ hai",
                            applicant=PersonIn("Đặng Thị Ngọc Ánh", "cccd", "001190012345", dt.date(1990, 5, 4), "f",
                                               "0912345678", "anh.dtn@example.vn", "Thôn Đông, xã Tân Lập"))
        code = intake.receive(desk, req, CLERK).code
        first = _batch_bytes(desk, "first push (receive)")
        workflow.transition(desk, code, Status.PROCESSING, CLERK, to_party="Công chức Tư pháp - Hộ tịch")
        change = _batch_bytes(desk, "one status change")
        return [first, change]
    finally:
        desk.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.wire_bytes", description=__doc__.split("\n\n")[0])
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        sizes = measure(Path(tmp) / "desk")
    if args.json:
        print(json.dumps([{**asdict(s), "gzip_per_change": s.gzip_per_change, "target": TARGET} for s in sizes],
                         indent=1))
    else:
        for s in sizes:
            verdict = "ok" if s.gzip_per_change <= TARGET else "OVER TARGET"
            print(f"{s.what:24} plain {s.plain:6,} B   gzip {s.gzip:6,} B   "
                  f"{s.gzip_per_change:7,.0f} B/change compressed ({verdict}, target {TARGET} B)")
    return 0 if all(s.gzip_per_change <= TARGET for s in sizes) else 1


if __name__ == "__main__":
    sys.exit(main())
