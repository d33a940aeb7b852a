"""Import of case events from .csv and .xlsx files (办件事件导入): streamed, set-based, all or nothing.

1. The file's SHA-256: a file imported before changes nothing and is not read again.
2. Stream the rows through a lean check (no ORM objects; the first 50 errors are kept, all are
   counted, each naming its file row and column) into a staging table: executemany on SQLite,
   COPY on PostgreSQL. Memory stays flat whatever the file's size.
3. Check the staged rows against the registers and each case's life (``importchecks``): row
   errors when strict, named warnings when lenient.
4. In one transaction, in SQL: the cases first seen in the file (their 办理项 and promised date on
   the working-day calendar), one ``INSERT … SELECT`` of the new events into the log (an event id
   already there is skipped), the conflicts (an id already imported, or twice in the file, with
   other content) checked only when some row was skipped, and the daily rollups added.

Any error rejects the whole file: nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from servicehall.cases import columnar
from servicehall.cases.entry import PROXY_REASON_LENGTH
from servicehall.cases.eventfile import COLUMNS, OPTIONAL, REQUIRED, TEXT_LIMITS
from servicehall.cases.importchecks import (
    LIFE,
    build_life,
    check_records,
    cross_department_sql,
    drop_life,
)
from servicehall.cases.models import Case, CaseEvent, Channel, EventKind, ImportBatch
from servicehall.cases.rollups import add_counts_sql
from servicehall.catalog.models import HandlingItem
from servicehall.core.bulk import db_datetime, table
from servicehall.core.tabular import MAX_REPORTED_ERRORS, ImportRejected, RowError, read_rows
from servicehall.org.models import Department
from servicehall.workcal.workdays import add_working_days

# As the import page and every error about a kind word it: codes or Chinese names.
KIND_NAMES = f"{'/'.join(EventKind.values)} 或 {'/'.join(EventKind.labels)}"
CHANNEL_NAMES = "、".join(Channel.labels)
STAGE_BATCH = 10_000  # rows per executemany / COPY, and between two progress reports
# Timestamps outside these years are typing errors, and some overflow a database's range.
FIRST_YEAR, LAST_YEAR = 1990, 2100
UTC_OFFSET = dt.timedelta(hours=8)  # Asia/Shanghai, no summer time
SHORTEST_LIMIT = min(limit for _, limit in TEXT_LIMITS)  # a row within it needs no length check
SQLITE_IMPORT_CACHE_KIB = 262_144  # 256 MiB of page cache while the log's indexes take the rows

# Called with the rows read so far and the stage: after each staged chunk while reading, once
# when writing to the log begins.
Progress = Callable[[int, str], None]
READING, WRITING = "读取校验", "写入数据库"


@dataclass
class ImportResult:
    """What an import did (导入结果)."""

    rows: int
    created: int
    skipped: int
    batch_id: int | None
    unknown_departments: list[str] = field(default_factory=list)
    # Lenient imports: each kind of problem with the registers or a case's life, named.
    warnings: list[str] = field(default_factory=list)
    # Seconds of each step (``Steps``), in their order: what ``make bench`` shows.
    steps: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "skipped": self.skipped,
            "batch": self.batch_id,
            "unknown_departments": self.unknown_departments,
            "warnings": self.warnings,
            "steps": self.steps,
        }


class Steps:
    """The seconds of an import's steps (导入各步用时), each measured from the end of the last."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._mark = time.perf_counter()

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = round(self.seconds.get(name, 0.0) + now - self._mark, 3)
        self._mark = now


class RowChecker:
    """Checks rows and turns them into staging tuples (行校验); keeps the first errors."""

    def __init__(self, *, strict: bool, user: Any = None) -> None:
        self.strict = strict
        self.kinds = EventKind.accepted_names()
        self.departments: dict[str, int] = {}
        # A file imported by a login names only departments of its center's subtree (a sibling's
        # or the parent's name is unknown to it); from the command line, every department.
        known = Department.objects.all() if user is None else Department.objects.for_user(user)
        for dept in known:
            self.departments[dept.name] = dept.pk
            for alias in dept.alias_list():
                self.departments.setdefault(alias, dept.pk)
        self.errors: list[RowError] = []
        self.error_count = 0
        self.rows = 0
        self.sqlite = connection.vendor == "sqlite"
        self.required = [COLUMNS.index(c) for c in REQUIRED]
        self.limits = [(COLUMNS.index(c), c, limit) for c, limit in TEXT_LIMITS]

    def error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(RowError(row, column, message))

    def check(self, rows: Iterable[tuple[int, tuple[str, ...]]]) -> Iterator[tuple[Any, ...]]:
        """Yield one staging tuple per good row; count and keep the errors of the others."""
        kinds, departments, error = self.kinds, self.departments, self.error
        channels = Channel.accepted_names()
        fromiso, eight, sqlite = dt.datetime.fromisoformat, UTC_OFFSET, self.sqlite
        limits = self.limits
        for number, values in rows:
            self.rows += 1
            event_id, case_no, kind_text, when, department, item_code, window, staff, via = values
            errors_before = self.error_count
            if not (event_id and kind_text and when):
                for i in self.required:
                    if not values[i]:
                        error(number, COLUMNS[i], "不能为空")
            kind = (kinds.get(kind_text) or kinds.get(kind_text.lower())) if kind_text else None
            if kind_text and kind is None:
                error(number, "kind", f"未知环节“{kind_text}”，应为 {KIND_NAMES}")
            local_day = utc = None
            if when:
                try:
                    moment = fromiso(when)
                except ValueError:
                    error(
                        number,
                        "occurred_at",
                        f"无法识别的时间“{when[:40]}”，应为 ISO 8601，如 2024-01-22T09:30:00",
                    )
                else:
                    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
                        error(number, "occurred_at", f"年份 {moment.year} 超出合理范围")
                    elif moment.tzinfo is None:
                        local_day, utc = moment.date(), moment - eight
                    else:
                        utc = moment.astimezone(dt.UTC).replace(tzinfo=None)
                        local_day = (utc + eight).date()
            channel = (channels.get(via) or channels.get(via.lower())) if via else ""
            if channel is None:
                error(number, "channel", f"未知渠道“{via[:20]}”，应为 {CHANNEL_NAMES}")
            department_id = departments.get(department) if department else None
            if department and department_id is None and self.strict:
                error(number, "department", f"部门“{department}”不在进驻部门名录中")
            if len(max(values, key=len)) > SHORTEST_LIMIT:
                for i, column, limit in limits:
                    if len(values[i]) > limit:
                        error(number, column, f"超过 {limit} 个字符")
            if "\x00" in "".join(values):
                error(number, "文件", "含有 NUL 控制字符")
            if self.error_count != errors_before or utc is None or local_day is None:
                continue
            yield (
                number,
                event_id,
                case_no,
                kind,
                str(utc) if sqlite else utc.replace(tzinfo=dt.UTC),
                local_day.isoformat() if sqlite else local_day,
                department_id,
                department,
                item_code,
                window,
                staff,
                channel,
            )


def file_digest(path: Path, data: bytes | None) -> str:
    """SHA-256 of the file, read in chunks."""
    if data is not None:
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
    except OSError as exc:
        raise ImportRejected([RowError(0, "文件", f"无法读取：{exc.strerror}")]) from exc
    return digest.hexdigest()


def _login(username: str) -> Any:
    """The login that imports a file (its center and subtree bound the file), if it is one."""
    from servicehall.accounts.models import User

    if not username:
        return None
    return User.objects.filter(username=username, is_active=True).first()


def import_events(
    path: Path | str,
    *,
    data: bytes | None = None,
    strict: bool | None = None,
    imported_by: str = "",
    progress: Progress | None = None,
    name: str | None = None,
) -> ImportResult:
    """Import one events file, all or nothing; importing it again changes nothing.

    ``name`` is the file's name as its user knows it (an upload kept in a temporary file).
    ``strict``: a name missing from a register, or a step out of its case's life, refuses the
    file (row errors); else each kind of problem is one named warning (``importchecks``)."""
    if strict is None:
        strict = settings.SERVICEHALL_STRICT_IMPORTS
    path = Path(path)
    digest = file_digest(path, data)
    earlier = (
        ImportBatch.objects.filter(kind="events", sha256=digest, rolled_back_at__isnull=True)
        .order_by("pk")
        .first()
    )
    if earlier is not None:
        return ImportResult(rows=earlier.rows, created=0, skipped=earlier.rows, batch_id=None)
    importer = _login(imported_by)
    steps = Steps()
    checker = RowChecker(strict=strict, user=importer)
    after_chunk = (lambda: progress(checker.rows, READING)) if progress else None
    with _Staging() as staging:
        try:
            staged, counts = staging.fill_columnar(path, data, checker, after_chunk)
        except columnar.Irregular:
            # A file pyarrow's reader refuses is read row by row, from its start.
            staging.clear()
            checker = RowChecker(strict=strict, user=importer)
            staged = staging.fill(
                checker.check(read_rows(path, data, COLUMNS, OPTIONAL)), after_chunk=after_chunk
            )
            counts = None
        steps.done(READ_STEP)
        if checker.error_count:
            raise ImportRejected(checker.errors, checker.error_count)
        build_life(STAGING)
        problems = check_records(STAGING, strict=strict)
        steps.done(CHECK_STEP)
        if problems.errors:
            raise ImportRejected(problems.errors, problems.error_total)
        if progress:
            progress(checker.rows, WRITING)
        with _sqlite_cache(), transaction.atomic():
            batch = ImportBatch.objects.create(
                kind="events",
                file_name=(name or path.name)[:255],
                sha256=digest,
                rows=checker.rows,
                created_rows=0,
                skipped_rows=0,
                imported_by=imported_by,
                **({"center_id": importer.center_id} if importer is not None else {}),
            )
            last_id = CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            _create_cases(staging)
            _mark_proxies(batch.file_name)
            steps.done(CASES_STEP)
            rebuild = rebuild_indexes(staged, last_id)
            with _secondary_indexes_dropped(rebuild):
                created = staging.insert_events(batch.pk)
                steps.done(INSERT_STEP)
            if rebuild:
                steps.done(REBUILD_STEP)
            if created < staged:
                errors, total = staging.conflicts(batch.pk)
                if total:
                    raise ImportRejected(errors, total)
            unknown = staging.unknown_departments()
            if created == 0:
                transaction.set_rollback(True)  # nothing new: no batch, no cases
                return ImportResult(checker.rows, 0, staged, None, unknown, problems.warnings)
            _follow_cases()
            staging.add_to_rollups(batch.pk, last_id, counts=counts if created == staged else None)
            batch.created_rows, batch.skipped_rows = created, staged - created
            batch.save(update_fields=["created_rows", "skipped_rows"])
            steps.done(ROLLUP_STEP)
        steps.done(COMMIT_STEP)
    return ImportResult(
        checker.rows,
        created,
        staged - created,
        batch.pk,
        unknown,
        problems.warnings,
        steps=steps.seconds if rebuild else {**steps.seconds, REBUILD_STEP: 0.0},
    )


# The steps ``Steps`` times, in their order (``make bench`` shows each one's share).
READ_STEP, CHECK_STEP, CASES_STEP = "读取校验并暂存", "名录与流程核对", "新办件"
INSERT_STEP, REBUILD_STEP = "写入事件", "重建索引"
ROLLUP_STEP, COMMIT_STEP = "汇总与批次", "提交"

# An import adding at least this share of the rows the log holds drops the log's secondary index
# and builds it again after (one sort of every row) instead of inserting each row into it (a
# random B-tree insertion per row): measured in docs/benchmarks.md. Below REBUILD_MIN_ROWS the
# index is always kept: the rebuild's fixed cost is the log's whole size.
REBUILD_SHARE = 1.0
REBUILD_MIN_ROWS = 100_000


def rebuild_indexes(import_rows: int, log_rows: int) -> bool:
    """Whether an import of ``import_rows`` into a log of about ``log_rows`` rebuilds the log's
    secondary index (重建索引) rather than keep it up to date row by row."""
    return import_rows >= REBUILD_MIN_ROWS and import_rows >= REBUILD_SHARE * log_rows


def _secondary_index() -> tuple[str, str]:
    """The log's secondary index (day × kind × department): its name, and the SQL creating it."""
    index = next(i for i in CaseEvent._meta.indexes if i.name == "caseevent_day_kind_dept")
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(str(getattr(CaseEvent._meta.get_field(name), "column", name)))
        for name in index.fields
    )
    return index.name, f"CREATE INDEX {quote(index.name)} ON {table(CaseEvent)} ({columns})"


@contextmanager
def _secondary_indexes_dropped(rebuild: bool) -> Iterator[None]:
    """When ``rebuild``: the secondary index dropped for the insert and built again after it,
    in the import's transaction (a failed import keeps the index as it was)."""
    if not rebuild:
        yield
        return
    name, create = _secondary_index()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute(create)


@contextmanager
def _sqlite_cache() -> Iterator[None]:
    """A large SQLite page cache while the log's indexes take the rows (restored afterwards)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


STAGING = "servicehall_import_staging"
ADDED = "servicehall_import_added"
_STAGING_COLUMNS = (
    "row, event_id, case_no, kind, occurred_at, occurred_on, department_id, department_name, "
    "item_code, window_code, staff_ref, channel"
)
_CONTENT = (
    "case_no",
    "kind",
    "occurred_at",
    "department_name",
    "item_code",
    "window_code",
    "staff_ref",
    "channel",
)


class _Staging:
    """The file's good rows in a temporary table of this connection (暂存表)."""

    def __enter__(self) -> _Staging:
        self.postgres = connection.vendor == "postgresql"
        at, on = ("timestamptz", "date") if self.postgres else ("text", "text")
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {STAGING} (row integer PRIMARY KEY, event_id text, "
                f"case_no text, kind text, occurred_at {at}, occurred_on {on}, "
                "department_id integer, department_name text, item_code text, window_code text, "
                # seen: the row's event id is in the log already (a re-import): not checked.
                "staff_ref text, channel text, seen integer NOT NULL DEFAULT 0)"
            )
        return self

    def __exit__(self, *exc: object) -> None:
        drop_life()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {STAGING}")

    def fill_columnar(
        self,
        path: Path,
        data: bytes | None,
        checker: RowChecker,
        after_chunk: Callable[[], None] | None = None,
    ) -> tuple[int, Counter[columnar.RollupKey]]:
        """Read, check and stage the file by blocks (``columnar``): each block's good rows in
        one COPY (PostgreSQL) or one executemany (SQLite), the rows its fast checks could not
        vouch for through ``checker``. Returns the rows staged and their rollup counts. Raises
        ``columnar.Irregular`` for a file to read row by row (staging then holds a part)."""
        count = 0
        counts: Counter[columnar.RollupKey] = Counter()
        sql = f"INSERT INTO {STAGING} ({_STAGING_COLUMNS}) VALUES ({', '.join(['?'] * 12)})"
        savepoint = transaction.atomic() if connection.in_atomic_block else nullcontext()
        with savepoint, connection.cursor() as cursor:
            for block in columnar.blocks(
                path,
                data,
                kinds=checker.kinds,
                channels=Channel.accepted_names(),
                departments=checker.departments,
                strict=checker.strict,
                rows_per_block=STAGE_BATCH,
            ):
                checker.rows += block.rows - len(block.doubtful)
                accepted = list(checker.check(block.doubtful)) if block.doubtful else []
                if checker.error_count:
                    continue  # the file is refused: read on only to count and name errors
                if self.postgres:
                    with cursor.cursor.copy(
                        f"COPY {STAGING} ({_STAGING_COLUMNS}) FROM STDIN (FORMAT csv)"
                    ) as copy:
                        copy.write(columnar.as_csv(block.good))
                    if accepted:
                        with cursor.cursor.copy(
                            f"COPY {STAGING} ({_STAGING_COLUMNS}) FROM STDIN"
                        ) as copy:
                            for row in accepted:
                                copy.write_row(row)
                else:
                    raw = connection.connection
                    raw.executemany(sql, columnar.as_sqlite_rows(block.good))
                    if accepted:
                        raw.executemany(sql, accepted)
                counts.update(columnar.rollup_counts(block.good))
                for row in accepted:
                    day = row[5] if isinstance(row[5], dt.date) else dt.date.fromisoformat(row[5])
                    counts[(day, row[3], row[6])] += 1
                count += block.good.num_rows + len(accepted)
                if after_chunk:
                    after_chunk()
        return count, counts

    def fill(
        self, rows: Iterator[tuple[Any, ...]], after_chunk: Callable[[], None] | None = None
    ) -> int:
        """Write the rows in chunks, ``after_chunk`` called between them (for progress).

        Outside the log's transaction: the table is this connection's own, and SQLite must not
        take the database's write lock while a file is read. A failed COPY aborts an enclosing
        transaction, so there (and only there) the chunks go in under a savepoint.
        """
        count = 0
        sql = f"INSERT INTO {STAGING} ({_STAGING_COLUMNS}) VALUES ({', '.join(['%s'] * 12)})"
        savepoint = transaction.atomic() if connection.in_atomic_block else nullcontext()
        with savepoint, connection.cursor() as cursor:
            while chunk := list(itertools.islice(rows, STAGE_BATCH)):
                if self.postgres:
                    with cursor.cursor.copy(
                        f"COPY {STAGING} ({_STAGING_COLUMNS}) FROM STDIN"
                    ) as copy:
                        for row in chunk:
                            copy.write_row(row)
                else:
                    cursor.executemany(sql, chunk)
                count += len(chunk)
                if after_chunk:
                    after_chunk()
        return count

    def insert_events(self, batch_id: int) -> int:
        """New events into the log, in event-id order (the unique index grows at its end);
        an id the log holds already, or met earlier in the file, is skipped."""
        log, case = table(CaseEvent), table(Case)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {log} (event_id, case_id, case_no, kind, occurred_at, occurred_on, "
                "department_id, department_name, item_code, window_code, staff_ref, channel, "
                "batch_id, recorded_at) "
                "SELECT s.event_id, c.id, s.case_no, s.kind, s.occurred_at, s.occurred_on, "
                "s.department_id, s.department_name, s.item_code, s.window_code, s.staff_ref, "
                "s.channel, "
                f"%s, %s FROM {STAGING} s LEFT JOIN {case} c ON c.case_no = s.case_no "
                "AND s.case_no <> '' WHERE true ORDER BY s.event_id, s.row "
                "ON CONFLICT (event_id) DO NOTHING",
                [batch_id, db_datetime(timezone.now())],
            )
            return int(cursor.rowcount)

    def conflicts(self, batch_id: int) -> tuple[list[RowError], int]:
        """Rows whose event id is in the log with other content (导入冲突)."""
        log = table(CaseEvent)
        differs = " OR ".join(f"e.{c} <> s.{c}" for c in _CONTENT)
        where = f"FROM {STAGING} s JOIN {log} e ON e.event_id = s.event_id WHERE {differs}"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) {where}")
            total = int(cursor.fetchone()[0])
            cursor.execute(
                f"SELECT s.row, s.event_id, e.batch_id = %s {where} ORDER BY s.row LIMIT %s",
                [batch_id, MAX_REPORTED_ERRORS],
            )
            found = cursor.fetchall()
            errors = []
            for row, event_id, same_file in found:
                if same_file:
                    cursor.execute(
                        f"SELECT MIN(row) FROM {STAGING} WHERE event_id = %s", [event_id]
                    )
                    first = cursor.fetchone()[0]
                    message = f"事件编号 {event_id} 与第 {first} 行重复且内容不同"
                else:
                    message = f"事件编号 {event_id} 已导入且内容不同"
                errors.append(RowError(row, "event_id", message))
        return errors, total

    def add_to_rollups(
        self, batch_id: int, last_id: int, *, counts: Counter[columnar.RollupKey] | None
    ) -> None:
        """Add the new events to the daily rollups: the ``counts`` made while reading when every
        staged row went in, else grouped from the log's rows of this batch."""
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {ADDED}")
            if counts is None:
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {ADDED} AS SELECT occurred_on AS day, kind, "
                    f"department_id, COUNT(*) AS n FROM {table(CaseEvent)} "
                    f"WHERE id > {int(last_id)} AND batch_id = {int(batch_id)} "
                    "GROUP BY occurred_on, kind, department_id"
                )
            else:
                on = "date" if self.postgres else "text"
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {ADDED} (day {on}, kind text, "
                    "department_id integer, n integer)"
                )
                cursor.executemany(
                    f"INSERT INTO {ADDED} VALUES (%s, %s, %s, %s)",
                    [
                        (_db_date(day, self.postgres), kind, department, n)
                        for (day, kind, department), n in counts.items()
                    ],
                )
        add_counts_sql(f"SELECT day, kind, department_id, n FROM {ADDED}")
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {ADDED}")

    def unknown_departments(self) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT department_name FROM {STAGING} "
                "WHERE department_id IS NULL AND department_name <> '' ORDER BY department_name"
            )
            return [name for (name,) in cursor.fetchall()]


# ---- cases first seen in the file --------------------------------------------------------------

FIRST = "servicehall_import_first"
PROMISE = "servicehall_import_promise"


def _create_cases(staging: _Staging) -> None:
    """Cases named by the file and not yet registered, from the first row naming each (办件).

    A case first seen at its acceptance gets its 办理项 (by item code), and the promised
    completion date on the working-day calendar.
    """
    case, item = table(Case), table(HandlingItem)
    first_rows = (
        f"SELECT DISTINCT ON (case_no) * FROM {STAGING} WHERE case_no <> '' ORDER BY case_no, row"
        if staging.postgres
        # SQLite takes the other columns of a MIN() aggregate from the row holding the minimum.
        else f"SELECT MIN(row) AS row, event_id, case_no, kind, occurred_at, occurred_on, "
        f"department_id, department_name, item_code, window_code, staff_ref, channel "
        f"FROM {STAGING} "
        "WHERE case_no <> '' GROUP BY case_no"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FIRST}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {FIRST} AS SELECT f.* FROM ({first_rows}) f "
            f"WHERE NOT EXISTS (SELECT 1 FROM {case} c WHERE c.case_no = f.case_no)"
        )
        cursor.execute(
            f"SELECT DISTINCT f.occurred_on, h.time_limit_days FROM {FIRST} f "
            f"JOIN {item} h ON h.code = f.item_code "
            "WHERE f.kind = 'accept' AND h.time_limit_days > 0"
        )
        promises = [
            (day, days, _db_date(add_working_days(_as_date(day), days), staging.postgres))
            for day, days in cursor.fetchall()
        ]
        on = "date" if staging.postgres else "text"
        cursor.execute(f"DROP TABLE IF EXISTS {PROMISE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {PROMISE} (day {on}, days integer, due date)")
        cursor.executemany(f"INSERT INTO {PROMISE} VALUES (%s, %s, %s)", promises)
        cursor.execute(
            f"INSERT INTO {case} (case_no, department_id, handling_item_id, applicant, "
            "accepted_at, accepted_window, promised_days, promised_by, completed_at, "
            "accepted_elsewhere, channel) "
            # 受理 and 办结 from the file's rows of the case; no 受理 among them: elsewhere.
            # The channel is the first row's (a case comes in once), blank if it gives none.
            "SELECT f.case_no, f.department_id, h.id, '', l.first_accept, "
            "CASE WHEN f.kind = 'accept' THEN f.window_code ELSE '' END, p.days, p.due, "
            "l.first_complete, COALESCE(l.accepts, 0) = 0, f.channel "
            f"FROM {FIRST} f LEFT JOIN {item} h ON h.code = f.item_code "
            f"LEFT JOIN {PROMISE} p ON f.kind = 'accept' AND p.day = f.occurred_on "
            "AND p.days = h.time_limit_days "
            f"LEFT JOIN {LIFE} l ON l.case_no = f.case_no"
        )
        cursor.execute(f"DROP TABLE {FIRST}")
        cursor.execute(f"DROP TABLE {PROMISE}")


def _mark_proxies(file_name: str) -> None:
    """The cases the file accepts at a department's window for another department, at a center
    that takes them as 代收 (``cases.entry``): marked so, the file named as the record of why (an
    events file has no column for a reason)."""
    reason = f"事件文件“{file_name[:120]}”导入的代收，文件未载明原因"[:PROXY_REASON_LENGTH]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table(Case)} SET proxy_reason = %s WHERE proxy_reason = '' AND case_no IN "
            f"(SELECT x.case_no FROM ({cross_department_sql(STAGING, proxy=True)}) x)",
            [reason],
        )


def _follow_cases() -> None:
    """The cases registered before the file take their 受理 and 办结 from its new events, where
    the case has none yet: the state the next import's checks and the window read. (The cases
    the file creates take them as they are inserted.)"""
    case = table(Case)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {case} SET "
            f"accepted_at = COALESCE(accepted_at, (SELECT l.first_accept FROM {LIFE} l "
            f"WHERE l.case_no = {case}.case_no)), "
            f"completed_at = COALESCE(completed_at, (SELECT l.first_complete FROM {LIFE} l "
            f"WHERE l.case_no = {case}.case_no)) "
            f"WHERE case_no IN (SELECT case_no FROM {LIFE} WHERE known = 1)"
        )


def _db_date(value: dt.date, postgres: bool) -> dt.date | str:
    return value if postgres else value.isoformat()


def _as_date(value: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
