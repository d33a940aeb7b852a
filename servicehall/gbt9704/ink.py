"""Where the ink is (墨迹): a page band rasterised in colour, its red and black pixel rows.

GB/T 9704 measures what is printed — the 发文机关标志's top edge, the gap between the 发文字号
and the red rule — so the audit measures the pixels poppler's ``pdftoppm`` paints, not the
font boxes ``pdftotext`` reports (a box includes the face's ascent and descent: 2–3 mm of
white above and below the glyphs). No image library is needed: a row is scanned as three
byte strings (R, G, B), turned into 0/1 flags with ``bytes.translate`` and combined as
integers, which takes a few milliseconds a row at 600 dpi.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from servicehall.gbt9704.pdf import PdfRenderError, _poppler, read_netpbm

MM_PER_INCH = 25.4
INK_DPI = 600  # 0.04 mm a pixel: well inside the standard's tenths of a millimetre
# A pixel is red when its red channel is high and green and blue low (the PDF's #FF0000,
# anti-aliased at the glyphs' edges); black when all three are low.
RED_MIN, OTHER_MAX, DARK_MAX = 160, 110, 110


def _flags(test: object) -> bytes:
    return bytes(1 if test(value) else 0 for value in range(256))  # type: ignore[operator]


_HIGH = _flags(lambda v: v >= RED_MIN)
_LOW = _flags(lambda v: v <= OTHER_MAX)
_DARK = _flags(lambda v: v <= DARK_MAX)


@dataclass(frozen=True)
class InkRow:
    """One pixel row of the band: how many red and how many black pixels it holds."""

    y_mm: float  # the row's middle, from the page's top
    red: int
    black: int


@dataclass(frozen=True)
class InkBand:
    """A horizontal band of one page, rasterised: its rows from top to bottom."""

    dpi: int
    top_mm: float
    rows: list[InkRow]

    @property
    def pixel_mm(self) -> float:
        return MM_PER_INCH / self.dpi

    def red_rows(self, min_pixels: int = 1) -> list[InkRow]:
        return [row for row in self.rows if row.red >= min_pixels]

    def black_rows(self, min_pixels: int = 1) -> list[InkRow]:
        return [row for row in self.rows if row.black >= min_pixels]


def ink_band(
    pdf: bytes,
    *,
    page: int = 1,
    top_mm: float = 0,
    height_mm: float = 297,
    left_mm: float = 0,
    width_mm: float = 210,
    dpi: int = INK_DPI,
) -> InkBand:
    """Rows ``top_mm`` … ``top_mm + height_mm`` of ``page`` (1-based), columns ``left_mm`` …
    ``left_mm + width_mm``, rasterised at ``dpi`` (``pdftoppm -x/-y/-W/-H`` crops while
    rendering)."""
    per_mm = dpi / MM_PER_INCH
    y, height = round(top_mm * per_mm), round(height_mm * per_mm)
    x, width = round(left_mm * per_mm), round(width_mm * per_mm)

    def arguments(source: Path, tmp: Path) -> list[str]:
        return [
            *("-f", str(page), "-l", str(page), "-r", str(dpi)),
            *("-x", str(x), "-y", str(y), "-W", str(width), "-H", str(height)),
            *(str(source), str(tmp / "band")),
        ]

    with _poppler("pdftoppm", pdf, arguments, 120) as (_, tmp):
        files = sorted(tmp.glob("band*.ppm"))
        if not files:
            raise PdfRenderError(f"pdftoppm wrote no image of page {page}")
        data = files[0].read_bytes()
    columns, lines, pixels = _read_ppm(data)
    stride = columns * 3
    rows = []
    for index in range(lines):
        row = pixels[index * stride : (index + 1) * stride]
        r, g, b = row[0::3], row[1::3], row[2::3]
        high = int.from_bytes(r.translate(_HIGH), "big")
        g_low = int.from_bytes(g.translate(_LOW), "big")
        b_low = int.from_bytes(b.translate(_LOW), "big")
        dark = int.from_bytes(r.translate(_DARK), "big")
        red = high & g_low & b_low
        black = dark & g_low & b_low
        rows.append(
            InkRow(
                (y + index + 0.5) / per_mm,
                bin(red).count("1"),
                bin(black).count("1"),
            )
        )
    return InkBand(dpi, y / per_mm, rows)


def _read_ppm(data: bytes) -> tuple[int, int, bytes]:
    """A binary PPM (P6): width, height and the RGB bytes."""
    width, height, start = read_netpbm(data, b"P6")
    return width, height, data[start : start + width * height * 3]
