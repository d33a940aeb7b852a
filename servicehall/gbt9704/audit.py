"""The GB/T 9704-2012 conformance audit of a rendered issue (版式核查), measured from its PDF.

Each clause is measured on the PDF itself — page boxes, text lines (``pdftotext -bbox-layout``),
the fonts of every text run, the rules drawn (pypdf) and, where the standard speaks of what is
printed (the 发文机关标志's top edge, the gap over the red rule, the page number's dash), the
ink itself (``ink``: the page rasterised at 600 dpi) — and compared with what the standard asks.
Every clause number is the standard's (GB/T 9704-2012, checked against its table of contents);
a tolerance is the standard's where it gives one, and each clause says where its tolerance
comes from (``Clause.tolerance``): 5.2.1's ±1 mm, 6.1's "误差不超过1mm" for a position the
standard gives without one, 6.3's ±2 mm for the paper, or a rule of this system, named as such.
Fonts are checked against the free faces that stand in for the official ones
(``fonts/fonts.conf``): the audit says which face printed each element.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from statistics import median
from typing import Any

from servicehall.core.text import CN_NUMERALS, chinese_date
from servicehall.gbt9704.blocks import AUTHORITY_SUFFIX, file_number_line, number_line
from servicehall.gbt9704.document import Document
from servicehall.gbt9704.docx import (
    FANGSONG,
    HEITI,
    KAITI,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    XIAOBIAOSONG,
)
from servicehall.gbt9704.glyphs import LostGlyphs, lost_glyphs
from servicehall.gbt9704.ink import ink_band
from servicehall.gbt9704.pdf import LINE_PITCH_PT as PITCH_PT
from servicehall.gbt9704.pdf import PT_PER_MM, bbox_layout, embedded_pattern, gray_pages

A4_MM = (210.0, 297.0)
# Tolerances, each with its source. GB/T 9704-2012 gives ±1 mm for the 天头 and 订口 (5.2.1),
# "版心不斜，误差不超过1mm" for the plate (6.1, applied to every position the standard gives
# without a tolerance of its own: the 版心's other edges, 35 mm, 4 mm, 7 mm, 空一字, 右空二字)
# and ±2 mm for the trimmed sheet (6.3).
MARGIN_TOLERANCE_MM = 1.0
PLATE_TOLERANCE_MM = 1.0
PAPER_TOLERANCE_MM = 2.0
SIZE_TOLERANCE_PT = 0.1  # a size is exact; the PDF's matrices are read to 0.1 pt
TOL_MARGIN = "±1 mm（5.2.1）"
TOL_PLATE = "±1 mm（6.1 误差不超过1mm）"
TOL_PAPER = "±2 mm（6.3 成品尺寸允许误差）"
TOL_SIZE = "读数精度 0.1 pt（标准未给允差）"
TOL_COUNT = "计数，无允差"
TOL_SYSTEM = "本系统规则（标准未规定，见 docs/decisions.md）"
# Each element's face (GB/T 9704's short names) and the official name the DOCX gives it; the
# PDF names the face that printed it: the installed official face, or its stand-in
# (``pdf.embedded_pattern``).
FACES = {"仿宋": FANGSONG, "小标宋": XIAOBIAOSONG, "黑体": HEITI, "楷体": KAITI}


def _face(face: str) -> re.Pattern[str]:
    return re.compile(embedded_pattern(FACES[face]))


# A heading face's ink per hanzi, as a share of the body face's, below which it reads grey
# (``_weights``; measured on both seeds and 4 demo issues: LXGW WenKai Regular 0.97–1.06, Noto
# Sans CJK 1.20–1.25; LXGW WenKai Light, the pale face to refuse, 0.84–0.87).
MIN_HEADING_INK = 0.9
INK_DPI = 100
SIZES_PT = {"小初": 36.0, "二号": 22.0, "三号": 16.0, "四号": 14.0}
RE_FOLIO = re.compile(r"^[—\-–]\s*\d{1,3}\s*[—\-–]$")
RE_TOP_HEADING = re.compile(rf"^[{CN_NUMERALS}]+、")
RE_SECOND_HEADING = re.compile(rf"^（[{CN_NUMERALS}]+）")
RE_IMPRINT = re.compile(r"^(?:报|送|发|抄送|抄报)：|^（共印")


@dataclass
class Clause:
    """One measured requirement (核查项)."""

    clause: str  # the standard's clause number ("—": a rule of this system, not the standard's)
    item: str
    required: str
    measured: str
    ok: bool
    tolerance: str = ""  # how far the measure may be off, and where that comes from


@dataclass
class TextLine:
    page: int  # 1-based
    x0: float
    y0: float  # from the top of the page, points
    x1: float
    y1: float
    text: str
    fonts: set[str] = field(default_factory=set)
    sizes: set[float] = field(default_factory=set)


@dataclass
class Rule:
    page: int
    x0: float
    x1: float
    y: float  # from the top, points
    width: float
    color: tuple[float, ...]


def audit_pdf(doc: Document, pdf: bytes, lost: list[LostGlyphs] | None = None) -> list[Clause]:
    """Every clause, measured on ``pdf`` (rendered from ``doc``); ``lost``: what
    ``lost_glyphs`` already found for this PDF, not compared again."""
    pages, sizes, lines, rules = _read(pdf)
    body_bottom = sizes[0][1] - MARGIN_BOTTOM_MM * PT_PER_MM
    body = [ln for ln in lines if ln.y1 <= body_bottom + 1]
    folios = [ln for ln in lines if RE_FOLIO.match(ln.text)]
    body = [ln for ln in body if ln not in folios]
    elements = _elements(doc, body)
    below_rule = _rule_y(rules)
    if doc.masthead == "file":
        form = _file_form(doc, pdf, body, sizes[0][0])
    else:
        form = [_report_form(doc, pdf, body, below_rule)]
    return [
        _page_size(sizes),
        *_margins(body, sizes, pages),
        *_grid(body, pages, body_bottom, below_rule),
        *_fonts(elements, doc.masthead, folios),
        _weights(pdf, elements, body),
        *_folios(pdf, folios, pages, sizes),
        _red_rule(rules, doc.masthead),
        *_imprint(doc, body, rules, pages, body_bottom),
        _every_glyph(lost if lost is not None else lost_glyphs(doc, pdf)),
        *form,
    ]


# ---------------------------------------------------------------- reading the PDF


def _read(pdf: bytes) -> tuple[int, list[tuple[float, float]], list[TextLine], list[Rule]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    lines = _bbox_lines(pdf)
    by_page: dict[int, list[TextLine]] = defaultdict(list)
    for line in lines:
        by_page[line.page].append(line)
    rules: list[Rule] = []
    for number, page in enumerate(reader.pages, start=1):
        height = sizes[number - 1][1]
        _runs_into_lines(page, height, by_page[number])
        rules += _rules(reader, page, number, height)
    return len(sizes), sizes, lines, rules


def _bbox_lines(pdf: bytes) -> list[TextLine]:
    return [
        TextLine(number, box.x0, box.y0, box.x1, box.y1, html.unescape(box.text))
        for number, (_, boxes) in enumerate(bbox_layout(pdf), start=1)
        for box in boxes
    ]


def _runs_into_lines(page: Any, height: float, lines: list[TextLine]) -> None:
    """Give each text line the fonts and sizes of the runs printed on it (pypdf's visitor)."""

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip() or not font:
            return
        m = _multiply(tm, cm)
        x, y = m[4], height - m[5]
        scale = (m[0] ** 2 + m[1] ** 2) ** 0.5
        for line in lines:
            if line.x0 - 2 <= x <= line.x1 + 2 and line.y0 - 2 <= y <= line.y1 + 4:
                line.fonts.add(str(font.get("/BaseFont", "")).split("+")[-1])
                line.sizes.add(round(size * scale, 1))
                return

    page.extract_text(visitor_text=visit)


def _multiply(a: list[float], b: list[float]) -> list[float]:
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _rules(reader: Any, page: Any, number: int, height: float) -> list[Rule]:
    """Horizontal lines stroked on the page (m … l … S), with their width and colour."""
    from pypdf.generic import ContentStream

    found: list[Rule] = []
    width = 1.0
    color: tuple[float, ...] = (0.0, 0.0, 0.0)  # 1 (gray), 3 (RGB) or 4 (CMYK) numbers
    start: tuple[float, float] | None = None
    segment: tuple[float, float, float, float] | None = None
    stack: list[tuple[float, tuple[float, ...]]] = []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        op = operator.decode() if isinstance(operator, bytes) else operator
        if op == "q":
            stack.append((width, color))
        elif op == "Q" and stack:
            width, color = stack.pop()
        elif op == "w":
            width = float(operands[0])
        elif op == "RG":
            color = tuple(float(v) for v in operands)
        elif op == "m":
            start = (float(operands[0]), float(operands[1]))
        elif op == "l" and start:
            segment = (*start, float(operands[0]), float(operands[1]))
        elif op == "S" and segment:
            x0, y0, x1, y1 = segment
            if abs(y0 - y1) < 0.5 and abs(x1 - x0) > 50:
                found.append(Rule(number, min(x0, x1), max(x0, x1), height - y0, width, color))
            segment = start = None
    return found


# ---------------------------------------------------------------- clauses


def _mm(points: float) -> float:
    return points / PT_PER_MM


def _page_size(sizes: list[tuple[float, float]]) -> Clause:
    off = [(round(_mm(w), 1), round(_mm(h), 1)) for w, h in sizes]
    ok = all(
        abs(w - A4_MM[0]) <= PAPER_TOLERANCE_MM and abs(h - A4_MM[1]) <= PAPER_TOLERANCE_MM
        for w, h in off
    )
    return Clause(
        "5.1",
        "幅面",
        "A4 210×297 mm",
        f"{off[0][0]}×{off[0][1]} mm，{len(off)} 页",
        ok,
        TOL_PAPER,
    )


def _full_pages(body: list[TextLine], pages: int, bottom: float) -> list[int]:
    """Pages after the first whose last body line is on the last grid line."""
    full = []
    for number in range(2, pages + 1):
        on_page = [ln for ln in body if ln.page == number]
        if on_page and bottom - max(ln.y1 for ln in on_page) < 0.2 * PITCH_PT:
            full.append(number)
    return full


def _margins(body: list[TextLine], sizes: list[tuple[float, float]], pages: int) -> list[Clause]:
    """5.2.1: 天头 37 mm ±1, 订口 28 mm ±1, 版心 156 × 225 mm (so 翻口 26 and 下白边 35, held
    to 6.1's 1 mm). The 版心 is where the character cells stand: a line's box across, its
    grid line down (a glyph ends 2.4 pt above its grid line's bottom, measured)."""
    width, height = sizes[0]
    left = _mm(min(ln.x0 for ln in body))
    right = _mm(width - max(ln.x1 for ln in body))
    bottom_line = height - MARGIN_BOTTOM_MM * PT_PER_MM
    full = _full_pages(body, pages, bottom_line)
    # Measured on pages after the first that begin with body text (not a 版记 alone).
    firsts = [
        min((ln for ln in body if ln.page == p), key=lambda ln: ln.y1)
        for p in sorted({ln.page for ln in body if ln.page > 1})
    ]
    firsts = [ln for ln in firsts if not RE_IMPRINT.match(ln.text)]
    top = _mm(min(ln.y1 for ln in firsts) + 2.4 - PITCH_PT) if firsts else None
    bottom = _mm(height - max(ln.y1 for ln in body if ln.page in full) - 2.4) if full else None

    def clause(item: str, required: float, measured: float | None, tolerance: str) -> Clause:
        if measured is None:  # a short issue: its lines are checked against the grid (5.2.3)
            return Clause(
                "5.2.1", item, f"{required:g} mm", "本期无可量的页，见行格核查", True, tolerance
            )
        ok = abs(measured - required) <= MARGIN_TOLERANCE_MM
        return Clause("5.2.1", item, f"{required:g} mm", f"{measured:.1f} mm", ok, tolerance)

    return [
        clause("天头（上白边）", MARGIN_TOP_MM, top, TOL_MARGIN),
        clause("订口（左白边）", MARGIN_LEFT_MM, left, TOL_MARGIN),
        clause("翻口（右白边）", MARGIN_RIGHT_MM, right, TOL_PLATE),
        clause("下白边", MARGIN_BOTTOM_MM, bottom, TOL_PLATE),
    ]


def _grid(body: list[TextLine], pages: int, bottom: float, below_rule: float) -> list[Clause]:
    """5.2.3 一般每面排22行，每行排28个字: every 三号 line of the body sits on one of the
    grid's 22 lines (a glyph ends 2.4 pt above its line's bottom, measured); full pages hold
    22 lines."""
    top = MARGIN_TOP_MM * PT_PER_MM
    checked = [
        ln
        for ln in body
        if ln.sizes
        and max(ln.sizes) <= SIZES_PT["三号"] + 0.5
        and not RE_IMPRINT.match(ln.text)
        and not (ln.page == 1 and ln.y1 <= below_rule)
    ]
    off = []
    for ln in checked:
        position = (ln.y1 + 2.4 - top) / PITCH_PT
        if abs(position - round(position)) > 0.15 or not 1 <= round(position) <= 22:
            off.append(f"第{ln.page}页“{ln.text[:8]}”在第{position:.2f}行")
    full = [p for p in _full_pages(body, pages, bottom) if p < pages]
    counts = sorted({sum(1 for ln in body if ln.page == p) for p in full})
    shown = f"{len(checked)} 行" + (
        "全部在格线上" if not off else "，不在格线上：" + "；".join(off[:3])
    )
    if counts:
        shown += f"；满页 {'、'.join(map(str, counts))} 行"
    # Lines that reach the right edge of the type area are full lines (a paragraph's last line
    # stops short). Only lines of Chinese characters are counted: a number is never broken,
    # so a line before one is stretched to the edge with fewer characters.
    # A paragraph's first line is indented two characters: only lines from the left edge count.
    right = max((ln.x1 for ln in checked), default=0)
    left = min((ln.x0 for ln in checked), default=0)
    full_lines = sorted(
        _characters(ln.text)
        for ln in checked
        if ln.x1 >= right - 2 and ln.x0 <= left + 2 and not re.search(r"[0-9A-Za-z]", ln.text)
    )
    # 避头尾: a line that would end before a closing mark breaks a character early (measured:
    # "…安全生产许" / "可”等事项"), so a full line holds 28 characters, or 27 where that happened.
    chars = max(full_lines) if full_lines else None
    return [
        Clause(
            "5.2.3",
            "每面行数",
            "22 行，行行在格",
            shown,
            not off and counts in ([], [22]),
            "基线距格线不过 0.15 行（本系统读数规则，标准未给允差）",
        ),
        Clause(
            "5.2.3",
            "每行字数",
            "28 字",
            f"满行最多 {chars:g} 字（量 {len(full_lines)} 行）" if chars else "本期无满行",
            chars is None or 27 <= chars <= 28.5,
            "避头尾处可少一字（本系统规则：标准“特定情况可以作适当调整”）",
        ),
    ]


def _characters(text: str) -> float:
    """Characters of the 28-character grid: a CJK face sets “”‘’ full width too (their Unicode
    width is ambiguous), Latin letters and digits take half."""
    return sum(1 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def _elements(doc: Document, body: list[TextLine]) -> dict[str, list[TextLine]]:
    """The body's lines by element: title, the two heading levels, 版记, and full text lines."""
    elements = {
        "title": [ln for ln in body if doc.title and ln.page == 1 and ln.text == doc.title],
        "top": [ln for ln in body if RE_TOP_HEADING.match(ln.text) and len(ln.text) <= 30],
        "second": [ln for ln in body if RE_SECOND_HEADING.match(ln.text)],
        "imprint": [ln for ln in body if RE_IMPRINT.match(ln.text)],
    }
    marked = {id(ln) for lines in elements.values() for ln in lines}
    elements["text"] = [
        ln for ln in body if id(ln) not in marked and ln.page > 1 and len(ln.text) >= 20
    ]
    return elements


def _fonts(
    elements: dict[str, list[TextLine]], masthead: str, folios: list[TextLine]
) -> list[Clause]:
    if masthead == "file":
        title = _font_clause("7.3.1", "标题", elements["title"], "小标宋", "二号")
    else:
        # A 简报's name is no element of GB/T 9704: it is set like the 发文机关标志 (7.2.4),
        # at the size the series prints it (小初 under a 期号, 二号 under the issuer).
        title = _font_clause(
            "参照7.2.4",
            "标题（简报报头名称）",
            elements["title"],
            "小标宋",
            "小初" if masthead == "briefing" else "二号",
        )
    return [
        title,
        _font_clause("7.3.3", "一级标题", elements["top"], "黑体", "三号"),
        _font_clause("7.3.3", "二级标题", elements["second"], "楷体", "三号"),
        _font_clause("5.2.2、7.3.3", "正文", elements["text"], "仿宋", "三号"),
        _font_clause("7.4.2、7.4.3", "版记", elements["imprint"], "仿宋", "四号"),
        _size_clause("7.5", "页码", folios, "四号"),
    ]


_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
# Lines of the body face that serve as the reference: at least this many hanzi each.
MIN_REFERENCE_HANZI = 10


def _weights(pdf: bytes, elements: dict[str, list[TextLine]], body: list[TextLine]) -> Clause:
    """The headings' faces are not paler than the body's: the ink each hanzi of a line carries
    (the ink over the line's box, summed, over its hanzi), a heading face's median as a share of
    the body face's, measured on the page's pixels (a thin 楷体 reads as a grey heading).

    Per hanzi, not per box: a share of the box's area rose and fell with what a line holds —
    brackets and digits carry little ink, faces set boxes of different heights — and the body's
    reference was the few full lines after page 1 (4–5 in a 3-page 政务服务工作): 楷体 Regular
    measured 0.91–0.99 of the body from one issue to the next, the demo's drafts at test scale
    under 0.85. Only lines set in the heading's face alone count (a run-in "（一）…。" item is
    mostly body text), against every line set in the body's face alone. The standard names the
    faces (7.3.3), not their weight: this is the system's own rule."""
    required = f"楷体、黑体标题每字墨量不少于正文的 {MIN_HEADING_INK:.0%}"

    body_face = _face("仿宋")

    def chinese_faces(line: TextLine) -> list[str]:
        return [f for f in line.fonts if not f.startswith("Liberation")]

    def in_body_face(line: TextLine) -> bool:
        return all(body_face.search(f) for f in chinese_faces(line))

    def without_body_face(lines: list[TextLine]) -> list[TextLine]:
        # Whatever face prints the heading (a wrong one is the font clauses' finding).
        return [
            ln
            for ln in lines
            if _IDEOGRAPH.search(ln.text) and not any(body_face.search(f) for f in ln.fonts)
        ]

    marked = {id(ln) for key in ("title", "top", "second", "imprint") for ln in elements[key]}
    reference = [
        ln
        for ln in body
        if id(ln) not in marked
        and chinese_faces(ln)
        and in_body_face(ln)
        and len(_IDEOGRAPH.findall(ln.text)) >= MIN_REFERENCE_HANZI
    ]
    headings = {
        "黑体": without_body_face(elements["top"]),
        "楷体": without_body_face(elements["second"]),
    }
    if not reference or not any(headings.values()):
        return Clause("—", "标题字重", required, "本期没有此要素", True, TOL_SYSTEM)
    pages = gray_pages(pdf, dpi=INK_DPI)

    def per_hanzi(lines: list[TextLine]) -> float:
        return median(
            pages[ln.page - 1].ink(ln.x0, ln.y0, ln.x1, ln.y1)
            * (ln.x1 - ln.x0)
            * (ln.y1 - ln.y0)
            / len(_IDEOGRAPH.findall(ln.text))
            for ln in lines
        )

    body_ink = per_hanzi(reference)
    shares = {face: per_hanzi(lines) / body_ink for face, lines in headings.items() if lines}
    measured = "、".join(f"{face} {share:.2f}" for face, share in shares.items()) + "（正文 = 1）"
    return Clause(
        "—",
        "标题字重",
        required,
        measured,
        all(v >= MIN_HEADING_INK for v in shares.values()),
        TOL_SYSTEM,
    )


def _font_clause(number: str, item: str, lines: list[TextLine], face: str, size: str) -> Clause:
    pattern = _face(face)
    required = f"{face}（{pattern.pattern}）{size}"
    if not lines:
        return Clause(number, item, required, "本期没有此要素", True, TOL_SIZE)
    cjk_fonts = {f for ln in lines for f in ln.fonts if not f.startswith("Liberation")}
    sizes = {s for ln in lines for s in ln.sizes}
    face_ok = bool(cjk_fonts) and any(pattern.search(f) for f in cjk_fonts)
    size_ok = sizes and max(abs(s - SIZES_PT[size]) for s in sizes) <= SIZE_TOLERANCE_PT
    measured = (
        f"{'、'.join(sorted(cjk_fonts)) or '—'}，{'、'.join(f'{s:g}' for s in sorted(sizes))} pt"
    )
    return Clause(number, item, required, measured, face_ok and bool(size_ok), TOL_SIZE)


def _size_clause(number: str, item: str, lines: list[TextLine], size: str) -> Clause:
    sizes = {s for ln in lines for s in ln.sizes}
    ok = bool(sizes) and max(abs(s - SIZES_PT[size]) for s in sizes) <= SIZE_TOLERANCE_PT
    return Clause(
        number,
        item + "字号",
        f"{size}（{SIZES_PT[size]:g} pt）",
        f"{sorted(sizes)} pt",
        ok,
        TOL_SIZE,
    )


def _folios(
    pdf: bytes, folios: list[TextLine], pages: int, sizes: list[tuple[float, float]]
) -> list[Clause]:
    """7.5: — N — on every page, 四号; 单页码居右空一字，双页码居左空一字; 一字线上距版心下边缘
    7mm, measured on the ink of the first dash (its top edge)."""
    width, height = sizes[0]
    area_right = width - MARGIN_RIGHT_MM * PT_PER_MM
    area_left = MARGIN_LEFT_MM * PT_PER_MM
    area_bottom_mm = _mm(height) - MARGIN_BOTTOM_MM
    by_page = {ln.page: ln for ln in folios}
    numbered = sorted(by_page) == list(range(1, pages + 1))
    offsets, drops = [], []
    for page, line in sorted(by_page.items()):
        # 单页码居右空一字，双页码居左空一字 (one 四号 character, 14 pt)
        offsets.append(_mm(area_right - line.x1 if page % 2 else line.x0 - area_left))
        dash = ink_band(
            pdf,
            page=page,
            top_mm=area_bottom_mm,
            height_mm=MARGIN_BOTTOM_MM - 5,
            left_mm=_mm(line.x0),
            width_mm=_mm(SIZES_PT["四号"]) * 0.8,  # the first 一字线, no digit
        ).black_rows()
        drops.append(dash[0].y_mm - area_bottom_mm if dash else 99.0)
    char_mm = _mm(SIZES_PT["四号"])
    sides_ok = bool(offsets) and all(abs(o - char_mm) <= PLATE_TOLERANCE_MM for o in offsets)
    drop_ok = bool(drops) and all(abs(d - 7) <= PLATE_TOLERANCE_MM for d in drops)

    def shown(values: list[float]) -> str:
        return "、".join(f"{v:.1f}" for v in sorted(set(round(v, 1) for v in values))) + " mm"

    return [
        Clause(
            "7.5", "页码", "每页“— N —”", f"{len(by_page)}/{pages} 页有页码", numbered, TOL_COUNT
        ),
        Clause(
            "7.5",
            "页码位置",
            f"单页居右、双页居左，各空一字（{char_mm:.1f} mm）",
            shown(offsets) if offsets else "未见",
            sides_ok,
            TOL_PLATE,
        ),
        Clause(
            "7.5",
            "页码距版心下边缘",
            "一字线上距版心下边缘 7 mm（墨迹）",
            shown(drops) if drops else "未见",
            drop_ok,
            TOL_PLATE,
        ),
    ]


def _red(rules: list[Rule]) -> list[Rule]:
    return [
        r
        for r in rules
        if r.page == 1 and r.color[:1] and r.color[0] > 0.8 and max(r.color[1:] or (0,)) < 0.3
    ]


def _rule_y(rules: list[Rule]) -> float:
    """Where page 1's red rule stands (from the top): the masthead is above it."""
    red = _red(rules)
    return red[0].y if red else 0.0


def _red_rule(rules: list[Rule], masthead: str) -> Clause:
    """7.2.7 版头中的分隔线: red, as wide as the 版心. A 简报's rule under its 报头 is set the same
    way (GB/T 9704 has no 简报 form)."""
    number, item = ("7.2.7", "红色分隔线") if masthead == "file" else ("参照7.2.7", "红色分隔线")
    red = _red(rules)
    if not red:
        return Clause(number, item, "版心等宽，红色", "未见", False, TOL_PLATE)
    rule = red[0]
    length = _mm(rule.x1 - rule.x0)
    ok = abs(length - (A4_MM[0] - MARGIN_LEFT_MM - MARGIN_RIGHT_MM)) <= PLATE_TOLERANCE_MM
    return Clause(
        number,
        item,
        "与版心等宽（156 mm），红色",
        f"{length:.1f} mm，{rule.width:g} pt",
        ok,
        TOL_PLATE,
    )


def _imprint(
    doc: Document, body: list[TextLine], rules: list[Rule], pages: int, bottom: float
) -> list[Clause]:
    """7.4.1: 版记 on the last page between rules, the first and last thick (推荐0.35mm), those
    between thin (推荐0.25mm); 末条分隔线与公文最后一页的版心下边缘重合."""
    if not doc.copies and not doc.distribution:
        return [Clause("7.4", "版记", "（本期无版记）", "—", True, TOL_COUNT)]
    imprint = [ln for ln in body if RE_IMPRINT.match(ln.text)]
    on_last = bool(imprint) and all(ln.page == pages for ln in imprint)
    black = sorted(
        (r for r in rules if r.page == pages and max(r.color, default=0) < 0.2), key=lambda r: r.y
    )
    widths = [r.width for r in black]
    thick_ends = (
        len(widths) >= 2
        and widths[0] >= max(widths[1:-1] or [0])
        and widths[-1] >= max(widths[1:-1] or [0])
    )
    # The stroke's middle: a rule is ink, not a box.
    off = _mm(black[-1].y - bottom) if black else None
    return [
        Clause(
            "7.4.1",
            "版记位置",
            "最后一页，末条分隔线与版心下边缘重合",
            f"第 {pages} 页，末条距版心下边缘 {off:+.1f} mm" if off is not None else "未见分隔线",
            on_last and off is not None and abs(off) <= PLATE_TOLERANCE_MM,
            TOL_PLATE,
        ),
        Clause(
            "7.4.1",
            "版记分隔线",
            "首末条粗（推荐 0.35 mm）、中间细（推荐 0.25 mm）",
            "、".join(f"{_mm(w):.2f}" for w in widths) + " mm",
            thick_ends,
            "推荐值，不作允差（7.4.1）",
        ),
    ]


def _masthead_ink(pdf: bytes) -> tuple[float | None, float | None, float | None]:
    """Page 1's 版头 on the ink: the red rule's middle, the top of the red ink above it (the
    发文机关标志 or the 简报's name) and the bottom of the black ink just above it, in mm from
    the page's top; None where there is none."""
    band = ink_band(pdf, top_mm=MARGIN_TOP_MM, height_mm=120)
    full = (A4_MM[0] - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) / band.pixel_mm
    rule = [row for row in band.rows if row.red >= 0.8 * full]
    if not rule:
        return None, None, None
    above = [row for row in band.rows if row.y_mm < rule[0].y_mm]
    red = [row for row in above if row.red]
    black = [row for row in above if row.black]
    return (
        (rule[0].y_mm + rule[-1].y_mm) / 2,
        red[0].y_mm if red else None,
        black[-1].y_mm if black else None,
    )


def _file_form(doc: Document, pdf: bytes, body: list[TextLine], page_width: float) -> list[Clause]:
    """红头文件 (7.2.4, 7.2.5, 7.2.7, 7.3.5.2): the 发文机关标志's top edge 35 mm below the type
    area's, centred, red; the 发文字号 centred with the red rule 4 mm under it, both measured
    on the ink; the 落款's date 右空二字."""
    first = [ln for ln in body if ln.page == 1]
    authority = next((ln for ln in first if ln.text == (doc.issuer or "") + AUTHORITY_SUFFIX), None)
    number = next((ln for ln in first if ln.text == file_number_line(doc)), None)
    rule_mm, red_top_mm, black_bottom_mm = _masthead_ink(pdf)
    centre = (MARGIN_LEFT_MM * PT_PER_MM + page_width - MARGIN_RIGHT_MM * PT_PER_MM) / 2
    clauses = []
    if authority and red_top_mm is not None:
        drop = red_top_mm - MARGIN_TOP_MM
        off = _mm((authority.x0 + authority.x1) / 2 - centre)
        clauses.append(
            Clause(
                "7.2.4",
                "发文机关标志位置",
                "红色，居中，上边缘（墨迹）距版心上边缘 35 mm",
                f"{drop:.1f} mm，偏中 {off:+.1f} mm",
                abs(drop - 35) <= PLATE_TOLERANCE_MM and abs(off) <= PLATE_TOLERANCE_MM,
                TOL_PLATE,
            )
        )
    else:
        clauses.append(
            Clause("7.2.4", "发文机关标志位置", "…文件，红色居中", "未见", False, TOL_PLATE)
        )
    if number:
        off = _mm((number.x0 + number.x1) / 2 - centre)
        clauses.append(
            Clause(
                "7.2.5",
                "发文字号",
                "机关代字〔年份〕序号号，居中",
                f"{number.text}，偏中 {off:+.1f} mm",
                abs(off) <= PLATE_TOLERANCE_MM,
                TOL_PLATE,
            )
        )
    else:
        clauses.append(
            Clause("7.2.5", "发文字号", "机关代字〔年份〕序号号", "未见", False, TOL_PLATE)
        )
    if number and rule_mm is not None and black_bottom_mm is not None:
        gap = rule_mm - black_bottom_mm
        clauses.append(
            Clause(
                "7.2.7",
                "发文字号下分隔线",
                "发文字号（墨迹）之下 4 mm 处（线的中线）",
                f"{gap:.1f} mm",
                abs(gap - 4) <= PLATE_TOLERANCE_MM,
                TOL_PLATE,
            )
        )
    else:
        clauses.append(
            Clause("7.2.7", "发文字号下分隔线", "发文字号之下 4 mm", "未见", False, TOL_PLATE)
        )
    clauses.append(_signature(doc, body, page_width))
    return clauses


# The 报头 forms that are not GB/T 9704's 红头文件: what each prints above the red rule, as the
# series have printed them (the seeds), and whether the series name above it is red.
REPORT_FORMS = {
    "title_first": ("名称在上", "期号、名称（红色）、时段、编印单位、日期在红色分隔线之上", True),
    "issuer_first": ("单位在上", "期号、编印单位和日期在红色分隔线之上，名称、时段在其下", False),
    "briefing": ("简报式", "名称（红色）、期号、编印单位和日期在红色分隔线之上", True),
}


def _report_form(doc: Document, pdf: bytes, body: list[TextLine], below_rule: float) -> Clause:
    """A 简报's 报头 (no form of GB/T 9704): the 期号 with its 总期号, the issuer and the date
    over the rule, and the series name red where the form puts it over the rule."""
    form, required, red_name = REPORT_FORMS.get(doc.masthead, REPORT_FORMS["title_first"])
    over = "".join(ln.text for ln in body if ln.page == 1 and ln.y1 <= below_rule)
    date = chinese_date(doc.issue_date) if doc.issue_date else None
    wanted = [text for text in (number_line(doc), doc.issuer, date) if text]
    missing = [text for text in wanted if text.replace(" ", "") not in over.replace(" ", "")]
    _, red_top_mm, _ = _masthead_ink(pdf) if red_name else (None, None, None)
    red_ok = not red_name or red_top_mm is not None
    measured = "、".join(
        part
        for part in (
            ("名称红色" if red_name and red_ok else "名称无红色墨迹" if red_name else ""),
            "期号、总期号、编印单位、日期俱在" if not missing else "缺：" + "、".join(missing),
        )
        if part
    )
    return Clause(
        "—",
        f"报头（{form}）",
        required,
        measured,
        not missing and red_ok,
        "本系列已印各期的报头（GB/T 9704 无简报格式，标准之外）",
    )


def _signature(doc: Document, body: list[TextLine], page_width: float) -> Clause:
    """7.3.5.2 (no seal): the issuer, and under it the date starting two characters right of
    the issuer's first; whichever ends further right stands 右空二字."""
    required = "署名右空二字，日期首字比署名首字右移二字"
    date = chinese_date(doc.issue_date) if doc.issue_date else None
    at = next((i for i in range(len(body) - 1, 0, -1) if date and body[i].text == date), None)
    if at is None or body[at - 1].text != doc.issuer:
        return Clause("7.3.5.2", "落款", required, "未见署名和成文日期", False, TOL_PLATE)
    issuer, signed = body[at - 1], body[at]
    char = SIZES_PT["三号"]
    area_right = page_width - MARGIN_RIGHT_MM * PT_PER_MM
    right = _mm(area_right - max(issuer.x1, signed.x1))
    shift = _mm(signed.x0 - issuer.x0)
    tolerance = PLATE_TOLERANCE_MM
    ok = abs(right - _mm(2 * char)) <= tolerance and abs(shift - _mm(2 * char)) <= tolerance
    measured = f"右空 {right:.1f} mm，日期右移 {shift:.1f} mm"
    return Clause("7.3.5.2", "落款", required, measured, ok, TOL_PLATE)


def _every_glyph(lost: list[LostGlyphs]) -> Clause:
    shown = "无缺字" if not lost else "；".join(str(x) for x in lost[:3])
    return Clause(
        "6.1", "逐字印出", "字迹清楚无断划：文档的每个字都印出", shown, not lost, TOL_COUNT
    )


def as_json(clauses: list[Clause]) -> list[dict[str, Any]]:
    return [asdict(clause) for clause in clauses]
