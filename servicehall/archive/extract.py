"""Text extraction from past report files (往期报告文字提取): .txt, .docx, .pdf.

Each format gives plain text, one printed line or paragraph per line, for the parser. Bold runs
of a .docx paragraph (a department's name) are kept as ``**…**``, the same marking the seed
texts carry. Failures are ``ReportFileError`` subclasses with a Chinese message, so the importer
can show them to the user as they are.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from servicehall.archive import ocr
from servicehall.core.encodings import BOMS, BinaryFileError, sniff_encoding
from servicehall.core.uploads import NotAZipFile, UploadRefused, check_size, check_zip

if TYPE_CHECKING:
    from docx.blkcntnr import BlockItemContainer
    from docx.document import Document as DocxDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from pypdf import PageObject

__all__ = [
    "CorruptFileError",
    "EncodingError",
    "ExtractedText",
    "ReportFileError",
    "ScannedPDFError",
    "UnsupportedFormatError",
    "extract_text",
]

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


class ReportFileError(Exception):
    """A report file that cannot be read (无法读取的报告文件); the message is for the user."""


class UnsupportedFormatError(ReportFileError):
    """Not one of .txt / .docx / .pdf (不支持的文件格式)."""


class EncodingError(ReportFileError):
    """A .txt file in no known encoding (无法识别的文字编码)."""


class CorruptFileError(ReportFileError):
    """A damaged or encrypted .docx / .pdf (文件已损坏或加密)."""


class ScannedPDFError(ReportFileError):
    """A PDF without a text layer (扫描件，无文字层): it would need OCR, so it is not guessed."""


@dataclass
class ExtractedText:
    """The text of a report file (提取的文字) and how it was read."""

    text: str
    source_format: str  # "txt", "docx" or "pdf"
    encoding: str | None = None  # for .txt: the encoding that decoded it
    pages: int | None = None  # for .pdf
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # pages read by OCR (扫描页)
    ocr_confidence: float | None = None  # their mean word confidence, 0–100
    unsure_numbers: list[str] = field(default_factory=list)  # read with low confidence


def extract_text(
    source: str | Path | bytes, suffix: str | None = None, *, name: str = ""
) -> ExtractedText:
    """Read a report file (path or bytes) as text; ``suffix`` (".pdf") overrides the path's.

    A file past its kind's size limit, or a .docx that would unpack past the zip limits, is
    refused before it is parsed (core.uploads)."""
    data, suffix = _load(source, suffix)
    name = name or (Path(source).name if isinstance(source, (str, Path)) else "报告文件")
    try:
        if suffix in SUPPORTED_SUFFIXES:
            check_size(name, len(data), suffix)
        if suffix == ".docx":
            check_zip(io.BytesIO(data), name)
    except NotAZipFile as exc:
        raise CorruptFileError("Word 文件已损坏或不是 .docx 格式，无法打开") from exc
    except UploadRefused as exc:
        raise ReportFileError(str(exc)) from exc
    if suffix == ".txt":
        return _extract_txt(data)
    if suffix == ".docx":
        return _extract_docx(data)
    if suffix == ".pdf":
        return _extract_pdf(data)
    if suffix == ".doc":
        raise UnsupportedFormatError("不支持旧版 Word（.doc）文件，请另存为 .docx 或 PDF 后再导入")
    raise UnsupportedFormatError(
        f"不支持的文件格式“{suffix or '无扩展名'}”，仅支持 .txt、.docx、.pdf"
    )


def _load(source: str | Path | bytes, suffix: str | None) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if not suffix:
            suffix = _sniff_suffix(data)
    else:
        path = Path(source)
        suffix = suffix or path.suffix
        data = read_report_file(path, suffix)
    suffix = suffix.lower()
    if not suffix.startswith("."):
        suffix = "." + suffix
    return data, suffix


def read_report_file(path: Path, suffix: str | None = None) -> bytes:
    """The bytes of a report file on disk, its size checked against its kind's limit before it
    is read whole into memory (``suffix`` overrides the path's)."""
    try:
        kind = (suffix or path.suffix).lower()
        if kind in SUPPORTED_SUFFIXES:
            check_size(path.name, path.stat().st_size, kind)
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ReportFileError(f"文件不存在：{path}") from exc
    except OSError as exc:
        raise ReportFileError(f"无法读取文件：{path}（{exc.strerror}）") from exc
    except UploadRefused as exc:
        raise ReportFileError(str(exc)) from exc


def _sniff_suffix(data: bytes) -> str:
    """Bytes without a name: tell the format by its signature (文件头)."""
    if data.startswith(b"%PDF"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        return ".docx"
    return ".txt"


# ---------------------------------------------------------------- .txt


def _extract_txt(data: bytes) -> ExtractedText:
    text, encoding = _decode(data)
    return ExtractedText(text=_clean(text), source_format="txt", encoding=encoding)


def _decode(data: bytes) -> tuple[str, str]:
    """Decode as ``core.encodings.sniff_encoding`` tells: BOM, UTF-8, UTF-16, GB18030."""
    try:
        encoding = sniff_encoding(data)
    except BinaryFileError as exc:
        # NUL bytes are never in GB18030 text: this is a binary file renamed to .txt.
        raise EncodingError("文件不是文本文件（含二进制内容），无法作为 .txt 导入") from exc
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if any(data.startswith(bom) for bom, _ in BOMS):
            raise EncodingError(f"文件声明为 {encoding} 编码，但内容无法按此解码") from exc
        raise EncodingError("无法识别文件的文字编码（已尝试 UTF-8、UTF-16、GB18030）") from exc
    # "utf-8-sig" reads both; the name says whether the file had the BOM.
    if encoding == "utf-8-sig" and not data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8"
    return text, encoding


def _clean(text: str) -> str:
    """Unify line ends; form feeds (PDF page breaks) become line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    return text.lstrip("\ufeff")


# ---------------------------------------------------------------- .docx


def _extract_docx(data: bytes) -> ExtractedText:
    import docx  # python-docx; imported here so .txt/.pdf imports do not need it

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptFileError("Word 文件已损坏或不是 .docx 格式，无法打开") from exc
    except Exception as exc:  # python-docx raises several own types for broken packages
        raise CorruptFileError(f"Word 文件无法打开：{exc}") from exc
    lines: list[str] = []
    _docx_block_lines(document, lines)
    return ExtractedText(text=_clean("\n".join(lines)), source_format="docx")


def _docx_block_lines(container: BlockItemContainer | DocxDocument, lines: list[str]) -> None:
    """Paragraphs and table cells in document order, one line each (表格里可能是版记)."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            _docx_table_lines(block, lines)
        else:
            lines.extend(_docx_textbox_lines(block))
            lines.append(_docx_paragraph_line(block))


def _docx_table_lines(table: Table, lines: list[str]) -> None:
    # The elements themselves, not their id(): a freed lxml proxy's id can be reused by the
    # next cell's proxy, which would then be skipped as "seen".
    seen: set[object] = set()
    for row in table.rows:
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans: read it once.
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            _docx_block_lines(cell, lines)


def _docx_paragraph_line(paragraph: Paragraph) -> str:
    """The paragraph's text; bold runs inside a not-all-bold paragraph marked ``**…**``."""
    pieces: list[tuple[str, bool]] = []
    for item in paragraph.iter_inner_content():
        bold = bool(getattr(item, "bold", False))
        pieces.append((item.text, bold))
    texts = [text for text, _ in pieces if text.strip()]
    if not texts or all(bold for text, bold in pieces if text.strip()):
        # A wholly bold paragraph is a heading set in bold: nothing to mark.
        return "".join(text for text, _ in pieces)
    out: list[str] = []
    for text, bold in _merge_runs(pieces):
        out.append(f"**{text}**" if bold and text.strip() else text)
    return "".join(out)


def _merge_runs(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    merged: list[tuple[str, bool]] = []
    for text, bold in pieces:
        if merged and merged[-1][1] == bold:
            merged[-1] = (merged[-1][0] + text, bold)
        else:
            merged.append((text, bold))
    return merged


def _docx_textbox_lines(paragraph: Paragraph) -> list[str]:
    """Text boxes anchored in the paragraph (红头 mastheads are often set in one)."""
    lines = []
    for box in paragraph._p.iter(f"{{{W_NS}}}txbxContent"):
        if any(anc.tag == f"{{{MC_NS}}}Fallback" for anc in box.iterancestors()):
            continue  # the VML fallback repeats the same box
        for p in box.iter(f"{{{W_NS}}}p"):
            lines.append("".join(t.text or "" for t in p.iter(f"{{{W_NS}}}t")))
    return lines


# ---------------------------------------------------------------- .pdf


def _extract_pdf(data: bytes) -> ExtractedText:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CorruptFileError("PDF 文件已加密，无法读取文字")
        texts = [_pdf_page_text(page) for page in reader.pages]
    except ReportFileError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CorruptFileError(f"PDF 文件已损坏，无法读取：{exc}") from exc
    scanned = [index for index, text in enumerate(texts, start=1) if not text.strip()]
    warnings: list[str] = []
    confidence = None
    if scanned:
        try:
            read = ocr.ocr_pdf_pages(data, scanned)
        except ocr.OcrUnavailable as exc:
            if len(scanned) == len(texts):
                raise ScannedPDFError(
                    f"扫描件，无文字层：该 PDF 没有可提取的文字，且无法文字识别（{exc}）"
                ) from exc
            warnings = [f"第{index}页无文字层（扫描页），无法文字识别，已跳过" for index in scanned]
            read = {}
        for index, page in read.items():
            texts[index - 1] = page.text
        if read:
            confidence = round(sum(p.confidence for p in read.values()) / len(read), 1)
            pages = "、".join(str(i) for i in read)
            warnings.append(
                f"第{pages}页为扫描页，文字由 OCR 识别（平均置信度 {confidence}%），请核对数字"
            )
    if not any(text.strip() for text in texts):
        raise ScannedPDFError("扫描件，无文字层：文字识别也未读出任何文字")
    texts = _quotes_in_place(data, texts, set(read) if scanned else set())
    return ExtractedText(
        text=_clean("\n".join(texts)),
        source_format="pdf",
        pages=len(texts),
        warnings=warnings,
        ocr_pages=sorted(read) if scanned else [],
        ocr_confidence=confidence,
        unsure_numbers=[number for page in read.values() for number in page.unsure]
        if scanned
        else [],
    )


def _pdf_page_text(page: PageObject) -> str:
    text = page.extract_text() or ""
    # pypdf may emit CJK compatibility forms or stray NULs from broken ToUnicode maps.
    return re.sub(r"[\x00\ufffd]", "", text)


QUOTES = re.compile("[“”‘’]")
_SPACE = re.compile(r"\s+")


def _quotes_in_place(data: bytes, texts: list[str], read: set[int]) -> list[str]:
    """The pages whose quotation marks pypdf set apart from their words, as poppler reads them.

    LibreOffice prints “” in a Latin font, drawn after the Chinese run they sit in; pypdf
    follows the drawing order (…第1 “段中 今年以来，累计咨询5501 ” “人次 有误…), poppler's
    ``pdftotext`` the reading order (…第1段中“今年以来，累计咨询5501人次”有误…), so an erratum's
    quoted passages were never read. A page is taken from ``pdftotext`` only where its text is
    pypdf's character for character but for where the marks stand (spaces aside): nothing else
    of any page read today changes. OCR'd pages (``read``, 1-based) stay as read."""
    if not any(QUOTES.search(text) for text in texts):
        return texts
    from servicehall.gbt9704.pdf import PdfRenderError, pdftotext

    try:
        pages = pdftotext(data, "-enc", "UTF-8").split("\f")
    except PdfRenderError:
        return texts
    mended = list(texts)
    for index, (mine, theirs) in enumerate(zip(texts, pages, strict=False), start=1):
        if index in read or not QUOTES.search(mine):
            continue
        theirs = re.sub(r"[\x00\ufffd]", "", theirs).strip("\n")
        a, b = _SPACE.sub("", mine), _SPACE.sub("", theirs)
        if a != b and QUOTES.sub("", a) == QUOTES.sub("", b):
            mended[index - 1] = theirs
    return mended
