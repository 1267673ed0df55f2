"""The one lock around PDFium (pypdfium2), which is not thread-safe: no two threads may call into it at
once, not even on different documents, or the process crashes. The app uses it on several threads — the
write lane when a scan is attached (files_convert), the read pool for the attachments preview
(operations.files) and the print preview (ui.pdf_output), the hub's request threads for page counts
(sync.hub_files) — so every use holds `PDFIUM` from opening a document until it and everything taken
from it (pages, bitmaps) are closed. Re-entrant: a locked function may call another."""

from __future__ import annotations

import threading

PDFIUM = threading.RLock()
