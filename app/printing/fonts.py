"""The embedded form font (Liberation Serif, metric-compatible with Times New Roman) and text measuring.

Fonts are registered with reportlab once per process (registration parses the TTF files, which is the
slow part); every PDF then embeds the subset of glyphs it uses. Word widths are cached because the
same labels are measured on every form. Any thread: registration is guarded by a lock.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.errors import MotCuaError
from app.paths import resources_dir

REGULAR = "MotCuaSerif"
BOLD = "MotCuaSerif-Bold"
ITALIC = "MotCuaSerif-Italic"
BOLD_ITALIC = "MotCuaSerif-BoldItalic"

FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}
STYLES = {"r": REGULAR, "b": BOLD, "i": ITALIC, "bi": BOLD_ITALIC}

# Liberation Serif vertical metrics (hhea ascender/descender over units per em).
ASCENT = 0.891
DESCENT = 0.216

_lock = threading.Lock()
_ready = False


def ensure_fonts() -> None:
    """Register the four faces once; raise a clear error if the font files are missing."""
    global _ready
    if _ready:
        return
    with _lock:
        if _ready:
            return
        folder = resources_dir() / "fonts"
        try:
            for name, file in FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(folder / file)))
        except OSError as exc:
            raise MotCuaError(
                f"Không tìm thấy phông chữ in biểu mẫu trong {folder} ({exc}). "
                "Hãy cài lại phần mềm hoặc chép lại thư mục resources/fonts."
            ) from exc
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
        _ready = True


@lru_cache(maxsize=20000)
def width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)
