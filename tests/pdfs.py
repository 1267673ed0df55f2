"""Reading back a PDF the app wrote, as a person would read it: its text, page after page (pypdfium2).
tests/printing/conftest.py reads the characters' positions too, for the layout of the forms."""

from __future__ import annotations

import pypdfium2 as pdfium


def pdf_text(pdf: bytes) -> str:
    """Every page's text as PDFium extracts it, pages joined by a newline."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()
