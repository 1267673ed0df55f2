"""The two letters, A5 portrait, signed by a leader: Mẫu 04 (apology with a later return date in the 2018
set; apology and request to extend the time in the 2025 set) and Mẫu 05 of the 2025 set (notice that
processing is stopped, with its reason and legal basis).

Laid out as Decree 30/2020 wants letters: "Kính gửi", the body, "Nơi nhận:" at the bottom left and the
approving leader's title, signature space and full name at the right. Sentences come from the form
set; a sentence a set does not have is left out. Pure Python, any thread.
"""

from __future__ import annotations

from app.printing import common
from app.printing.formsets import FormSet
from app.printing.notices import SIZE, finish, sentence, start
from app.printing.slip import ExtensionLetter, StopNotice

BLANK = "……………………………………"


def approver_text(title: str, name: str) -> str:
    """'Phó giám đốc Lê Văn Bình' from the signer block's last title line and the name."""
    role = title.split("\n")[-1].strip().capitalize()
    return f"{role} {name}".strip() or BLANK


def build_extension_pdf(n: ExtensionLetter, fs: FormSet) -> bytes:
    h, d, f = n.header, n.dossier, fs.form("extension")
    doc = start(fs, "extension", h, d, n.issued_at)
    doc.para([(f.get("to", applicant=d.applicant.name), "b")], SIZE + 0.5, align="center")
    doc.y += 3
    values = {"unit": h.unit_name, "code": d.code, "procedure": d.procedure_name,
              "received": common.day(d.received_at).removeprefix("ngày "), "original_due": common.moment(n.original_due_at),
              "reason": sentence(n.reason) or BLANK, "new_due": common.moment(n.new_due_at),
              "proposer": n.proposer or BLANK, "approver": approver_text(n.approver.title, n.approver.name)}
    for key in ("received", "original_due", "late", "proposed", "apology", "closing"):
        if f.has(key) and (key != "proposed" or n.proposer):
            doc.para(common.runs(f.get(key, **values)), SIZE)
    common.letter_foot(doc, fs, n.recipients or f.items("recipients"), n.approver, SIZE)
    return finish(doc, h, fs, "extension", d)


def build_stop_pdf(n: StopNotice, fs: FormSet) -> bytes:
    h, d, f = n.header, n.dossier, fs.form("stop")
    doc = start(fs, "stop", h, d, n.issued_at)
    doc.para([(f.get("to", applicant=d.applicant.name), "b")], SIZE + 0.5, align="center")
    doc.y += 3
    values = {"unit": h.unit_name, "code": d.code, "procedure": d.procedure_name,
              "received": common.day(d.received_at).removeprefix("ngày "), "reason": sentence(n.reason) or BLANK,
              "legal_basis": n.legal_basis.rstrip(" .;,") or BLANK, "proposer": n.proposer or BLANK}
    for key in ("received", "legal_basis", "decision", "proposed", "closing"):
        if f.has(key) and (key != "proposed" or n.proposer):
            doc.para(common.runs(f.get(key, **values)), SIZE)
    common.letter_foot(doc, fs, n.recipients or f.items("recipients"), n.approver, SIZE)
    return finish(doc, h, fs, "stop", d)
