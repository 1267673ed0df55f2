"""A Mẫu 01 reprint of a dossier imported from the provincial register says it was received on the
provincial system, and a desk's own procedure key is printed as "mã nội bộ", never as the national code."""

from __future__ import annotations

from app.printing import render_form
from app.printing.receipt import IMPORTED_LINE
from app.services import queries
from app.services.register_import import import_register
from tests.importing.workbooks import public_export
from tests.printing.conftest import receive, text_of

IMPORTED = "TL-2026/0137"  # matched to the catalogue's national procedure 1.004873


def _detail(desk, code: str):
    with desk.db.read() as s:
        return queries.detail_by_code(s, code)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_reprint_of_an_imported_dossier_says_where_it_was_received(desk, admin, clerk, tmp_path):
    import_register(desk, public_export(tmp_path / "so.xlsx"), admin)
    d = _detail(desk, IMPORTED)
    assert d.imported_source
    text = _flat(text_of(render_form("receipt", desk.agency, d)))
    assert text.count(_flat(IMPORTED_LINE)) == 2, "on both copies"
    assert "(mã TTHC 1.004873)" in text and "mã nội bộ" not in text
    here = receive(desk, clerk)  # received at this desk: no such line
    assert _flat(IMPORTED_LINE) not in _flat(text_of(render_form("receipt", desk.agency, here)))


def test_a_local_procedure_key_is_printed_as_an_internal_code(desk, clerk):
    d = receive(desk, clerk, procedure="HT-XNTT")
    assert d.procedure_code_local, "the desk's own key for this procedure"
    text = _flat(text_of(render_form("receipt", desk.agency, d)))
    assert f"(mã nội bộ {d.procedure_code})" in text and "mã TTHC" not in text
