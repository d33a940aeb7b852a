"""Tabular files of an import (导入表格): .csv and .xlsx read row by row, errors by row and field.

Every import of the system (case events, platform figures) reads its file here, so a file is
decoded, its header checked and its errors worded the same way whatever it holds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from servicehall.core.encodings import BinaryFileError, sniff_encoding
from servicehall.core.uploads import NotAZipFile, UploadRefused, check_zip

MAX_REPORTED_ERRORS = 50


@dataclass(frozen=True)
class RowError:
    """One problem in one cell (行错误): file row (header = 1), column, message."""

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行，{self.field}：{self.message}"


class ImportRejected(Exception):
    """The file was rejected; nothing was written."""

    def __init__(self, errors: list[RowError], total: int | None = None):
        self.errors = errors
        self.total = total if total is not None else len(errors)
        shown = "\n".join(str(e) for e in errors[:MAX_REPORTED_ERRORS])
        more = (
            f"\n……另有 {self.total - MAX_REPORTED_ERRORS} 处错误"
            if self.total > MAX_REPORTED_ERRORS
            else ""
        )
        super().__init__(f"导入失败，共 {self.total} 处错误，未写入任何数据：\n{shown}{more}")


def read_table(
    path: Path, data: bytes | None, columns: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (file row number, {column: text}) for a .csv or .xlsx file with ``columns``."""
    for number, values in read_rows(path, data, columns):
        yield number, dict(zip(columns, values, strict=True))


TABULAR_SUFFIXES = (".csv", ".xlsx", ".xlsm")  # the files ``read_rows`` reads


def read_rows(
    path: Path, data: bytes | None, columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Yield (file row number, texts in the order of ``columns``) for a .csv or .xlsx file;
    a column of ``optional`` the header leaves out reads "".

    The file is read as a stream (``data`` when it is already in memory, else from ``path``), so
    memory stays flat whatever its size; blank rows are skipped, cells stripped.
    """
    suffix = path.suffix.lower()
    if suffix not in TABULAR_SUFFIXES:
        raise ImportRejected(
            [
                RowError(
                    0, "文件", f"不支持的文件类型 {suffix or '（无扩展名）'}，应为 .csv 或 .xlsx"
                )
            ]
        )
    try:
        stream: BinaryIO = io.BytesIO(data) if data is not None else path.open("rb")
    except OSError as exc:
        raise ImportRejected([RowError(0, "文件", f"无法读取：{exc.strerror}")]) from exc
    with stream:
        if suffix == ".csv":
            yield from _read_csv(stream, columns, optional)
        else:
            yield from _read_xlsx(stream, columns, optional)


SNIFF_BYTES = 1 << 16


def _encoding(stream: BinaryIO) -> str:
    """The encoding ``core.encodings`` reads from the file's start (UTF-8, UTF-16, GB18030)."""
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    try:
        return sniff_encoding(head)
    except BinaryFileError as exc:
        raise ImportRejected(
            [RowError(0, "文件", "不是文本格式的 CSV 文件（含二进制内容）")]
        ) from exc


def _header_map(
    header: list[str], columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[int | None]:
    """Where each column is in the header; None for an ``optional`` column the file leaves out."""
    names = [str(h or "").strip().lower() for h in header]
    missing = [c for c in columns if c not in names and c not in optional]
    if missing:
        raise ImportRejected([RowError(1, "表头", f"缺少列：{', '.join(missing)}")])
    return [names.index(c) if c in names else None for c in columns]


def _picker(index: list[int | None]) -> Callable[[list[str]], tuple[str, ...]]:
    """The cells of a row in the columns' order ("" for an optional column left out)."""
    if None in index:
        return lambda values: tuple("" if i is None else values[i] for i in index)
    found = [i for i in index if i is not None]
    return operator.itemgetter(*found) if len(found) > 1 else lambda v: (v[found[0]],)


def _read_csv(
    stream: BinaryIO, columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Iterator[tuple[int, tuple[str, ...]]]:
    encoding = _encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    reader = csv.reader(text)
    number = 1
    try:
        try:
            header = next(reader)
        except StopIteration:
            raise ImportRejected([RowError(1, "表头", "文件为空")]) from None
        index = _header_map(header, columns, optional)
        width = max(i for i in index if i is not None) + 1
        pick = _picker(index)
        strip = str.strip
        limit = settings.SERVICEHALL_MAX_ROWS + 1
        for number, values in enumerate(reader, start=2):
            if number > limit:
                raise ImportRejected([RowError(number, "文件", f"超过 {limit - 1:,} 行的上限")])
            if not any(values) or not any(map(strip, values)):
                continue  # a blank line, or cells holding only spaces
            if len(values) < width:
                values = values + [""] * (width - len(values))
            yield number, tuple(map(strip, pick(values)))
    except UnicodeDecodeError:
        raise ImportRejected(
            [RowError(number + 1, "文件", f"无法按 {encoding} 解码，应为 UTF-8、UTF-16 或 GB18030")]
        ) from None
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            message = f"单元格超过 {csv.field_size_limit():,} 个字符"
        elif "NUL" in str(exc):
            message = "含有 NUL 控制字符"
        else:
            message = f"CSV 格式有误：{exc}"
        raise ImportRejected([RowError(number + 1, "文件", message)]) from None


XLSX_MAX_ROWS = 1_048_576  # Excel's own limit: a sheet claiming more is not a workbook
XLSX_MAX_CELL = 32_767  # characters Excel holds in one cell


def _read_xlsx(
    stream: BinaryIO, columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Iterator[tuple[int, tuple[str, ...]]]:
    from openpyxl import load_workbook

    try:
        check_zip(stream, "工作簿")
    except NotAZipFile as exc:
        raise ImportRejected([RowError(0, "文件", "不是有效的 xlsx 文件（已损坏）")]) from exc
    except UploadRefused as exc:
        raise ImportRejected([RowError(0, "文件", str(exc))]) from exc
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportRejected(
            [RowError(0, "文件", f"不是有效的 xlsx 文件（{exc.__class__.__name__}）")]
        ) from exc
    try:
        links = _external_links(book)
        if links:
            raise ImportRejected(
                [
                    RowError(
                        0,
                        "文件",
                        f"工作簿含有 {len(links)} 个外部链接（{'、'.join(links[:3])}），"
                        "其公式的值来自别的文件，无法核对；请在 Excel 中“数据 → 编辑链接 → "
                        "断开链接”后另存，再导入",
                    )
                ]
            )
        sheet = book.worksheets[0]
        # The sheet's stated size is the file's word (a hostile one claims XFD1048576): rows
        # are read as they come, and no wider than the columns the header names.
        sheet.reset_dimensions()
        first = sheet.iter_rows(min_row=1, max_row=1, max_col=200, values_only=True)
        try:
            header = [_cell(value) for value in next(first)]
        except StopIteration:
            raise ImportRejected([RowError(1, "表头", "工作表为空")]) from None
        index = _header_map(header, columns, optional)
        width = max(i for i in index if i is not None) + 1
        for number, values in _numbered_rows(sheet, width):
            if number > XLSX_MAX_ROWS:
                raise ImportRejected([RowError(number, "文件", f"超过 {XLSX_MAX_ROWS:,} 行的上限")])
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            cells = tuple(
                _cell(values[i] if i is not None and i < len(values) else None) for i in index
            )
            if any(len(c) > XLSX_MAX_CELL for c in cells):
                raise ImportRejected(
                    [RowError(number, "文件", f"单元格超过 {XLSX_MAX_CELL:,} 个字符")]
                )
            yield number, cells
    finally:
        book.close()


def _external_links(book: object) -> list[str]:
    """The files a workbook's formulas read from (外部链接), by name."""
    names = []
    for link in getattr(book, "_external_links", []) or []:
        target = getattr(getattr(link, "file_link", None), "Target", "") or "未知文件"
        names.append(target.replace("\\", "/").rsplit("/", 1)[-1] or target)
    return names


def _numbered_rows(sheet: object, width: int) -> Iterator[tuple[int, tuple[object, ...]]]:
    """The sheet's rows from the second, numbered; a row openpyxl cannot read (a damaged cell,
    a date out of range) is that row's error in words, not a crash of the import."""
    rows = sheet.iter_rows(min_row=2, max_col=width, values_only=True)  # type: ignore[attr-defined]
    number = 1
    while True:
        number += 1
        try:
            values = next(rows)
        except StopIteration:
            return
        except ImportRejected:
            raise
        except Exception as exc:  # openpyxl raises many kinds for a damaged row
            raise ImportRejected(
                [
                    RowError(
                        number, "文件", f"该行无法读取（{exc.__class__.__name__}），文件可能已损坏"
                    )
                ]
            ) from exc
        yield number, values


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def estimated_rows(path: Path) -> int | None:
    """About how many rows a CSV holds below its header, from the line length of its first
    megabyte; None for a workbook (its row count is known only once read)."""
    if path.suffix.lower() != ".csv":
        return None
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(1 << 20)
    except OSError:
        return None
    lines = head.count(b"\n")
    return max(int(size * lines / len(head)) - 1, 0) if lines and head else None
