"""Helpers shared by the import tests: a dump of every table to compare the store before and after."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.services.desk import Desk


def dump_store(desk: Desk) -> dict[str, list[tuple]]:
    """Every row of every table (the full-text shadow tables included), in a stable order."""
    with desk.db.read() as s:
        names = [r[0] for r in s.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))]
        out = {}
        for name in names:
            if name == "dossier_fts":
                continue  # virtual table: its content lives in the dossier_fts_* shadow tables dumped here
            out[name] = sorted(tuple(str(v) for v in row) for row in s.execute(text(f'SELECT * FROM "{name}"')))
        return out


@pytest.fixture
def dump():
    return dump_store
