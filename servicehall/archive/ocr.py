"""Text of scanned report pages by OCR (扫描件文字识别): poppler rasterises, Tesseract reads.

Tesseract with Debian's ``chi_sim`` model reads a page in about five seconds. Its output
is then mended where it predictably errs on these reports: spaces between Chinese characters
and digits, half-width brackets and the dash of a date range read as 一. The mean word
confidence is kept, so an import can say how far to trust the numbers.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Measured on the seeds printed and scanned at 300 dpi: read at 250 dpi Tesseract misses fewer
# figures than at 300 or 350, and each page takes ~5 s instead of ~7.
DPI = 250
LANGUAGE = "chi_sim"
PAGE_TIMEOUT_S = 120


class OcrUnavailable(RuntimeError):
    """Tesseract or its chi_sim model is not installed."""


@dataclass(frozen=True)
class OcrPage:
    """One page read by OCR (识别页): its text and its mean word confidence (0–100)."""

    text: str
    confidence: float


@cache
def available() -> bool:
    """Whether tesseract with the chi_sim model and pdftoppm are installed (asked once)."""
    if not (shutil.which("tesseract") and shutil.which("pdftoppm")):
        return False
    found = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return LANGUAGE in found.stdout.split()


def ocr_pdf_pages(data: bytes, pages: list[int]) -> dict[int, OcrPage]:
    """OCR of the given 1-based ``pages`` of a PDF."""
    if not available():
        raise OcrUnavailable("未安装 Tesseract 中文识别（tesseract-ocr、tesseract-ocr-chi-sim）")
    result = {}
    with tempfile.TemporaryDirectory(prefix="servicehall-ocr-") as tmp:
        source = Path(tmp) / "scan.pdf"
        source.write_bytes(data)
        for number in pages:
            stem = Path(tmp) / f"page-{number}"
            subprocess.run(
                ["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile",
                 "-f", str(number), "-l", str(number), str(source), str(stem)],
                check=True, capture_output=True, timeout=PAGE_TIMEOUT_S,
            )  # fmt: skip
            result[number] = ocr_image(stem.with_suffix(".png"))
    return result


def ocr_image(image: Path) -> OcrPage:
    """One page image read by Tesseract (TSV: words with their line and confidence)."""
    done = subprocess.run(
        ["tesseract", str(image), "stdout", "-l", LANGUAGE, "--psm", "6", "tsv"],
        capture_output=True,
        text=True,
        timeout=PAGE_TIMEOUT_S,
    )
    if done.returncode:
        raise OcrUnavailable(f"Tesseract 识别失败：{done.stderr.strip()[-200:]}")
    lines: dict[tuple[str, str, str], list[str]] = {}
    confidences = []
    for row in csv.DictReader(io.StringIO(done.stdout), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        if not word or row.get("level") != "5":
            continue
        lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(word)
        confidence = float(row.get("conf") or -1)
        if confidence >= 0:
            confidences.append(confidence)
    texts = [mend(" ".join(words)) for words in lines.values()]
    while texts and _FOLIO.match(texts[-1]):
        texts.pop()  # the page number at the foot (— 3 —), read as a line of its own
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrPage("\n".join(texts), round(mean, 1))


CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’、，。：；（）《》〈〉【】]"
_SPACE_NEAR_CJK = re.compile(rf"(?<={CJK})\s+|\s+(?={CJK})")
_SPACE_IN_NUMBER = re.compile(r"(?<=\d)\s+(?=[\d.,%])|(?<=[\d.,])\s+(?=\d)")
_RANGE_DASH = re.compile(r"(\d{1,2}月\d{1,2}日)[一-](\d{1,2}月\d{1,2}日)")
# A speck read as a character inside a date: 2024人年2月8日.
_DATE_SPECK = re.compile(r"(\d{4})[^\d\s年](年\d{1,2}月)|(\d{1,2})[^\d\s月](月\d{1,2}日)")
_BRACKETS = {"(": "（", ")": "）", "〈": "（", "〉": "）"}
_FOLIO = re.compile(r"^[—\-一_~\s]*\d{1,3}[—\-一_~\s]*$")
# Characters Tesseract's chi_sim reads for another in these reports' Song face, measured on
# rendered seeds at 300 dpi, and the words in which only that other character makes sense.
CONFUSIONS = {
    "兑": "总竞部郧贡兄党",
}
LEXICON = ("兑享", "兑现")
_LEXICON_FIXES = [
    (re.compile("".join(f"[{ch}{CONFUSIONS.get(ch, '')}]" for ch in word)), word)
    for word in LEXICON
]


def mend(line: str) -> str:
    """Undo what Tesseract predictably does to these reports' lines."""
    line = _SPACE_NEAR_CJK.sub("", line)
    line = _SPACE_IN_NUMBER.sub("", line)
    for pattern, word in _LEXICON_FIXES:
        line = pattern.sub(word, line)
    line = _RANGE_DASH.sub(r"\1—\2", line)
    line = _DATE_SPECK.sub(lambda m: (m.group(1) or m.group(3)) + (m.group(2) or m.group(4)), line)
    # Brackets beside Chinese text are the full-width ones these reports use.
    line = re.sub(
        rf"[()〈〉](?={CJK}|\d)|(?<={CJK})[()〈〉]|(?<=\d)[)〉]",
        lambda m: _BRACKETS[m.group(0)],
        line,
    )
    return line
