"""The demo podcasts' artwork: small PNGs drawn in code, so no image files ship."""

from __future__ import annotations

import struct
import zlib


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """Simple artwork: a vertical gradient of ``rgb`` with a pale disc in the middle."""
    r0, g0, b0 = rgb
    cx, cy, radius = width / 2, height / 2, min(width, height) * 0.3
    rows = bytearray()
    for y in range(height):
        shade = 0.55 + 0.45 * (1 - y / height)
        base = bytes((int(r0 * shade), int(g0 * shade), int(b0 * shade)))
        row = bytearray(base * width)
        dy = (y + 0.5 - cy) ** 2
        if dy < radius * radius:
            half = (radius * radius - dy) ** 0.5
            x0, x1 = max(0, int(cx - half)), min(width, int(cx + half))
            light = bytes((min(255, 150 + r0 // 2), min(255, 150 + g0 // 2), 235))
            row[3 * x0 : 3 * x1] = light * (x1 - x0)
        rows += b"\x00" + row

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )
