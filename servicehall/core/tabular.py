"""Tabular files of an import (导入表格): .csv and .xlsx read row by row, errors by row and field.

Every import of the system (case events, platform figures) reads its file here, so a file is
decoded, its header checked and its errors worded the same way whatever it holds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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
    path: Path, data: bytes, columns: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (file row number, {column: text}) for a .csv or .xlsx file with ``columns``."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield from _read_csv(data, columns)
    elif suffix in (".xlsx", ".xlsm"):
        yield from _read_xlsx(data, columns)
    else:
        raise ImportRejected(
            [
                RowError(
                    0, "文件", f"不支持的文件类型 {suffix or '（无扩展名）'}，应为 .csv 或 .xlsx"
                )
            ]
        )


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRejected([RowError(0, "文件", "无法识别的文字编码，应为 UTF-8 或 GB18030")])


def _header_map(header: list[str], columns: tuple[str, ...]) -> dict[str, int]:
    names = [str(h or "").strip().lower() for h in header]
    missing = [c for c in columns if c not in names]
    if missing:
        raise ImportRejected([RowError(1, "表头", f"缺少列：{', '.join(missing)}")])
    return {c: names.index(c) for c in columns}


def _read_csv(data: bytes, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportRejected([RowError(1, "表头", "文件为空")]) from None
    index = _header_map(header, columns)
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        yield number, {c: (values[i].strip() if i < len(values) else "") for c, i in index.items()}


def _read_xlsx(data: bytes, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportRejected(
            [RowError(0, "文件", f"不是有效的 xlsx 文件（{exc.__class__.__name__}）")]
        ) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [_cell(value) for value in next(rows)]
    except StopIteration:
        raise ImportRejected([RowError(1, "表头", "工作表为空")]) from None
    index = _header_map(header, columns)
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        yield number, {c: _cell(values[i] if i < len(values) else None) for c, i in index.items()}
    book.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
