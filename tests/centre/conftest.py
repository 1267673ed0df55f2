"""Fixtures of centre mode: counters that share one real PostgreSQL database (tests/pg.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.models.centre import CentreConfig, write_config
from app.paths import AppPaths
from app.services.centre import join
from app.services.desk import Desk
from tests.conftest import ADMIN, FakeClock


@dataclass
class Centre:
    url: str
    first_device: str
    folder: Path
    clock: FakeClock

    def counters(self, n: int) -> list[AppPaths]:
        """Data folders of n counter PCs joined to this centre's database."""
        folders = []
        for i in range(n):
            paths = AppPaths(self.folder / f"counter{i + 1}").ensure()
            write_config(paths.data_dir, CentreConfig(self.url, self.first_device if i == 0 else str(uuid.uuid4())))
            desk = Desk.open(paths, clock=self.clock)
            join(desk, ADMIN, f"Quầy {i + 1}")
            desk.close()
            folders.append(paths)
        return folders


@pytest.fixture
def centre(pg_database, tmp_path, clock) -> Centre:
    url, first_device = pg_database()
    return Centre(url, first_device, tmp_path, clock)


@pytest.fixture
def province(tmp_path):
    """The reference provincial receiver (tests/sync's reference_receiver), started on a free port."""
    from tests.sync.conftest import reference_receiver

    receiver = reference_receiver(tmp_path / "province.sqlite3")
    yield receiver
    receiver.stop()
