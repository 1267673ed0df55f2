"""An imported dossier is never pushed as a new record (the province holds it); the moves made on it at the
desk go to the real reference receiver as progress on its existing code, flagged as belonging to an
imported dossier, and the receiver does not count it as a new dossier. Unflagged progress for a code
the receiver has never seen is refused."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import requests

from app.services import workflow
from app.services.register_import import import_register
from app.services.status import Status
from app.sync import protocol, schema
from app.sync.payload import dossier_record
from app.sync.record import IMPORTED, item
from app.sync.runner import Runner
from tests.importing.workbooks import public_export
from tests.sync.conftest import ROOT, TOKEN, config_for, fast_options, start_receiver  # noqa: F401 - fixture

CODE = "TL-2026/0137"  # matched to the catalogue (1.004873)


def _items(receiver) -> list[dict]:
    import gzip

    out = []
    for (body,) in receiver.query("SELECT body FROM batches ORDER BY received_at"):
        out += json.loads(gzip.decompress(body))["items"]
    return out


def test_only_the_moves_made_at_the_desk_are_pushed(desk, admin, start_receiver, tmp_path):  # noqa: F811
    import_register(desk, public_export(tmp_path / "so.xlsx"), admin)
    receiver = start_receiver()
    first = Runner(desk, config_for(receiver), fast_options()).run()
    assert first.exit_code == 0 and first.accepted == 0, "nothing pushed at import"
    assert receiver.query("SELECT count(*) FROM events")[0][0] == 0

    workflow.transition(desk, CODE, Status.RESULT_READY, admin, note="Đã ký kết quả")
    workflow.transition(desk, CODE, Status.RETURNED, admin, collected_by="Nguyễn Văn An")  # the hand-back
    summary = Runner(desk, config_for(receiver), fast_options()).run()
    assert summary.exit_code == 0 and summary.accepted == 2, summary.line()

    (sent,) = _items(receiver)
    assert "HoSo" not in sent and sent["MaHoSo"] == CODE, "progress on the existing code, not a new record"
    assert sent["MoRongMotCua"][IMPORTED] is True and sent["MoRongMotCua"]["PhienBan"] == "motcua-dongbohoso/2"
    assert all(ch["MoRongMotCua"][IMPORTED] is True for ch in sent["changes"])
    assert min(ch["version"] for ch in sent["changes"]) >= 2, "the import itself was version 1"
    assert [ch["QuaTrinhXuLy"]["TrangThai"] for ch in sent["changes"]] == ["9", "10"]
    assert receiver.query("SELECT status, note FROM events ORDER BY version")[0] == (9, "Đã ký kết quả")

    stats = receiver.stats()
    assert stats["dossiers"] == 0 and stats["imported_progress"] == 1, "not counted as a new dossier"
    shown = subprocess.run([sys.executable, "-m", "app.sync.receiver", "--db", str(receiver.db), "--show", CODE],
                           cwd=ROOT, capture_output=True, text=True, check=True)
    record = json.loads(shown.stdout)
    assert record["MaHoSo"] == CODE and record[IMPORTED] and record["TrangThaiHoSo"] == int(Status.RETURNED)


def test_the_receiver_refuses_unflagged_progress_for_an_unknown_code(desk, admin, start_receiver, tmp_path):  # noqa: F811
    import_register(desk, public_export(tmp_path / "so.xlsx"), admin)
    workflow.transition(desk, CODE, Status.RESULT_READY, admin, note="Đã ký kết quả")
    conn = desk.db.raw_connection()
    try:
        good = item(dossier_record(conn, CODE))
    finally:
        conn.close()
    assert schema.check_item(good) == []
    unflagged = json.loads(json.dumps(good))
    del unflagged["MoRongMotCua"][IMPORTED]
    for ch in unflagged["changes"]:
        del ch["MoRongMotCua"]
    assert schema.check_item(unflagged), "the schema wants the flag on an item without HoSo"
    receiver = start_receiver()
    body = {"protocol": protocol.PROTOCOL, "batch_id": "b1", "agency_code": "X", "items": [unflagged]}
    reply = requests.post(receiver.url + protocol.BATCHES, json=body, timeout=5,
                          headers={"Authorization": f"Bearer {TOKEN}", "Idempotency-Key": "k-unflagged"}).json()
    assert {r["result"] for r in reply["results"]} == {"rejected"}, reply
    assert "HoSoNhapTuTinh" in reply["results"][0]["message"]
    assert receiver.stats()["events"] == 0


def test_an_imported_dossier_refuses_a_correction(desk, admin, tmp_path, dump):
    from app.errors import ValidationError
    from app.services.corrections import CorrectionIn, correct_applicant
    from app.services.queries import detail_by_code

    import_register(desk, public_export(tmp_path / "so.xlsx"), admin)
    before = dump(desk)
    with desk.db.read() as s:
        d = detail_by_code(s, CODE)
    fix = CorrectionIn(name="Nguyễn Văn Sửa", id_number=d.applicant_id_number, phone=d.applicant_phone,
                       address=d.applicant_address, reason="Gõ nhầm tên")
    with pytest.raises(ValidationError) as exc:
        correct_applicant(desk, CODE, fix, admin)
    message = exc.value.fields["form"]
    assert "hệ thống tỉnh giữ bản gốc" in message and "Hãy sửa trên hệ thống một cửa của tỉnh" in message
    assert dump(desk) == before, "nothing written"
