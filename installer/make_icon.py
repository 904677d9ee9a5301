#!/usr/bin/env python3
"""Draws installer/sithsclient.ico (the program's and the installer's icon): a smart card with an upgrade arrow.

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icon.py installer/sithsclient.ico

The .ico is committed; this script is how it was made. Qt writes one image per ICO file, so the sizes are
drawn as PNG and packed into one ICO container here (PNG entries are valid in ICO since Windows Vista).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen, QPolygonF

SIZES = (16, 24, 32, 48, 64, 256)


def draw(size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 64, size / 64)
    # the card
    p.setPen(QPen(QColor("#0b3d62"), 2))
    p.setBrush(QBrush(QColor("#1f6fb2")))
    p.drawRoundedRect(QRectF(3, 12, 58, 40), 5, 5)
    # the chip
    p.setPen(QPen(QColor("#8a6d1d"), 1.2))
    p.setBrush(QBrush(QColor("#e8c35a")))
    p.drawRoundedRect(QRectF(10, 22, 14, 11), 2, 2)
    # the upgrade arrow, white on the card's right half
    arrow = QPainterPath()
    arrow.addPolygon(
        QPolygonF([QPointF(x, y) for x, y in ((44, 17), (56, 31), (49, 31), (49, 46), (39, 46), (39, 31), (32, 31))])
    )
    arrow.closeSubpath()
    p.setPen(QPen(QColor("#0b3d62"), 1.5))
    p.setBrush(QBrush(QColor("#ffffff")))
    p.drawPath(arrow)
    p.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, b"PNG")
    return bytes(data.data())


def ico(images: list[tuple[int, bytes]]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else Path(__file__).with_name("sithsclient.ico"))
    _app = QGuiApplication([])
    out.write_bytes(ico([(size, draw(size)) for size in SIZES]))
    print(f"{out}: {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
