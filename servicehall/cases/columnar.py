"""The columnar read of an events CSV (事件文件列式读取): pyarrow's CSV reader and compute kernels.

A well-formed file is read in blocks of a few MiB, and each block's rows are checked column by
column (pyarrow.compute, in C++): a row every check passes becomes a staging row without any
Python object per cell. A row some fast check cannot vouch for — an error, or an unusual but
valid spelling such as a time with its offset or a kind in capitals — goes through the row
checker (``importer.RowChecker``), which names its errors or accepts it: the rules and their
words stay written once, and the first 50 errors come in row order as before.

A file pyarrow's reader refuses (a row with more or fewer cells than the header, a blank line,
bytes that are not text in its encoding) raises ``Irregular``: the importer then reads it with
the row reader (``core.tabular``), which numbers and words its errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from django.conf import settings

from servicehall.cases.eventfile import COLUMNS, OPTIONAL, TEXT_LIMITS
from servicehall.core.encodings import BinaryFileError, sniff_encoding
from servicehall.core.tabular import ImportRejected, RowError

BLOCK_BYTES = 8 << 20  # per block: ~70,000 rows of a typical file, a few dozen MiB in memory
ISO_SECONDS = r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d$"  # the spelling the fast path parses
EIGHT_HOURS = pa.scalar(8 * 3600, pa.duration("s"))  # Asia/Shanghai, no summer time
SNIFF_BYTES = 1 << 16

# The staging table's columns, in its order (``importer._STAGING_COLUMNS``).
STAGING_NAMES = (
    "row",
    "event_id",
    "case_no",
    "kind",
    "occurred_at",
    "occurred_on",
    "department_id",
    "department_name",
    "item_code",
    "window_code",
    "staff_ref",
    "channel",
)


class Irregular(Exception):
    """The file is not one pyarrow's reader takes as it stands: read it row by row instead."""


@dataclass
class Block:
    """One block's checked rows: ``good`` as a staging table, the others as (row, texts)."""

    good: pa.Table
    doubtful: list[tuple[int, tuple[str, ...]]]
    rows: int  # non-blank rows in the block


def _header(path: Path, data: bytes | None, encoding: str) -> list[str]:
    head = data[:SNIFF_BYTES] if data is not None else path.open("rb").read(SNIFF_BYTES)
    try:
        line = head.decode(encoding, errors="strict").splitlines()[0]
    except (UnicodeDecodeError, IndexError) as exc:
        raise Irregular from exc
    if '"' in line:
        raise Irregular  # a quoted header: the row reader parses it
    return [name.strip().lower() for name in line.split(",")]


def blocks(
    path: Path,
    data: bytes | None,
    *,
    kinds: dict[str, str],
    channels: dict[str, str],
    departments: dict[str, int],
    strict: bool,
    rows_per_block: int,
    blank_department_ok: bool = True,
    known_departments: set[str] | None = None,
) -> Iterator[Block]:
    """The file's blocks of ``rows_per_block`` rows at most, checked. Raises ``Irregular``
    before yielding a block it could not read whole (the importer then starts again with the
    row reader). ``departments``: the names the fast path may place by themselves
    (``importer.Places.plain_names``); a row naming a center, another department, or none
    where ``blank_department_ok`` is false goes to the row checker. ``known_departments``: in
    a lenient import where an unplaced row may count, every name some register knows
    (``importer.Places.known_names``); a name outside it is kept as text with no department,
    as the row checker keeps it, without passing through it."""
    if path.suffix.lower() != ".csv":
        raise Irregular
    head = data[:SNIFF_BYTES] if data is not None else path.open("rb").read(SNIFF_BYTES)
    try:
        encoding = sniff_encoding(head)
    except BinaryFileError as exc:
        raise Irregular from exc
    names = _header(path, data, encoding)
    if not head.strip() or len(set(names)) != len(names):
        raise Irregular
    missing = [c for c in COLUMNS if c not in names and c not in OPTIONAL]
    if missing:
        raise Irregular  # the row reader words the missing columns
    present = [c for c in COLUMNS if c in names]
    source: Any = pa.py_buffer(data) if data is not None else str(path)
    try:
        reader = pacsv.open_csv(
            pa.BufferReader(source) if data is not None else source,
            read_options=pacsv.ReadOptions(
                block_size=BLOCK_BYTES,
                use_threads=False,
                column_names=names,
                skip_rows=1,
                encoding="utf8" if encoding in ("utf-8", "utf-8-sig") else encoding,
            ),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                include_columns=present,
                column_types=dict.fromkeys(present, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeError, LookupError) as exc:
        raise Irregular from exc
    checks = _Checks(kinds, channels, departments, strict, blank_department_ok, known_departments)
    first_row = 2
    limit = settings.SERVICEHALL_MAX_ROWS
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            return
        except (pa.ArrowInvalid, UnicodeError) as exc:
            raise Irregular from exc
        n = batch.num_rows
        if first_row - 2 + n > limit:
            raise ImportRejected([RowError(limit + 2, "文件", f"超过 {limit:,} 行的上限")])
        for offset in range(0, n, rows_per_block):
            part = batch.slice(offset, rows_per_block)
            yield checks.block(part, first_row + offset, present)
        first_row += n


class _Checks:
    """The fast checks of ``importer.RowChecker``, column by column; what they cannot vouch for
    goes to it."""

    def __init__(
        self,
        kinds: dict[str, str],
        channels: dict[str, str],
        departments: dict[str, int],
        strict: bool,
        blank_department_ok: bool = True,
        known_departments: set[str] | None = None,
    ) -> None:
        self.kind_names = pa.array(list(kinds), pa.string())
        self.kind_values = pa.array(list(kinds.values()), pa.string())
        self.channel_names = pa.array(["", *channels], pa.string())
        self.channel_values = pa.array(["", *channels.values()], pa.string())
        self.department_names = pa.array(list(departments), pa.string())
        self.department_ids = pa.array(list(departments.values()), pa.int64())
        self.strict = strict
        self.blank_department_ok = blank_department_ok
        self.known_departments = (
            None if known_departments is None else pa.array(sorted(known_departments), pa.string())
        )

    def block(self, batch: pa.RecordBatch, first_row: int, present: list[str]) -> Block:
        n = batch.num_rows
        empty = pa.array([""] * n, pa.string()) if len(present) < len(COLUMNS) else None
        cols = {
            c: pc.utf8_trim_whitespace(batch.column(present.index(c))) if c in present else empty
            for c in COLUMNS
        }
        numbers = pa.array(range(first_row, first_row + n), pa.int64())
        blank = None
        for c in COLUMNS:
            is_empty = pc.equal(cols[c], "")
            blank = is_empty if blank is None else pc.and_(blank, is_empty)
        kind_at = pc.index_in(cols["kind"], value_set=self.kind_names)
        when = cols["occurred_at"]
        shaped = pc.match_substring_regex(when, ISO_SECONDS)
        # A time of the fast path's one spelling; any other goes to the row checker.
        local = pc.strptime(
            pc.if_else(shaped, pc.utf8_replace_slice(when, 10, 11, "T"), "2000-01-01T00:00:00"),
            format="%Y-%m-%dT%H:%M:%S",
            unit="s",
            error_is_null=True,
        )
        years = pc.year(local)
        from servicehall.cases.importer import FIRST_YEAR, LAST_YEAR

        good = pc.and_kleene(shaped, pc.is_valid(local))
        good = pc.and_(
            good, pc.and_(pc.greater_equal(years, FIRST_YEAR), pc.less_equal(years, LAST_YEAR))
        )
        good = pc.and_(good, pc.is_valid(kind_at))
        good = pc.and_(good, pc.not_equal(cols["event_id"], ""))
        channel_at = pc.index_in(cols["channel"], value_set=self.channel_names)
        good = pc.and_(good, pc.is_valid(channel_at))
        department_at = pc.index_in(cols["department"], value_set=self.department_names)
        # Only a department the importer's subtree places by its name alone (or none, where a
        # row without one may count): any other row, or one naming a center, is the row
        # checker's, which words the refusal or finds the department (importer.Places).
        placed = pc.is_valid(department_at)
        if self.blank_department_ok:
            placed = pc.or_(placed, pc.equal(cols["department"], ""))
        if self.known_departments is not None:
            # Lenient: a name no register knows stays text, with no department (Places.place).
            unknown = pc.invert(pc.is_in(cols["department"], value_set=self.known_departments))
            placed = pc.or_(placed, unknown)
        good = pc.and_(good, placed)
        if "center" in cols:
            good = pc.and_(good, pc.equal(cols["center"], ""))
        for column, limit in TEXT_LIMITS:
            good = pc.and_(good, pc.less_equal(pc.utf8_length(cols[column]), limit))
        for c in COLUMNS:
            good = pc.and_(good, pc.invert(pc.match_substring(cols[c], "\x00")))
        good = pc.fill_null(good, False)
        doubtful_mask = pc.and_(pc.invert(good), pc.invert(blank))
        doubtful: list[tuple[int, tuple[str, ...]]] = []
        if pc.any(doubtful_mask).as_py():
            picked = pa.table({"row": numbers, **{c: cols[c] for c in COLUMNS}}).filter(
                doubtful_mask
            )
            lists = [picked.column(name).to_pylist() for name in ("row", *COLUMNS)]
            doubtful = [(row, tuple(texts)) for row, *texts in zip(*lists, strict=True)]
        utc = pc.subtract(local, EIGHT_HOURS)
        staged = pa.table(
            {
                "row": numbers,
                "event_id": cols["event_id"],
                "case_no": cols["case_id"],
                "kind": pc.take(self.kind_values, kind_at),
                "occurred_at": pc.cast(utc, pa.timestamp("s", tz="UTC")),
                "occurred_on": pc.cast(local, pa.date32()),
                "department_id": pc.take(self.department_ids, department_at),
                "department_name": cols["department"],
                "item_code": cols["item_code"],
                "window_code": cols["window"],
                "staff_ref": cols["staff"],
                "channel": pc.take(self.channel_values, channel_at),
            }
        ).filter(good)
        blanks = pc.sum(pc.cast(blank, pa.int64())).as_py() or 0
        return Block(good=staged, doubtful=doubtful, rows=n - blanks)


def as_sqlite_rows(table: pa.Table) -> Iterator[tuple[Any, ...]]:
    """Staging rows as SQLite takes them: times as Django stores them (naive UTC text)."""
    columns: list[list[Any]] = []
    for name in STAGING_NAMES:
        column = table.column(name)
        if name == "occurred_at":  # a cast writes "YYYY-MM-DD HH:MM:SS" (25× strftime's speed)
            column = pc.cast(pc.cast(column, pa.timestamp("s")), pa.string())
        elif name == "occurred_on":
            column = pc.cast(column, pa.string())
        columns.append(column.to_pylist())
    return zip(*columns, strict=True)


def as_csv(table: pa.Table) -> bytes:
    """Staging rows as PostgreSQL's ``COPY … (FORMAT csv)`` takes them (an empty text quoted, a
    missing department id unquoted: NULL)."""
    table = table.select(list(STAGING_NAMES))
    at = STAGING_NAMES.index("occurred_at")
    # The time as text with its offset written out ("2024-01-22 01:15:00+00"), by a cast of the
    # zone-less time: the CSV writer formats a zoned time per value through the time-zone
    # database, 0.19 s of the 0.22 s it took for 200,000 rows (this one 0.01 s).
    naive = pc.cast(pc.cast(table.column(at), pa.timestamp("s")), pa.string())
    table = table.set_column(at, "occurred_at", pc.binary_join_element_wise(naive, "+00", ""))
    sink = pa.BufferOutputStream()
    pacsv.write_csv(
        table,
        sink,
        write_options=pacsv.WriteOptions(include_header=False, quoting_style="needed"),
    )
    csv: bytes = sink.getvalue().to_pybytes()  # pyarrow is untyped
    return csv
