"""An imported dossier is not pushed as a new record; a move made on it at the desk is pushed, on its
existing code, to the reference receiver. (Today the payload still carries the whole record and the
receiver files it as new; marking it as imported on the wire is the sync rewrite's part.)"""

from __future__ import annotations

import json
import subprocess
import sys

from app.services import workflow
from app.services.register_import import import_register
from app.services.status import Status
from app.sync.runner import Runner
from tests.importing.workbooks import public_export
from tests.sync.conftest import ROOT, config_for, fast_options, start_receiver  # noqa: F401 - fixture

CODE = "TL-2026/0137"  # matched to the catalogue (1.004873)


def test_only_the_moves_made_at_the_desk_are_pushed(desk, admin, start_receiver, tmp_path):  # noqa: F811
    import_register(desk, public_export(tmp_path / "so.xlsx"), admin)
    receiver = start_receiver()
    first = Runner(desk, config_for(receiver), fast_options()).run()
    assert receiver.query("SELECT count(*) FROM dossiers")[0][0] == 0  # nothing new for the province
    workflow.transition(desk, CODE, Status.RESULT_READY, admin, note="Đã ký kết quả")
    summary = Runner(desk, config_for(receiver), fast_options()).run()
    shown = subprocess.run([sys.executable, "-m", "app.sync.receiver", "--db", str(receiver.db), "--show", CODE],
                           cwd=ROOT, capture_output=True, text=True, check=True)
    record = json.loads(shown.stdout)
    assert first.accepted == 0 and summary.exit_code == 0 and summary.accepted == 1, summary.line()
    assert record["MaHoSo"] == CODE and record["TrangThaiHoSo"] == int(Status.RESULT_READY)
    assert receiver.query("SELECT status, note FROM events") == [(9, "Đã ký kết quả")]
