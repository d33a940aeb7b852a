"""Image-only PDFs, as a scanner makes them (扫描件): for the OCR tests."""

from __future__ import annotations

import subprocess
import tempfile
import zlib
from pathlib import Path

A4_POINTS = (595, 842)


def image_only_pdf(pages: list[tuple[int, int, bytes]]) -> bytes:
    """A PDF whose pages each hold one 8-bit grey picture (width, height, pixels) filling A4."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for width, height, pixels in pages:
        page, image, content = len(objects) + 1, len(objects) + 2, len(objects) + 3
        kids.append(b"%d 0 R" % page)
        draw = b"q %d 0 0 %d 0 0 cm /Im1 Do Q" % A4_POINTS
        packed = zlib.compress(pixels)
        objects += [
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] " % A4_POINTS
            + b"/Resources << /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>" % (image, content),
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            % (width, height)
            + b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
            + packed
            + b"\nendstream",
            b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream",
        ]
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def scan_of(pdf: bytes, dpi: int = 300) -> bytes:
    """``pdf`` printed and scanned: every page a grey picture at ``dpi``, no text layer."""
    pages = []
    with tempfile.TemporaryDirectory(prefix="servicehall-scan-") as tmp:
        source = Path(tmp) / "printed.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", str(source), str(Path(tmp) / "page")],
            check=True,
            capture_output=True,
        )
        for image in sorted(Path(tmp).glob("page-*.pgm")):
            pages.append(_pgm(image.read_bytes()))
    return image_only_pdf(pages)


def _pgm(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and pixels of a binary PGM (P5, 8 bits) as pdftoppm writes it."""
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:
        while data[position : position + 1].isspace():
            position += 1
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    magic, width, height, maxval = fields
    assert magic == b"P5" and maxval == b"255", "pdftoppm -gray writes 8-bit P5"
    pixels = data[position + 1 : position + 1 + int(width) * int(height)]
    return int(width), int(height), pixels
