"""Text of scanned report pages by OCR (扫描件文字识别): poppler rasterises, Tesseract reads.

Tesseract with Debian's ``chi_sim`` model reads a page in about five seconds. Its output
is then mended where it predictably errs on these reports: spaces between Chinese characters
and digits, half-width brackets and the dash of a date range read as 一. The mean word
confidence is kept, so an import can say how far to trust the numbers.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from servicehall.reading.numbers import NUMBER

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
    # The numbers Tesseract read with low confidence (低置信度数字), as they stand in ``text``:
    # the facts stating them are marked for a person to confirm (reading.facts.mark_for_review).
    unsure: tuple[str, ...] = ()


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
            page = stem.with_suffix(".png")

            def reread(
                box: tuple[int, int, int, int], as_number: bool = True, number: int = number
            ) -> str:
                return _reread(source, number, box, Path(tmp), as_number)

            result[number] = ocr_image(page, reread)
    return result


def ocr_image(image: Path, reread: Callable[..., str] | None = None) -> OcrPage:
    """One page image read by Tesseract (TSV: words with their line and confidence).

    A word holding digits that Tesseract is unsure of (confidence < ``REREAD_BELOW``) is read
    again on its own, as a number: chi_sim read "67.48%" as "67.489%" (confidence 41); the
    same crop read by the ``eng`` model limited to digits gives 67.48%.
    """
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
    unsure: list[str] = []
    for row in csv.DictReader(io.StringIO(done.stdout), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        if not word or row.get("level") != "5":
            continue
        confidence = float(row.get("conf") or -1)
        box = (int(row["left"]), int(row["top"]), int(row["width"]), int(row["height"]))
        if reread and 0 <= confidence < REREAD_BELOW and _NUMBER_IN_WORD.search(word):
            word = _with_number(word, reread(box))
        if 0 <= confidence < REVIEW_BELOW and (number := _NUMBER_IN_WORD.search(word)):
            unsure.append(number.group(0).replace(",", ""))
        elif reread and "?" in word:  # a glyph Tesseract gave up on, read again on its own
            again = reread(box, as_number=False)
            if again and "?" not in again and abs(len(again) - len(word)) <= 1:
                word = again
        lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(word)
        if confidence >= 0:
            confidences.append(confidence)
    texts = [mend(" ".join(words)) for words in lines.values()]
    while texts and _FOLIO.match(texts[-1]):
        texts.pop()  # the page number at the foot (— 3 —), read as a line of its own
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrPage(mend_words("\n".join(texts)), round(mean, 1), tuple(unsure))


REREAD_BELOW = 60
# A number read below this confidence is marked for review even when read again: measured on
# the scanned seeds, every digit Tesseract changed (a 0 read as 9) was read below 80.
REVIEW_BELOW = 80
NUMBER_LANGUAGE = "eng"
# The one number pattern (``reading.numbers.NUMBER``), with a per cent sign.
_NUMBER_IN_WORD = re.compile(rf"{NUMBER}%?")
_NUMBER_ONLY = re.compile(rf"^{NUMBER}%?$")


def _reread(
    source: Path, page: int, box: tuple[int, int, int, int], tmp: Path, as_number: bool
) -> str:
    """One word's box of a page read again on its own ("" if nothing came of it): as a number,
    with the digits-only ``eng`` model; else as one word of ``chi_sim`` (measured: "?月" of a
    scanned 2023-9 masthead reads "3月").

    The box is padded by a third of its height: Tesseract's word boxes are tight, and a crop
    that cuts a digit's edge misreads it (measured: 6 read as 3 with 10 px of padding at 250 dpi).
    """
    left, top, width, height = box
    pad = max(height // 3, 8)
    crop = tmp / f"word-{page}-{left}-{top}-{int(as_number)}"
    try:
        subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", "-f", str(page),
             "-l", str(page), "-x", str(max(left - pad, 0)), "-y", str(max(top - pad, 0)),
             "-W", str(width + 2 * pad), "-H", str(height + 2 * pad), str(source), str(crop)],
            check=True, capture_output=True, timeout=PAGE_TIMEOUT_S,
        )  # fmt: skip
        model = (
            ["-l", NUMBER_LANGUAGE, "--psm", "7", "-c", "tessedit_char_whitelist=0123456789.,%"]
            if as_number
            else ["-l", LANGUAGE, "--psm", "8"]
        )
        done = subprocess.run(
            ["tesseract", str(crop.with_suffix(".png")), "stdout", *model],
            capture_output=True, text=True, timeout=PAGE_TIMEOUT_S,
        )  # fmt: skip
    except (subprocess.SubprocessError, OSError):
        return ""
    if not as_number:
        return _SPACE_NEAR_CJK.sub("", done.stdout.strip())
    text = done.stdout.strip().rstrip(".,")
    return text if _NUMBER_ONLY.match(text) else ""


def _with_number(word: str, number: str) -> str:
    """The word with its number replaced by the one read again, if that reading is plausible:
    the same shape (a percentage stays one) and at most one digit more or fewer."""
    found = _NUMBER_IN_WORD.search(word)
    if not number or not found:
        return word
    old = found.group(0)
    digits = sum(c.isdigit() for c in old) - sum(c.isdigit() for c in number)
    if old.endswith("%") != number.endswith("%") or abs(digits) > 1:
        return word
    return word[: found.start()] + number + word[found.end() :]


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
    "免": "负兔",
    "颁": "颂",
}
# The words, and what must follow for the mend to be sure: 减负 is a word of its own, but
# before an amount (减负147.59亿元) only 减免 makes sense.
LEXICON = {"兑享": "", "兑现": "", "减免": r"(?=\d)", "颁发": ""}
# A word may be broken across two lines of the page: the line break is kept where it was.
_LEXICON_FIXES = [
    (
        re.compile("(\n?)".join(f"[{ch}{CONFUSIONS.get(ch, '')}]" for ch in word) + after),
        word,
    )
    for word, after in LEXICON.items()
]


def mend_words(text: str) -> str:
    """Words of these reports in which only one reading makes sense (兑享, 减免, 颁发), mended
    where Tesseract read a look-alike character, also across a line break."""
    for pattern, word in _LEXICON_FIXES:
        text = pattern.sub(functools.partial(_keep_breaks, word=word), text)
    return text


def _keep_breaks(match: re.Match[str], *, word: str) -> str:
    breaks = [match.group(i) for i in range(1, len(word))]
    return word[0] + "".join(b + ch for b, ch in zip(breaks, word[1:], strict=True))


def mend(line: str) -> str:
    """Undo what Tesseract predictably does to these reports' lines."""
    line = _SPACE_NEAR_CJK.sub("", line)
    line = _SPACE_IN_NUMBER.sub("", line)
    line = _RANGE_DASH.sub(r"\1—\2", line)
    line = _DATE_SPECK.sub(lambda m: (m.group(1) or m.group(3)) + (m.group(2) or m.group(4)), line)
    # Brackets beside Chinese text are the full-width ones these reports use.
    line = re.sub(
        rf"[()〈〉](?={CJK}|\d)|(?<={CJK})[()〈〉]|(?<=\d)[)〉]",
        lambda m: _BRACKETS[m.group(0)],
        line,
    )
    return line
