"""Mẫu 02 (yêu cầu bổ sung, hoàn thiện hồ sơ) and Mẫu 03 (từ chối tiếp nhận), A5 portrait, and the
start every one-copy A5 form shares (corner, header, title).

Each is one copy for the applicant; the desk keeps its record in the dossier's event log. Numbers,
titles and fixed sentences come from the form set. Pure Python, any thread.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.lib.units import mm

from app.printing import common
from app.printing.formsets import FormSet
from app.printing.layout import Column, Doc
from app.printing.receipt import GEOMETRY, marks, person_lines
from app.printing.slip import Header, RefusalNotice, SlipDossier, SupplementNotice

G = GEOMETRY["a5"]
SIZE = G.body


def start(fs: FormSet, kind: str, h: Header, d: SlipDossier, on: dt.datetime, *, size: tuple[Any, ...] = G.page,
          margins: tuple[Any, ...] = G.margins) -> Doc:
    """A new one-copy form: corner "Mẫu số 0N — <circular>", the national header, the title, then the
    dossier code with its barcode and QR code (the code only, never personal data)."""
    f = fs.form(kind)
    doc = Doc(size[0], size[1], margins,
              on_new_page=common.running_head(f"Mẫu số {f.number} — Mã hồ sơ {d.code}", SIZE - 2.5))
    common.corner(doc, "", fs.corner_for(kind), size=SIZE - 2.5)
    common.national_header(doc, h, common.number(0), on.date(), size=G.head)
    common.title(doc, f.title, G.title)
    doc.para([("Mã hồ sơ: ", "b"), (d.code, "b")], SIZE + 0.5, align="center")
    marks(doc, d, G)
    return doc


def sentence(text: str) -> str:
    """A reason typed without a full stop still ends the sentence on the form."""
    text = text.strip()
    return text + "." if text and text[-1] not in ".!?…" else text


def finish(doc: Doc, h: Header, fs: FormSet, kind: str, d: SlipDossier) -> bytes:
    common.page_numbers(doc)
    title = fs.form(kind).title.capitalize()
    return common.pdf([doc], "a5" if doc.width < 160 * mm else "a4p", f"{title} {d.code}", h, d.code)


def build_supplement_pdf(n: SupplementNotice, fs: FormSet) -> bytes:
    """Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: applicant with address and contacts, the fixed
    sentence, everything missing in one table, the reason, and whom to call."""
    h, d, f = n.header, n.dossier, fs.form("supplement")
    doc = start(fs, "supplement", h, d, n.requested_at)
    person_lines(doc, d.applicant, SIZE, unit=f.get("received_from", unit=h.unit_name), owner=d.owner)
    doc.para([(f.get("request") + " ", "r"), (d.procedure_name, "b")], SIZE)
    doc.para([("Ngày tiếp nhận: ", "r"), (common.moment(d.received_at), "r")], SIZE)
    doc.para(common.runs(f.get("intro", unit=h.unit_name)), SIZE, keep=3)
    if n.items:
        cols = [Column("TT", 0.6, "center"), Column(f.get("table_item"), 5.2),
                Column("Bản chính", 1.05, "center"), Column("Bản sao", 1.05, "center"),
                Column("Bản photo", 1.05, "center")]
        rows = [[str(i), c.name, common.two(c.originals) if c.originals else "",
                 common.two(c.copies) if c.copies else "", common.two(c.photocopies) if c.photocopies else ""]
                for i, c in enumerate(n.items, 1)]
        doc.table(cols, rows, size=SIZE - 0.5, head_size=SIZE - 1.5)
        doc.y += 2
    else:
        doc.para([("……………………………………………………………………", "r")], SIZE)
    doc.para([(f.get("reason") + " ", "r"), (sentence(n.reason) or "……………………………………", "r")], SIZE)
    doc.para([(f.get("clock"), "i")], SIZE - 0.5)
    guide = f"{n.guide_name} ({h.unit_name})" if n.guide_name else h.unit_name
    contact = f.get("guidance", guide=guide, phone=h.hotline or "……………")
    if h.lookup_url and f.has("guidance_web"):
        contact += " " + f.get("guidance_web", url=h.lookup_url)
    doc.para(common.runs(contact), SIZE)
    doc.para([(fs.common.get("thanks", ""), "r")], SIZE)
    signers = f.items("signers")
    common.signatures(doc, [("", "", ""), (signers[0], fs.common.get("sign_hint", ""), n.guide_name)], SIZE)
    return finish(doc, h, fs, "supplement", d)


def build_refusal_pdf(n: RefusalNotice, fs: FormSet) -> bytes:
    """Mẫu 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ."""
    h, d, f = n.header, n.dossier, fs.form("refusal")
    doc = start(fs, "refusal", h, d, n.refused_at)
    person_lines(doc, d.applicant, SIZE, unit=f.get("received_from", unit=h.unit_name), owner=d.owner)
    doc.para([(f.get("request") + " ", "r"), (d.procedure_name, "b")], SIZE)
    doc.para(common.runs(f.get("intro", unit=h.unit_name)), SIZE, keep=2)
    doc.para([(sentence(n.reason) or "……………………………………………………", "r")], SIZE, indent=4 * mm)
    doc.para([(f.get("closing"), "r")], SIZE)
    hint = fs.common.get("sign_hint", "")
    signers = f.items("signers")
    common.signatures(doc, [(signers[0], hint, d.applicant.name), (signers[1], hint, n.receiver_name)], SIZE)
    return finish(doc, h, fs, "refusal", d)
