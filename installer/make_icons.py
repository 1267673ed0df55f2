"""Render the app's own icon (resources/icons/motcua.svg, also the window icon) to the PNG the Linux
desktop entry uses and the multi-size .ico of the Windows executables and installer, so the shortcut,
the taskbar and the window all show the same picture.

Run after changing the SVG:  QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icons.py
Both outputs are committed, so a build never needs this script. The .ico holds PNG-compressed images
(read by Windows Vista and later), written here by hand because Qt's ICO writer stores one size only.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SVG = HERE.parent / "resources" / "icons" / "motcua.svg"
PNG = HERE / "linux" / "motcua.png"
ICO = HERE / "windows" / "motcua.ico"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO file: 6-byte header, one 16-byte entry per size, then each PNG."""
    header = struct.pack("<HHH", 0, 1, len(images))
    entries, blobs = b"", b""
    offset = 6 + 16 * len(images)
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs one
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"Không đọc được {SVG}", file=sys.stderr)
        return 1
    PNG.write_bytes(render(renderer, 256))
    ICO.write_bytes(ico({size: render(renderer, size) for size in ICO_SIZES}))
    print(f"Đã ghi {PNG} và {ICO}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
