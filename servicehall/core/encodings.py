"""Which encoding a text file is in (文字编码识别): BOM, UTF-8, UTF-16 without BOM, GB18030.

Files reach the hall from Excel ("Unicode text" is UTF-16), WPS and old systems (GBK/GB18030);
one function decides for every importer, from the file's first bytes.
"""

from __future__ import annotations

BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
PLAUSIBLE_SHARE = 0.9  # of decoded characters that must be text a report would hold


class BinaryFileError(ValueError):
    """Bytes that are no text in any encoding tried (a binary file)."""


def sniff_encoding(sample: bytes) -> str:
    """The encoding of a file that starts with ``sample`` (at most a few dozen KiB).

    Order: a BOM; UTF-8 (a character cut at the sample's end is forgiven, a stray NUL too);
    UTF-16 without BOM, told by its NUL bytes and by decoding to text a report would hold; else
    GB18030, which reads GBK and GB2312 too. NUL bytes in anything else mean a binary file.
    """
    for bom, encoding in BOMS:
        if sample.startswith(bom):
            return encoding
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8 = exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data"
    else:
        # A stray NUL in UTF-8 text is that row's error to report; UTF-16 is NULs throughout.
        utf8 = sample.count(0) < max(len(sample) // 10, 1)
    if utf8:
        return "utf-8-sig"
    if b"\x00" in sample:
        found = guess_utf16(sample)
        if found is None:
            raise BinaryFileError("文件不是文本文件（含二进制内容）")
        return found
    return "gb18030"


def guess_utf16(sample: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the bytes read as report text that way."""
    usable = sample[: len(sample) - len(sample) % 2]
    if len(usable) < 4:
        return None
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        text = usable.decode(encoding, errors="replace")
        share = sum(1 for ch in text if _plausible(ch)) / len(text)
        if share >= PLAUSIBLE_SHARE and (best is None or share > best[0]):
            best = (share, encoding)
    return best[1] if best else None


def _plausible(ch: str) -> bool:
    code = ord(ch)
    return (
        0x20 <= code < 0x7F
        or ch in "\n\r\t"
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0x3400 <= code <= 0x4DBF  # extension A
        or 0x3000 <= code <= 0x303F  # CJK punctuation 、。〇《》
        or 0xFF00 <= code <= 0xFFEF  # full-width forms （），：０-９
        or 0x2000 <= code <= 0x206F  # general punctuation — … “ ”
        or 0x2460 <= code <= 0x24FF  # enclosed numerals ①
        or code in (0xA0, 0xB7, 0xD7, 0x3007)
    )
