#!/usr/bin/env python3
"""Writes the small test images of the account rule cases (run from anywhere; rewrites them).

Solid-grey PNGs (zlib) and baseline JPEGs (one grey component, every block DC-only) of the
sizes the logo rules care about, plus files that only pretend to be images.
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def png(width, height):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9))
            + chunk(b"IEND", b""))


def jpeg(width, height):
    def segment(marker, data):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(data) + 2) + data

    app0 = segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    dqt = segment(0xDB, b"\x00" + b"\x01" * 64)
    sof0 = segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
    # One one-bit code in each table: DC category 0 and AC end-of-block, both "0".
    counts = b"\x01" + b"\x00" * 15
    dht = segment(0xC4, b"\x00" + counts + b"\x00" + b"\x10" + counts + b"\x00")
    sos = segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    blocks = ((width + 7) // 8) * ((height + 7) // 8)
    bits = 2 * blocks  # "0" (DC diff 0) then "0" (EOB) per block
    data = b"\x00" * (bits // 8) + (bytes([0xFF >> (bits % 8)]) if bits % 8 else b"")
    data = data.replace(b"\xff", b"\xff\x00")
    return b"\xff\xd8" + app0 + dqt + sof0 + dht + sos + data + b"\xff\xd9"


def gif(width, height):
    # A one-colour GIF89a: header, screen descriptor, image descriptor, minimal LZW data.
    return (b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\x80\x80\x80" * 2
            + b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x44\x01\x00;")


FILES = {
    "logo-640.png": png(640, 640),
    "logo-640.jpg": jpeg(640, 640),
    "logo-512.png": png(512, 512),
    "logo-128.png": png(128, 128),
    "banner-1200x400.png": png(1200, 400),
    "banner-300x200.jpg": jpeg(300, 200),
    "logo.gif": gif(640, 640),
    "not-an-image.png": b"This is a text file named like a PNG.\n",
    "truncated.png": png(640, 640)[:12],
}

for name, data in FILES.items():
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
