"""Import of case events from .csv and .xlsx files (办件事件导入): streamed, set-based, all or nothing.

1. The file's SHA-256: a file imported before changes nothing and is not read again.
2. Read a CSV by blocks with pyarrow and check it column by column (``columnar``); the rows those
   checks cannot vouch for, and files pyarrow's reader refuses, go through the row checker
   (``RowChecker``: the first 50 errors kept in row order, all counted, each naming its row and
   column). Good rows go to a staging table: COPY on PostgreSQL, executemany on SQLite (one
   deferred transaction per block, which leaves the database's write lock free). Memory stays
   flat whatever the file's size.
3. Check the staged rows against the registers and each case's life (``importchecks``): row
   errors when strict, named warnings when lenient.
4. Publish in short transactions (``_publish``), in SQL: the cases first seen in the file (their
   办理项 and promised date on the working-day calendar), then the new events in the order of
   their rollups' key (day, kind, department: a chunk adds to a few hundred rollup rows) with
   their rollups, ``PUBLISH_ROWS`` to a transaction (an event id already there is skipped;
   the log's secondary index dropped and built again when the file is large against the log),
   the conflicts (an id already imported, or twice in the file, with other content) checked when
   some row was skipped, and a last transaction that ends the batch's publishing mark. Only that
   last transaction waits for the disk (``_relaxed_commits``).

Any error rejects the whole file: nothing stays written (what was published is taken back).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from servicehall.cases import columnar
from servicehall.cases.entry import PROXY_REASON_LENGTH, recorded_by_its_own_hall
from servicehall.cases.eventfile import (
    CENTER_NAME_LIMIT,
    COLUMNS,
    OPTIONAL,
    REQUIRED,
    TEXT_LIMITS,
)
from servicehall.cases.importchecks import (
    LIFE,
    analyze,
    build_life,
    check_records,
    cross_department_sql,
    drop_life,
)
from servicehall.cases.models import Case, CaseEvent, Channel, EventKind, ImportBatch
from servicehall.cases.rollups import add_counts_sql, cases_created, cases_written, take_away
from servicehall.catalog.models import HandlingItem
from servicehall.core.bulk import db_datetime, table
from servicehall.core.tabular import MAX_REPORTED_ERRORS, ImportRejected, RowError, read_rows
from servicehall.org.models import Department
from servicehall.workcal.workdays import add_working_days, has_local_days

# As the import page and every error about a kind word it: codes or Chinese names.
KIND_NAMES = f"{'/'.join(EventKind.values)} 或 {'/'.join(EventKind.labels)}"
CHANNEL_NAMES = "、".join(Channel.labels)
STAGE_BATCH = 10_000  # rows per executemany / COPY, and between two progress reports
# Timestamps outside these years are typing errors, and some overflow a database's range.
FIRST_YEAR, LAST_YEAR = 1990, 2100
UTC_OFFSET = dt.timedelta(hours=8)  # Asia/Shanghai, no summer time
SHORTEST_LIMIT = min(limit for _, limit in TEXT_LIMITS)  # a row within it needs no length check
SQLITE_IMPORT_CACHE_KIB = 262_144  # 256 MiB of page cache while the log's indexes take the rows
# The staging tables' own cache (SQLite's default is 2 MiB: every sort and scan of millions of
# staged rows went through the operating system's calls; they spill to a file past this).
SQLITE_TEMP_CACHE_KIB = 131_072

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
        self.places = Places(user)
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
        kinds, place, error = self.kinds, self.places.place, self.error
        channels = Channel.accepted_names()
        fromiso, eight, sqlite = dt.datetime.fromisoformat, UTC_OFFSET, self.sqlite
        limits = self.limits
        for number, values in rows:
            self.rows += 1
            (event_id, case_no, kind_text, when, department, item_code, window, staff, via,
             center) = values  # fmt: skip
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
            department_id, problem = place(department, center, self.strict)
            if problem is not None:
                error(number, *problem)
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


class Places:
    """Where a row's department is (部门定位): its name (or alias) within the center the
    ``center`` column names, else within the importer's own center, else the one department of
    that name in the importer's subtree. A login's file names only its subtree (a sibling's or the
    parent's department or center is refused, strict or not); a row that names no department,
    or a department no register knows in a lenient import, counts at the default center, so it
    is refused too where the default center is outside the login's subtree. From the command
    line (no login) every center is the file's."""

    def __init__(self, user: Any) -> None:
        from servicehall.cases.entry import no_department_here
        from servicehall.org.models import Center, default_center

        default = default_center()
        readable = Center.objects.all() if user is None else Center.objects.for_user(user)
        inside = {c.pk for c in readable}
        self.centers: dict[str, int | None] = {}  # name → center id (None: outside the subtree)
        short: dict[str, list[int]] = {}
        # A center that runs its own hall records its steps there (``entry.federated_problem``).
        self.own_hall: dict[int, str] = {}
        for center in Center.objects.all():
            if center.federated:
                self.own_hall[center.pk] = center.name
            self.centers[center.name] = center.pk if center.pk in inside else None
            if center.short_name:
                short.setdefault(center.short_name, []).append(center.pk)
        # A short name two centers share says neither (names are unique, short names not).
        self.ambiguous = {name for name, ids in short.items() if len(ids) > 1}
        for name, ids in short.items():
            if name not in self.ambiguous:
                self.centers.setdefault(name, ids[0] if ids[0] in inside else None)
        # (center id, name) → department; name → the departments of that name in the subtree.
        self.at: dict[tuple[int, str], int] = {}
        self.named: dict[str, set[int]] = {}
        self.outside: set[str] = set()
        self.pushed: dict[str, str] = {}  # department name → its own hall's center name
        for dept in Department.objects.all():
            for name in (dept.name, *dept.alias_list()):
                if dept.center_id in self.own_hall:
                    self.pushed.setdefault(name, self.own_hall[dept.center_id])
                elif dept.center_id in inside:
                    self.at.setdefault((dept.center_id, name), dept.pk)
                    self.named.setdefault(name, set()).add(dept.pk)
                else:
                    self.outside.add(name)
        own = getattr(user, "center_id", None) if user is not None else None
        self.home = own or (default.pk if default is not None else None)
        self.unplaced_ok = user is None or user.scope_sees_unassigned
        self.unplaced = no_department_here(default)

    def plain_names(self) -> dict[str, int]:
        """The department names a row places without a ``center`` column: the importer's own
        center's, and those only one department of the subtree bears (the fast path's)."""
        names = {name: next(iter(ids)) for name, ids in self.named.items() if len(ids) == 1}
        if self.home is not None:
            names.update(
                {name: pk for (center, name), pk in self.at.items() if center == self.home}
            )
        return names

    def known_names(self) -> set[str]:
        """Every department name (or alias) some register knows, in the subtree or outside
        it: a lenient row naming none of them counts with no department."""
        return set(self.named) | self.outside | set(self.pushed)

    def place(
        self, department: str, center: str, strict: bool
    ) -> tuple[int | None, tuple[str, str] | None]:
        """(department id or None, (column, message) of the row's error or None)."""
        center_id = self.home
        if center:
            if len(center) > CENTER_NAME_LIMIT:
                return None, ("center", f"超过 {CENTER_NAME_LIMIT} 个字符")
            if center in self.ambiguous and center not in self.centers:
                return None, ("center", f"中心简称“{center}”不止一个中心使用，请填写中心全称")
            if center not in self.centers:
                return None, ("center", f"中心“{center}”不在中心名录中")
            center_id = self.centers[center]
            if center_id is None:
                return None, ("center", f"中心“{center}”不在本中心及下级中心之内，不能导入")
            if center_id in self.own_hall:
                return None, ("center", recorded_by_its_own_hall(department or "其部门", center))
        if not department:
            return None, None if self.unplaced_ok else ("department", self.unplaced)
        found = self.at.get((center_id, department)) if center_id is not None else None
        if found is not None:
            return found, None
        if center:
            where = f"中心“{center}”的"
        else:
            candidates = self.named.get(department, set())
            if len(candidates) == 1:
                return next(iter(candidates)), None
            if len(candidates) > 1:
                return None, (
                    "department",
                    f"部门“{department}”在多个中心都有，须在 center 列填写所属中心",
                )
            if department in self.outside:
                return None, (
                    "department",
                    f"部门“{department}”不属于本中心及下级中心，不能导入",
                )
            if department in self.pushed:
                return None, (
                    "department",
                    recorded_by_its_own_hall(department, self.pushed[department]),
                )
            where = ""
        if strict or not self.unplaced_ok:
            return None, ("department", f"部门“{department}”不在{where}进驻部门名录中")
        return None, None


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
    recover_dead_imports()
    digest = file_digest(path, data)
    earlier = (
        ImportBatch.objects.filter(
            kind="events", sha256=digest, rolled_back_at__isnull=True, publishing_by=""
        )
        .order_by("pk")
        .first()
    )
    if earlier is not None:
        return ImportResult(rows=earlier.rows, created=0, skipped=earlier.rows, batch_id=None)
    importer = _login(imported_by)
    steps = Steps()
    checker = RowChecker(strict=strict, user=importer)
    after_chunk = (lambda: progress(checker.rows, READING)) if progress else None
    with _sqlite_cache(), _Staging() as staging:
        try:
            staged = staging.fill_columnar(path, data, checker, after_chunk)
        except columnar.Irregular:
            # A file pyarrow's reader refuses is read row by row, from its start.
            staging.clear()
            checker = RowChecker(strict=strict, user=importer)
            staged = staging.fill(
                checker.check(read_rows(path, data, COLUMNS, OPTIONAL)), after_chunk=after_chunk
            )
        steps.done(READ_STEP)
        if checker.error_count:
            raise ImportRejected(checker.errors, checker.error_count)
        analyze(STAGING)
        build_life(STAGING)
        problems = check_records(STAGING, strict=strict)
        steps.done(CHECK_STEP)
        if problems.errors:
            raise ImportRejected(problems.errors, problems.error_total)
        if progress:
            progress(checker.rows, WRITING)
        return _publish(
            staging,
            steps,
            staged=staged,
            rows=checker.rows,
            warnings=problems.warnings,
            batch_fields={
                "kind": "events",
                "file_name": (name or path.name)[:255],
                "sha256": digest,
                "rows": checker.rows,
                "created_rows": 0,
                "skipped_rows": 0,
                "imported_by": imported_by,
                **({"center_id": importer.center_id} if importer is not None else {}),
            },
        )


# A publishing transaction is about PUBLISH_SECONDS long: a window write or a login waits at
# most for one of them (SQLite has one writer at a time; PostgreSQL's rollups lock their rows
# until commit) — its length, not its rows, is what a waiting write feels. The first takes
# PUBLISH_ROWS rows; each next one the rows the last one's pace fits in PUBLISH_SECONDS, fewer
# on a loaded machine or a log whose indexes outgrew the cache (down to PUBLISH_MIN_ROWS), more
# on a fast one (at most PUBLISH_GROWTH times the last, up to PUBLISH_MAX_ROWS). Capped at
# 10,000 rows, a 2M-row import's transactions lasted ~0.08 s and SQLite's turn after each
# (below) was 60% of its time writing the log (docs/decisions.md, fifth pass).
PUBLISH_ROWS = 10_000
PUBLISH_MAX_ROWS = 100_000
PUBLISH_GROWTH = 2
PUBLISH_SECONDS = 0.4
PUBLISH_MIN_ROWS = 500
# SQLite's waiting writers poll for the lock (its busy handler sleeps up to 100 ms between
# tries) and nothing queues them: an import that begins its next transaction at once takes the
# lock again before they wake, and a login waited 1.7 s, a write 5 s, behind chunk after chunk.
# After each of its transactions the import leaves the lock free longer than that sleep.
SQLITE_TURN_SECONDS = 0.12


class Pacer:
    """The pace of an import's publishing transactions (分段节奏): each about
    ``PUBLISH_SECONDS`` long (``PUBLISH_ROWS`` rows the first, then as many as the last one's
    pace fits, within ``PUBLISH_MIN_ROWS`` … ``PUBLISH_MAX_ROWS``), and on SQLite a turn for the
    writers waiting after each one that committed (inside a caller's transaction nobody could
    take it)."""

    def __init__(
        self,
        using: str = DEFAULT_DB_ALIAS,
        clock: Callable[[], float] = time.perf_counter,
        *,
        checkpoint: bool = False,
    ) -> None:
        self.using = using
        self.clock = clock
        # SQLite: the turn copies the WAL's pages into the database file, the commits having
        # been told not to (``_relaxed_commits`` says so; it set ``wal_autocheckpoint`` 0).
        self.checkpoint = checkpoint
        self.rows = PUBLISH_ROWS
        self.transactions = 0
        self.longest = 0.0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One publishing transaction of ``self.rows`` rows; the next one's rows follow its pace."""
        database = connections[self.using]
        outermost = not database.in_atomic_block
        start = self.clock()
        with transaction.atomic(using=self.using):
            yield
        seconds = self.clock() - start
        self.transactions += 1
        self.longest = max(self.longest, seconds)
        if seconds > 0:
            paced = round(self.rows * PUBLISH_SECONDS / seconds)
            most = min(PUBLISH_MAX_ROWS, self.rows * PUBLISH_GROWTH)
            self.rows = max(min(PUBLISH_MIN_ROWS, PUBLISH_ROWS), min(most, paced))
        if outermost and database.vendor == "sqlite":
            # The turn is also when the transaction's pages go from the WAL to the database
            # file, where the import's commits do not checkpoint (``_relaxed_commits``: one was
            # a commit's whole time, 80 ms each into the demo's log): a passive checkpoint takes
            # no lock a writer waits for, so the waiting write goes on beside it.
            turn = time.perf_counter()
            if self.checkpoint:
                with database.cursor() as cursor:
                    cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
            rest = SQLITE_TURN_SECONDS - (time.perf_counter() - turn)
            if rest > 0:
                time.sleep(rest)


def _publish(
    staging: _Staging,
    steps: Steps,
    *,
    staged: int,
    rows: int,
    warnings: list[str],
    batch_fields: dict[str, Any],
) -> ImportResult:
    """Write the checked rows to the log in short transactions (分段发布), all or nothing.

    The batch is created first, marked as publishing by this process; the new cases, then the
    events (each chunk with its rollups, so the rollups equal the log at every commit) follow in
    chunks of ``PUBLISH_ROWS``; the last transaction moves the cases the file continues and
    clears the mark. A failure takes back everything published (``unpublish``); an import whose
    process died is taken back by the next import (``recover_dead_imports``).
    """
    with transaction.atomic():
        batch = ImportBatch.objects.create(**batch_fields, publishing_by=_this_process())
    last_id = CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    rebuild = False
    case_indexes = CaseIndexes()
    try:
        with _relaxed_commits() as checkpoint:
            _create_cases(staging, batch.pk, Pacer(checkpoint=checkpoint), case_indexes)
            steps.done(CASES_STEP)
            rebuild = rebuild_indexes(staged, last_id, connection.vendor)
            if rebuild:
                _drop_secondary_index()
            created = staging.insert_events(batch.pk, Pacer(checkpoint=checkpoint))
        steps.done(INSERT_STEP)
        if rebuild or case_indexes.dropped:
            if rebuild:
                _create_secondary_index()
                rebuild = False
            case_indexes.restore()
            steps.done(REBUILD_STEP)
        else:
            steps.seconds[REBUILD_STEP] = 0.0
        unknown = staging.unknown_departments()
        if created == 0:  # nothing new: no batch, no cases
            unpublish(batch.pk, last_id)
            return ImportResult(rows, 0, staged, None, unknown, warnings, steps=steps.seconds)
        _find_proxies()
        followed = _find_followed()
        with transaction.atomic():
            _mark_proxies(batch.file_name)
            _follow_cases(followed)
            batch.created_rows, batch.skipped_rows = created, staged - created
            batch.publishing_by = ""
            batch.save(update_fields=["created_rows", "skipped_rows", "publishing_by"])
        steps.done(COMMIT_STEP)
    except BaseException:
        if rebuild:
            _create_secondary_index()
        case_indexes.restore()
        unpublish(batch.pk, last_id)
        raise
    return ImportResult(
        rows, created, staged - created, batch.pk, unknown, warnings, steps=steps.seconds
    )


def _this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def _process_is_gone(mark: str) -> bool:
    """Whether the process that marked a batch as publishing has ended (this host's only)."""
    host, _, pid = mark.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def recover_dead_imports() -> int:
    """Take back what imports killed while publishing had written (导入中断恢复); returns how
    many batches. Run before every import."""
    dead = [
        batch
        for batch in ImportBatch.objects.exclude(publishing_by="").only("pk", "publishing_by")
        if _process_is_gone(batch.publishing_by)
    ]
    for batch in dead:
        first = (
            CaseEvent.objects.filter(batch_id=batch.pk)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        unpublish(batch.pk, (first or 1) - 1)
    if dead:
        _create_secondary_index(if_missing=True)
        CaseIndexes().restore(if_missing=True)
    return len(dead)


def unpublish(batch_id: int, after_id: int) -> None:
    """Take back a publishing batch (撤回未完成的导入): its events (ids above ``after_id``) and
    their rollups, and the cases it created, in short transactions; then the batch itself."""
    log, case = table(CaseEvent), table(Case)
    top = CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    start = after_id
    pacer = Pacer()
    while start < top:
        end = start + pacer.rows
        chunk = f"{log} WHERE id > {int(start)} AND id <= {int(end)} AND batch_id = {int(batch_id)}"
        with pacer.transaction(), connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TAKEN}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {TAKEN} AS SELECT occurred_on AS day, kind, "
                f"department_id, COUNT(*) AS n FROM {chunk} GROUP BY occurred_on, kind, department_id"
            )
            take_away(TAKEN)  # the daily and the center rollups lose the same events
            cursor.execute(
                f"DELETE FROM {chunk.split(' WHERE ')[0]} WHERE id > {int(start)} AND id <= {int(end)} AND batch_id = {int(batch_id)}"
            )
            cursor.execute(f"DROP TABLE {TAKEN}")
        start = end
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MIN(id), MAX(id) FROM {case} WHERE import_batch_id = %s", [batch_id]
        )
        low, high = cursor.fetchone()
    if low is not None:
        start = int(low) - 1
        while start < int(high):
            end = start + pacer.rows
            taken = Case.objects.filter(pk__gt=start, pk__lte=end, import_batch_id=batch_id)
            with pacer.transaction(), cases_written(taken), connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {case} WHERE id > %s AND id <= %s AND import_batch_id = %s",
                    [start, end, batch_id],
                )
            start = end
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch_id).delete()


TAKEN = "servicehall_import_taken"


# The steps ``Steps`` times, in their order (``make bench`` shows each one's share).
READ_STEP, CHECK_STEP, CASES_STEP = "读取校验并暂存", "名录与流程核对", "新办件"
INSERT_STEP, REBUILD_STEP = "写入事件", "重建索引"
ROLLUP_STEP, COMMIT_STEP = "汇总与批次", "提交"

# An import adding at least this share of the rows the log holds drops the log's secondary index
# and builds it again after (one sort of every row) instead of inserting each row into it (a
# random B-tree insertion per row): measured in docs/benchmarks.md. Below REBUILD_MIN_ROWS the
# index is always kept: the rebuild's fixed cost is the log's whole size. PostgreSQL builds it
# again concurrently, window writes going on; SQLite's build holds the one write lock, so there
# the index is rebuilt only while the log stays small enough to build it in well under the
# second a window write may wait (~0.3 s CPU for 250,000 rows).
REBUILD_SHARE = 1.0
REBUILD_MIN_ROWS = 100_000
REBUILD_SQLITE_MAX_ROWS = 250_000


def rebuild_indexes(import_rows: int, log_rows: int, engine: str) -> bool:
    """Whether an import of ``import_rows`` into a log of about ``log_rows`` rebuilds the log's
    secondary index (重建索引) rather than keep it up to date row by row."""
    if engine == "sqlite" and import_rows + log_rows > REBUILD_SQLITE_MAX_ROWS:
        return False
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


def _drop_secondary_index() -> None:
    name, _ = _secondary_index()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")


def _create_secondary_index(*, if_missing: bool = False) -> None:
    """Build the log's secondary index again: on PostgreSQL concurrently (window writes go on;
    not possible inside a caller's transaction, as in the tests), on SQLite in one statement."""
    _, create = _secondary_index()
    if if_missing:
        create = create.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        create = create.replace("CREATE INDEX", "CREATE INDEX CONCURRENTLY", 1)
        with connection.cursor() as cursor:
            cursor.execute(create)
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(create)


class CaseIndexes:
    """The case table's secondary indexes (办件表的二级索引: its department, item, acceptance
    and completion indexes and the case number's pattern index — every index Django's
    migrations build for ``Case`` but the unique case number the import looks cases up by),
    dropped before an import's new cases go in and built again after, on PostgreSQL only, by
    the rule of the log's (``rebuild_indexes``): six random B-tree insertions per new case
    become one sort each (measured in docs/benchmarks.md). Built again concurrently, window
    writes going on; on failure too, before the cases are taken back. SQLite's build would hold
    the one write lock, so there they are always kept."""

    def __init__(self) -> None:
        self.dropped = False

    @staticmethod
    def statements() -> list[tuple[str, str]]:
        """Each index's name and the SQL creating it, as the migrations made it."""
        with connection.schema_editor(collect_sql=True, atomic=False) as editor:
            # Django's own list of the model's index statements (private, stable since 1.11).
            made = editor._model_indexes_sql(Case)  # type: ignore[attr-defined]
        return [(str(statement.parts["name"]), str(statement)) for statement in made]

    def drop_if(self, new_cases: int, case_rows: int) -> None:
        if connection.vendor != "postgresql":
            return
        if not rebuild_indexes(new_cases, case_rows, connection.vendor):
            return
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for name, _ in self.statements():
                cursor.execute(f"DROP INDEX IF EXISTS {quote(name.strip(chr(34)))}")
        self.dropped = True

    def restore(self, *, if_missing: bool = False) -> None:
        """Build the indexes again (those missing only: a dead import's, ``if_missing``)."""
        if not (self.dropped or if_missing) or connection.vendor != "postgresql":
            return
        concurrently = not connection.in_atomic_block
        with connection.cursor() as cursor:
            present = connection.introspection.get_constraints(cursor, Case._meta.db_table)
        missing = [(n, c) for n, c in self.statements() if n.strip('"') not in present]
        if missing and not concurrently:
            # Inside a caller's transaction (the tests'): PostgreSQL builds no index on a table
            # with deferred foreign-key checks pending; run them now, as Django's
            # ``check_constraints`` does (and defers the rest again).
            connection.check_constraints()
        for _, create in missing:
            create = create.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1)
            if concurrently:
                create = create.replace("CREATE INDEX", "CREATE INDEX CONCURRENTLY", 1)
            with connection.cursor() as cursor:
                cursor.execute(create)
        self.dropped = False


@contextmanager
def _sqlite_cache() -> Iterator[None]:
    """A large SQLite page cache while the log's indexes take the rows (restored afterwards)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA temp.cache_size")
        previous_temp = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
        cursor.execute(f"PRAGMA temp.cache_size = -{SQLITE_TEMP_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")
            cursor.execute(f"PRAGMA temp.cache_size = {previous_temp}")


STAGING = "servicehall_import_staging"
ORDERED = "servicehall_import_ordered"
# The order the log takes an import's new events in (its chunks are stretches of it): the
# rollups' key (day, kind, department), so that a chunk adds to a few hundred rollup rows and
# fills one stretch of the secondary index. (In event-id order SQLite's chunks each filled one
# stretch of the unique event-id index instead, and scattered over the secondary index and the
# rollups: no fewer pages copied, no shorter step; docs/benchmarks.md, ninth pass.)
CHUNK_ORDER = ("occurred_on", "kind", "department_id", "event_id", "row")
CHUNK_COUNTS = "servicehall_import_chunk_counts"
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


@contextmanager
def _relaxed_commits() -> Iterator[bool]:
    """The publishing chunks commit without waiting for the disk (SQLite ``synchronous=NORMAL``
    in WAL mode, PostgreSQL ``synchronous_commit=off``); the batch's mark was committed durably
    before them and the last transaction, which clears it, is durable again. A crash may lose
    the last chunks but never leaves them half-written, and whatever survives is still marked
    as publishing, so the next import takes it back (``recover_dead_imports``): the import is
    reported done only once its every row is on disk. Yields whether the pacers' turns are to
    checkpoint (``Pacer(checkpoint=…)``): on SQLite it turns the commits' own checkpoint off."""
    if connection.in_atomic_block:  # a caller's transaction (the tests'): nothing to relax
        yield False
        return
    postgres = connection.vendor == "postgresql"
    checkpoint_pages = 0
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit" if postgres else "PRAGMA synchronous")
        before = cursor.fetchone()[0]
        cursor.execute("SET synchronous_commit = off" if postgres else "PRAGMA synchronous = 1")
        if not postgres:
            # SQLite: the chunks' commits leave their pages in the WAL; the import copies them
            # to the database file in the turn after each (``Pacer``), not inside the commit.
            cursor.execute("PRAGMA wal_autocheckpoint")
            checkpoint_pages = int(cursor.fetchone()[0])
            cursor.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        # Whether the turns checkpoint (``Pacer(checkpoint=…)``): known here, set here.
        yield not postgres
    finally:
        with connection.cursor() as cursor:
            if postgres:
                cursor.execute("SELECT set_config('synchronous_commit', %s, false)", [before])
            else:
                cursor.execute(f"PRAGMA synchronous = {int(before)}")
                cursor.execute(f"PRAGMA wal_autocheckpoint = {checkpoint_pages}")


@contextmanager
def _temporary_transaction() -> Iterator[None]:
    """One SQLite transaction around a chunk written to this connection's temporary tables:
    without it each row is a transaction of its own. Deferred, not Django's (IMMEDIATE)
    ``atomic``: a transaction that writes only temporary tables leaves the database's write
    lock free, so window writes go on while a file is read. Inside a caller's transaction
    (the tests') the caller's savepoint holds the chunk."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    raw = connection.connection
    raw.execute("BEGIN DEFERRED")
    try:
        yield
    except BaseException:
        raw.execute("ROLLBACK")
        raise
    raw.execute("COMMIT")


class _Staging:
    """The file's good rows in a temporary table of this connection (暂存表)."""

    def __enter__(self) -> _Staging:
        self.postgres = connection.vendor == "postgresql"
        at, on = ("timestamptz", "date") if self.postgres else ("text", "text")
        # SQLite's row is the table's rowid (free); on PostgreSQL a primary key would be a
        # B-tree filled by every COPY that no statement of the import reads by.
        key = "" if self.postgres else " PRIMARY KEY"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {STAGING} (row integer{key}, event_id text, "
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
    ) -> int:
        """Read, check and stage the file by blocks (``columnar``): each block's good rows in
        one COPY (PostgreSQL) or one executemany (SQLite), the rows its fast checks could not
        vouch for through ``checker``. Returns the rows staged. Raises
        ``columnar.Irregular`` for a file to read row by row (staging then holds a part)."""
        count = 0
        sql = f"INSERT INTO {STAGING} ({_STAGING_COLUMNS}) VALUES ({', '.join(['?'] * 12)})"
        savepoint = transaction.atomic() if connection.in_atomic_block else nullcontext()
        with savepoint, connection.cursor() as cursor:
            for block in columnar.blocks(
                path,
                data,
                kinds=checker.kinds,
                channels=Channel.accepted_names(),
                departments=checker.places.plain_names(),
                strict=checker.strict,
                blank_department_ok=checker.places.unplaced_ok,
                known_departments=(
                    None
                    if checker.strict or not checker.places.unplaced_ok
                    else checker.places.known_names()
                ),
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
                    with _temporary_transaction():
                        raw = connection.connection
                        raw.executemany(sql, columnar.as_sqlite_rows(block.good))
                        if accepted:
                            raw.executemany(sql, accepted)
                count += block.good.num_rows + len(accepted)
                if after_chunk:
                    after_chunk()
        return count

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
                    with _temporary_transaction():
                        cursor.executemany(sql, chunk)
                count += len(chunk)
                if after_chunk:
                    after_chunk()
        return count

    def insert_events(self, batch_id: int, pacer: Pacer | None = None) -> int:
        """New events into the log in the order of their rollups' key (day, kind, department),
        ``pacer.rows`` to a transaction with their rollups: a chunk then adds to a few hundred
        rollup rows instead of one per event, and fills one stretch of the secondary index. An
        id the log holds already, or met earlier in the file, is skipped. Returns how many
        went in."""
        pacer = pacer or Pacer()
        log, case = table(CaseEvent), table(Case)
        at, on = ("timestamptz", "date") if self.postgres else ("text", "text")
        order = ", ".join(f"s.{c}" for c in CHUNK_ORDER)
        columns = ", ".join(f"s.{c.strip()}" for c in _STAGING_COLUMNS.split(","))
        # The case of each row is looked up here, once, not by every chunk.
        joined = (
            f"SELECT {columns}, c.id AS case_id FROM {STAGING} s LEFT JOIN {case} c "
            f"ON c.case_no = s.case_no AND s.case_no <> '' ORDER BY {order}"
        )
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {ORDERED}")
            if self.postgres:
                # The rows sorted into a table of their own, as they come: its chunks are
                # ranges of its pages (a TID range scan), not of a number given to each row
                # (``ROW_NUMBER()`` and a primary key over every staged row were 8.7–15.8 s of
                # the server at 2M rows, docs/benchmarks.md, eighth pass).
                cursor.execute(f"CREATE TEMPORARY TABLE {ORDERED} AS {joined}")
                total = int(cursor.rowcount)
                cursor.execute(
                    "SELECT pg_relation_size(%s) / current_setting('block_size')::integer",
                    [ORDERED],
                )
                span = int(cursor.fetchone()[0])
            else:
                # SQLite numbers the rows 1, 2, … in the order they are inserted (the rowid).
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {ORDERED} (seq integer PRIMARY KEY, row integer, "
                    f"event_id text, case_no text, kind text, occurred_at {at}, "
                    f"occurred_on {on}, department_id integer, department_name text, "
                    "item_code text, window_code text, staff_ref text, channel text, "
                    "case_id integer)"
                )
                cursor.execute(f"INSERT INTO {ORDERED} ({_STAGING_COLUMNS}, case_id) {joined}")
                total = span = int(cursor.rowcount)
            cursor.execute(f"DROP TABLE IF EXISTS {CHUNK_COUNTS}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {CHUNK_COUNTS} "
                f"(day {on}, kind text, department_id integer, n integer)"
            )
            # PostgreSQL: no staged id is in the log (``build_life`` marked none as seen), so
            # the chunks go in by a plain INSERT (``_insert``).
            cursor.execute(f"SELECT 1 FROM {STAGING} WHERE seen = 1 LIMIT 1")
            plain = self.postgres and cursor.fetchone() is None
        # A chunk is a range of row numbers (SQLite) or of pages (PostgreSQL: rows per page
        # from the table's size), as many rows as the pacer asks for.
        rows_per_unit = total / span if self.postgres and span else 1.0
        created = 0
        recorded_at = db_datetime(timezone.now())
        insert = (
            f"INSERT INTO {log} (event_id, case_id, case_no, kind, occurred_at, "
            "occurred_on, department_id, department_name, item_code, window_code, "
            "staff_ref, channel, batch_id, recorded_at) "
            "SELECT s.event_id, s.case_id, s.case_no, s.kind, s.occurred_at, "
            "s.occurred_on, s.department_id, s.department_name, s.item_code, "
            "s.window_code, s.staff_ref, s.channel, "
            f"%s, %s FROM {ORDERED} s WHERE "
        )
        # A TID range scan reads the pages in their order: no sort needed.
        in_order = "" if self.postgres else " ORDER BY s.seq"
        end = 0
        while end < span:
            start = end
            end = start + max(1, round(pacer.rows / rows_per_unit))
            within = (
                f"s.ctid >= '({start},0)'::tid AND s.ctid < '({end},0)'::tid"
                if self.postgres
                else f"s.seq > {start} AND s.seq <= {end}"
            )
            with pacer.transaction(), connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {log}")
                before = int(cursor.fetchone()[0])
                params = [batch_id, recorded_at]
                plain = _insert(
                    cursor,
                    insert + within + in_order,
                    params,
                    "ON CONFLICT (event_id) DO NOTHING",
                    plain,
                )
                added = int(cursor.rowcount)
                created += added
                # The chunk's rollups in its own transaction: they equal the log at each commit.
                # Read from the chunk's rows when all of them went in (a plain insert on
                # PostgreSQL; SQLite knows their number), else from the log.
                every = plain if self.postgres else added == min(end, total) - start
                source = (
                    f"{ORDERED} s WHERE {within}"
                    if every
                    else f"{log} WHERE id > {before} AND batch_id = {int(batch_id)}"
                )
                # Grouped once into a few hundred rows: the daily and the three center rollups
                # (two upserts each) read those, not the chunk's rows eight times over.
                cursor.execute(f"DELETE FROM {CHUNK_COUNTS}")
                cursor.execute(
                    f"INSERT INTO {CHUNK_COUNTS} SELECT occurred_on, kind, department_id, "
                    f"COUNT(*) FROM {source} GROUP BY occurred_on, kind, department_id"
                )
                add_counts_sql(f"SELECT day, kind, department_id, n FROM {CHUNK_COUNTS}")
        if created < total:
            errors, conflicts = self.conflicts(batch_id)
            if conflicts:
                raise ImportRejected(errors, conflicts)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {ORDERED}")
            cursor.execute(f"DROP TABLE {CHUNK_COUNTS}")
        return created

    def conflicts(self, batch_id: int) -> tuple[list[RowError], int]:
        """Rows whose event id is in the log with other content (导入冲突): imported before
        (by another batch or at a window), or met earlier in the file — the file's first row of
        an id is the one it means, whichever of its rows the key order put in the log."""
        log = table(CaseEvent)

        def differs(a: str, b: str) -> str:
            return " OR ".join(f"{a}.{c} <> {b}.{c}" for c in _CONTENT)

        found = (
            f"SELECT s.row AS r, s.event_id AS v, 0 AS f FROM {STAGING} s "
            f"JOIN {log} e ON e.event_id = s.event_id "
            f"WHERE (e.batch_id IS NULL OR e.batch_id <> %s) AND ({differs('e', 's')}) "
            "UNION ALL "
            f"SELECT s.row AS r, s.event_id AS v, f.row AS f FROM {STAGING} s "
            f"JOIN {log} e ON e.event_id = s.event_id AND e.batch_id = %s "
            f"JOIN {STAGING} f ON f.event_id = s.event_id AND f.row < s.row "
            f"WHERE f.row = (SELECT MIN(m.row) FROM {STAGING} m WHERE m.event_id = s.event_id) "
            f"AND ({differs('f', 's')})"
        )
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {STAGING}_event ON {STAGING} (event_id)")
            cursor.execute(f"SELECT COUNT(*) FROM ({found}) x", [batch_id, batch_id])
            total = int(cursor.fetchone()[0])
            cursor.execute(
                f"SELECT x.r, x.v, x.f FROM ({found}) x ORDER BY x.r LIMIT %s",
                [batch_id, batch_id, MAX_REPORTED_ERRORS],
            )
            errors = [
                RowError(
                    row,
                    "event_id",
                    f"事件编号 {event_id} 与第 {first} 行重复且内容不同"
                    if first
                    else f"事件编号 {event_id} 已导入且内容不同",
                )
                for row, event_id, first in cursor.fetchall()
            ]
        return errors, total

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


def _centers_of(departments: set[int | None]) -> dict[int | None, int | None]:
    """Department → its center (whose calendar counts its promises); None → the default
    center's."""
    from servicehall.org.models import default_center

    centers: dict[int | None, int | None] = dict(
        Department.objects.filter(pk__in=departments - {None}).values_list("pk", "center_id")
    )
    default = default_center()
    centers[None] = default.pk if default is not None else None
    return centers


def _create_cases(
    staging: _Staging,
    batch_id: int,
    pacer: Pacer,
    indexes: CaseIndexes | None = None,
) -> None:
    """Cases named by the file and not yet registered, from the first row naming each (办件),
    marked with the batch that made them, in transactions paced as the events' (``Pacer``).

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
    # The case's life (``importchecks.build_life``) joined once, not by every chunk.
    life = "l.first_accept, l.first_complete, COALESCE(l.accepts, 0) AS accepts"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FIRST}")
        # Grouped by case number, the first rows come out in its order, and the case-life
        # table (unique on it) is read forwards. (Taking each case's first row from the
        # case-life table by row number instead read the staged rows at random: 276 s of a
        # 10M-row SQLite import, docs/benchmarks.md.)
        cursor.execute(
            f"CREATE TEMPORARY TABLE {FIRST} AS SELECT f.*, {life} FROM ({first_rows}) f "
            f"LEFT JOIN {LIFE} l ON l.case_no = f.case_no "
            f"WHERE NOT EXISTS (SELECT 1 FROM {case} c WHERE c.case_no = f.case_no)"
        )
        # Each promise on its case's center's calendar: per department only when some center has
        # local days (otherwise one national date per day and limit, as ever).
        local = has_local_days()
        cursor.execute(
            f"SELECT DISTINCT f.occurred_on, h.time_limit_days, "
            f"{'f.department_id' if local else 'NULL'} FROM {FIRST} f "
            f"JOIN {item} h ON h.code = f.item_code "
            "WHERE f.kind = 'accept' AND h.time_limit_days > 0"
        )
        pairs = cursor.fetchall()
        centers = _centers_of({dept for _, _, dept in pairs}) if local else {}
        promises = [
            (day, days, dept, _db_date(
                add_working_days(_as_date(day), days, centers.get(dept)), staging.postgres
            ))
            for day, days, dept in pairs
        ]  # fmt: skip
        on = "date" if staging.postgres else "text"
        cursor.execute(f"DROP TABLE IF EXISTS {PROMISE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {PROMISE} "
            f"(day {on}, days integer, department_id integer, due date)"
        )
        cursor.executemany(f"INSERT INTO {PROMISE} VALUES (%s, %s, %s, %s)", promises)
        cursor.execute(f"CREATE INDEX {FIRST}_case ON {FIRST} (case_no)")
    analyze(FIRST)
    analyze(PROMISE)
    with connection.cursor() as cursor:
        if indexes is not None:
            cursor.execute(f"SELECT COUNT(*) FROM {FIRST}")
            new_cases = int(cursor.fetchone()[0])
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {case}")
            indexes.drop_if(new_cases, int(cursor.fetchone()[0]))
    # Transactions as long as their budget (``pacer``), as the events' (the fifth pass capped
    # them at PUBLISH_ROWS when their 2M step took ~60 s on PostgreSQL: that was each chunk's
    # indicator counts reading the whole case table, below, whatever the chunks' size).
    # PostgreSQL: the first rows hold no registered case number (``FIRST``), so a plain INSERT;
    # a case a window registered meanwhile makes it go in with ON CONFLICT (``_insert``).
    plain = staging.postgres
    low: str | None = ""
    while low is not None:
        # The chunk's last case number, ``pacer.rows`` on (None: the rest of them).
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT case_no FROM {FIRST} WHERE case_no > %s ORDER BY case_no "
                "LIMIT 1 OFFSET %s",
                [low, pacer.rows - 1],
            )
            found = cursor.fetchone()
        high: str | None = found[0] if found is not None else None
        bounds: list[int | str] = [batch_id, low, *([high] if high is not None else [])]
        upper = "" if high is None else "AND f.case_no <= %s"
        same = "IS NOT DISTINCT FROM" if staging.postgres else "IS"
        by_department = f"AND p.department_id {same} f.department_id " if local else ""
        # The chunk's cases are the batch's above every id there before it and up to the
        # largest after it: counted for the indicator rollups through that closed id range. A
        # range open at its top made PostgreSQL, on a case table without statistics (a freshly
        # migrated one, until autovacuum's analyze), estimate a third of the table and read all
        # of it once per measure and chunk — quadratic in the new cases (docs/decisions.md,
        # sixth pass); a closed range is estimated at a small share and read through the key.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {case}")
            top = int(cursor.fetchone()[0])
        with pacer.transaction(), connection.cursor() as cursor:
            insert = (
                f"INSERT INTO {case} (case_no, department_id, handling_item_id, applicant, "
                "accepted_at, accepted_window, promised_days, promised_by, completed_at, "
                "accepted_elsewhere, channel, import_batch_id) "
                # 受理 and 办结 from the file's rows of the case; no 受理 among them: elsewhere.
                # The channel is the first row's (a case comes in once), blank if it gives none.
                "SELECT f.case_no, f.department_id, h.id, '', f.first_accept, "
                "CASE WHEN f.kind = 'accept' THEN f.window_code ELSE '' END, p.days, p.due, "
                "f.first_complete, f.accepts = 0, f.channel, %s "
                f"FROM {FIRST} f LEFT JOIN {item} h ON h.code = f.item_code "
                f"LEFT JOIN {PROMISE} p ON f.kind = 'accept' AND p.day = f.occurred_on "
                "AND p.days = h.time_limit_days "
                f"{by_department}"
                f"WHERE f.case_no > %s {upper}"
            )
            plain = _insert(cursor, insert, bounds, "ON CONFLICT (case_no) DO NOTHING", plain)
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {case}")
            last = int(cursor.fetchone()[0])
            cases_created(Case.objects.filter(import_batch_id=batch_id, pk__gt=top, pk__lte=last))
        low = high
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {FIRST}")
        cursor.execute(f"DROP TABLE {PROMISE}")


def _insert(cursor: Any, sql: str, params: list[Any], on_conflict: str, plain: bool) -> bool:
    """Run an ``INSERT … SELECT`` of rows that should all be new: as it stands while ``plain``
    (under a savepoint), else, or when a row was not new after all (an id twice in the file, a
    case or an event a window wrote meanwhile), with ``on_conflict``. Returns whether the next
    chunk may try it plain. On PostgreSQL ON CONFLICT's speculative insertion cost ~40% more of
    the server's time per row (200,000 events: 3.0–3.4 s against 1.9 s)."""
    if plain:
        try:
            with transaction.atomic():
                cursor.execute(sql, params)
            return True
        except IntegrityError:
            pass
    cursor.execute(f"{sql} {on_conflict}", params)
    return False


def _mark_proxies(file_name: str) -> None:
    """The cases the file accepts at a department's window for another department, at a center
    that takes them as 代收 (``cases.entry``): marked so, the file named as the record of why (an
    events file has no column for a reason)."""
    reason = f"事件文件“{file_name[:120]}”导入的代收，文件未载明原因"[:PROXY_REASON_LENGTH]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table(Case)} SET proxy_reason = %s WHERE proxy_reason = '' AND case_no IN "
            f"(SELECT case_no FROM {PROXIES})",
            [reason],
        )
        cursor.execute(f"DROP TABLE {PROXIES}")


PROXIES = "servicehall_import_proxies"


def _find_proxies() -> None:
    """The case numbers ``_mark_proxies`` marks, found over every staged row before the last
    (short) write transaction."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {PROXIES}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {PROXIES} AS SELECT DISTINCT x.case_no FROM "
            f"({cross_department_sql(STAGING, proxy=True)}) x"
        )


FOLLOWED = "servicehall_import_followed"


def _find_followed() -> bool:
    """The ids of the cases registered before the file that it continues (``LIFE``'s known
    ones), in a table of their own, found before the last (short) write transaction; returns
    whether there are any. ``_follow_cases`` counts them for the indicator rollups through it:
    through ``case_no IN (SELECT … FROM LIFE)`` each count joined the case numbers again (a
    probe on the demo's log: 4.9 against 3.2 s a count, docs/benchmarks.md, eighth pass)."""
    case = table(Case)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FOLLOWED}")
        cursor.execute(f"CREATE TEMPORARY TABLE {FOLLOWED} (id integer PRIMARY KEY)")
        cursor.execute(
            f"INSERT INTO {FOLLOWED} SELECT c.id FROM {case} c "
            f"JOIN {LIFE} l ON l.case_no = c.case_no WHERE l.known = 1"
        )
        if int(cursor.rowcount) == 0:
            # No case continued (a file of new cases): nothing to move, and no indicator count
            # of an empty set, for which PostgreSQL read the whole case table, before and
            # after (0.2–0.5 s each at 63,000–158,000 new cases).
            cursor.execute(f"DROP TABLE {FOLLOWED}")
            return False
    analyze(FOLLOWED)
    return True


def _follow_cases(followed: bool) -> None:
    """The cases registered before the file take their 受理 and 办结 from its new events, where
    the case has none yet: the state the next import's checks and the window read. (The cases
    the file creates take them as they are inserted.) ``followed``: ``_find_followed`` found
    some."""
    if not followed:
        return
    case = table(Case)
    continued = Case.objects.filter(pk__in=RawSQL(f"SELECT id FROM {FOLLOWED}", ()))
    with cases_written(continued), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {case} SET "
            f"accepted_at = COALESCE(accepted_at, (SELECT l.first_accept FROM {LIFE} l "
            f"WHERE l.case_no = {case}.case_no)), "
            f"completed_at = COALESCE(completed_at, (SELECT l.first_complete FROM {LIFE} l "
            f"WHERE l.case_no = {case}.case_no)) "
            f"WHERE id IN (SELECT id FROM {FOLLOWED})"
        )
    with connection.cursor() as cursor:  # counted again after the update: dropped only now
        cursor.execute(f"DROP TABLE {FOLLOWED}")


def _db_date(value: dt.date, postgres: bool) -> dt.date | str:
    return value if postgres else value.isoformat()


def _as_date(value: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
