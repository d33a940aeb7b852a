"""Exports of a list (导出): the rows a page shows, as CSV or XLSX.

One row generator feeds both formats; CSV cells that a spreadsheet would run as a formula
(=, +, -, @ …) are escaped by defusedcsv.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# What a cell holds once exported: text, or a number kept as a number.
CellValue = str | int | float | Decimal


def plain(value: Any) -> CellValue:
    """A cell as data: local times, ISO dates, numbers kept as numbers, empty for None."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float | Decimal):
        return value
    return str(value)


def render_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    from defusedcsv import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([plain(v) for v in row])
    # The BOM lets Excel and WPS open UTF-8 CSV with Chinese text correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_xlsx(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "导出"
) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "导出")
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_xlsx_cell(plain(v)) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value: CellValue) -> str | int | float:
    # openpyxl writes a string starting with "=" as a formula: keep user text as text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return float(value) if isinstance(value, Decimal) else value


def export_response(
    fmt: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    if fmt == "csv":
        content = render_csv(headers, rows)
    elif fmt == "xlsx":
        content = render_xlsx(headers, rows, title=filename)
    else:
        return HttpResponse("未知导出格式", status=400)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = content_disposition(f"{filename}.{fmt}")
    return response


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """A Content-Disposition header for a Chinese file name (RFC 6266 ``filename*``)."""
    return f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(filename)}"
