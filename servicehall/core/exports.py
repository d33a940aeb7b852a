"""Exports of a list (导出): the rows a page shows, as CSV or XLSX.

One row generator feeds both formats; CSV cells that a spreadsheet would run as a formula
(=, +, -, @ …) are escaped by defusedcsv.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
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


@dataclass(frozen=True)
class ChartTable:
    """A chart's data as a table (图表数据表): shown under the chart on request and exported
    as CSV or XLSX with the same headers and numbers (``?export=csv&table=<name>``)."""

    name: str  # in the export link and the element ids
    title: str  # the caption and the export's file name
    headers: list[str]
    rows: list[list[Any]]
    links: list[str] = field(default_factory=list)  # a row's page, linked from its first cell
    text_columns: int = 1  # the leading columns that hold text; the rest are numbers

    def shown_rows(self) -> list[tuple[str, list[Any]]]:
        """(link or "", cells) per row, for the page."""
        return [
            (self.links[i] if i < len(self.links) else "", row) for i, row in enumerate(self.rows)
        ]


def chart_export(request: HttpRequest, tables: Sequence[ChartTable]) -> HttpResponse | None:
    """The export a page's ``?export=csv|xlsx&table=NAME`` asks for, or None."""
    fmt = request.GET.get("export")
    if not fmt:
        return None
    for table in tables:
        if table.name == request.GET.get("table", tables[0].name if tables else ""):
            return export_response(fmt, table.title, table.headers, table.rows)
    return HttpResponse("未知的数据表", status=404)


def export_query(request: HttpRequest) -> str:
    """The page's query string without its export parameters, for the export links."""
    query = request.GET.copy()
    for key in ("export", "table"):
        query.pop(key, None)
    return query.urlencode()
