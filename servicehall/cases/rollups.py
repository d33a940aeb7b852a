"""The daily rollups of the event log (每日办件汇总): kept exact on every write path.

Every count of the report is read from ``DailyCount`` (day × kind × department), so a rollup must
equal a count of the log at every commit. Rather than recount a day after each write (a delete
and re-insert that two writers can interleave into double counts, and that costs a whole day's
scan per window click), each write adds its own events with one upsert, in the writing
transaction:

- one row saved or deleted through the ORM (the window desk, the API, the admin): the signal
  receivers below add or take away that event;
- a bulk write (an events file, the demo) adds its events grouped by day, kind and department
  with ``add_counts`` or ``add_counts_sql``.

Each addition to the daily rollups is added, in the same statement's transaction, to the
center rollups (``CenterDailyCount``, ``CenterMonthlyCount``, ``CenterYearlyCount``: the same
counts summed by the department's center, per day, month and year), which the figures and a
province's roll-up read (``add_to_centers``; one event from the desk or the API: ``add_one``).
A department moved to another center has them recounted.

``rebuild`` recounts everything from the log (``servicehall rebuild-rollups``), under a lock.

The rows of a federated center's departments (``org.Center.federated``) are not counts of this
log: they are what that center pushed, signed (``servicehall.federation``). ``rebuild`` and
``mismatches`` leave them alone (``pushed_q``), so a recount never wipes a child's figures.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.db.models.sql import InsertQuery

from servicehall.cases.models import (
    Case,
    CaseEvent,
    CenterDailyCount,
    CenterMonthlyCount,
    CenterYearlyCount,
    DailyCount,
)
from servicehall.org.models import Department

RollupKey = tuple[dt.date, str, int | None]  # day, kind, department
CHUNK = 200  # keys per statement: 800 parameters, below SQLite's oldest limit of 999


def _table() -> tuple[str, str, str, str, str]:
    quote = connection.ops.quote_name
    return (
        quote(DailyCount._meta.db_table),
        quote("day"),
        quote("kind"),
        quote("department_id"),
        quote("count"),
    )


def add_counts_sql(
    select_sql: str, params: Sequence[Any] = (), *, null_department: bool | None = None
) -> None:
    """Add the rows of ``select_sql`` — columns ``day, kind, department_id, n``, one row per
    (day, kind, department) — to the rollups.

    Two upserts (registered departments, then the unregistered one, each against its own
    partial unique index): on PostgreSQL ``ON CONFLICT … DO UPDATE`` takes the row lock, so
    parallel writers add up instead of overwriting each other. ``null_department``: the caller
    knows its rows name only the unregistered department (True) or only registered ones
    (False), and one statement is enough (a single event from the desk or the API).
    """
    table, day, kind, dept, count = _table()
    for unregistered, target in (
        (False, f"({day}, {kind}, {dept}) WHERE {dept} IS NOT NULL"),
        (True, f"({day}, {kind}) WHERE {dept} IS NULL"),
    ):
        if null_department is not None and unregistered != null_department:
            continue
        which = "IS NULL" if unregistered else "IS NOT NULL"
        with connection.cursor() as cursor:
            # The WHERE before ON CONFLICT also settles SQLite's parse of INSERT … SELECT … ON.
            cursor.execute(
                f"INSERT INTO {table} ({day}, {kind}, {dept}, {count}) "
                f"SELECT day, kind, department_id, n FROM ({select_sql}) AS added "
                f"WHERE added.department_id {which} "
                f"ON CONFLICT {target} DO UPDATE SET {count} = {table}.{count} + excluded.{count}",
                params,
            )
    add_to_centers(select_sql, params)


def _month_of(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _year_of(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('year', {column}) AS date)"
    return f"date({column}, 'start of year')"


# The center rollups: model, its period column, the period of a day (an SQL expression).
CENTER_ROLLUPS = (
    (CenterDailyCount, "day", lambda column: column),
    (CenterMonthlyCount, "month", _month_of),
    (CenterYearlyCount, "year", _year_of),
)


def add_to_centers(select_sql: str, params: Sequence[Any] = (), *, removing: bool = False) -> None:
    """Add the rows of ``select_sql`` (``day, kind, department_id, n``) to the center rollups,
    by the center of each department; ``removing``: ``n`` is negative (events taken away), and
    rows brought to zero go, as the daily rollups' do."""
    quote = connection.ops.quote_name
    department = quote(Department._meta.db_table)
    for model, column, period_of in CENTER_ROLLUPS:
        key, period = quote(column), period_of("added.day")
        table = quote(model._meta.db_table)
        grouped = (
            f"SELECT {period} AS k, added.kind AS kind, dep.center_id AS center_id, "
            f"SUM(added.n) AS n FROM ({select_sql}) AS added "
            f"LEFT JOIN {department} dep ON dep.id = added.department_id "
            f"GROUP BY {period}, added.kind, dep.center_id"
        )
        for which, target in (
            ("IS NOT NULL", f"({key}, kind, center_id) WHERE center_id IS NOT NULL"),
            ("IS NULL", f"({key}, kind) WHERE center_id IS NULL"),
        ):
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} ({key}, kind, center_id, count) "
                    f"SELECT k, kind, center_id, n FROM ({grouped}) AS g "
                    f"WHERE g.center_id {which} AND g.n <> 0 "
                    f"ON CONFLICT {target} DO UPDATE SET count = {table}.count + excluded.count",
                    params,
                )
    if removing:
        for model, _, _ in CENTER_ROLLUPS:
            model.objects.filter(count__lte=0).delete()


def take_away(taken: str) -> None:
    """Take the events counted in the scratch table ``taken`` (``day, kind, department_id, n``)
    off the daily rollups and the center rollups: a batch rolled back, an import unpublished."""
    daily = connection.ops.quote_name(DailyCount._meta.db_table)
    with connection.cursor() as cursor:
        for same_department in (
            f"t.department_id = {daily}.department_id",
            f"t.department_id IS NULL AND {daily}.department_id IS NULL",
        ):
            match = f"t.day = {daily}.day AND t.kind = {daily}.kind AND {same_department}"
            cursor.execute(
                f"UPDATE {daily} SET count = count - (SELECT t.n FROM {taken} t WHERE {match}) "
                f"WHERE EXISTS (SELECT 1 FROM {taken} t WHERE {match})"
            )
        cursor.execute(f"DELETE FROM {daily} WHERE count <= 0")
    add_to_centers(f"SELECT day, kind, department_id, -n AS n FROM {taken}", removing=True)


def recount_centers() -> int:
    """Recount the center rollups from the daily rollups (after a department changes center,
    and in ``rebuild``); returns the number of daily center rows."""
    for model, _, _ in CENTER_ROLLUPS:
        model.objects.all().delete()
    add_to_centers(
        "SELECT day, kind, department_id, count AS n FROM "
        + connection.ops.quote_name(DailyCount._meta.db_table)
    )
    return CenterDailyCount.objects.count()


def _values_sql(chunk: list[tuple[RollupKey, int]]) -> tuple[str, list[Any]]:
    """``chunk`` as a SELECT of ``day, kind, department_id, n`` and its parameters."""
    values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
    params: list[Any] = []
    for (day, kind, department_id), n in chunk:
        params += [day, kind, department_id, n]
    if connection.vendor == "postgresql":
        return (
            "SELECT CAST(day AS date) AS day, kind, CAST(department_id AS INTEGER) AS "
            f"department_id, CAST(n AS INTEGER) AS n FROM (VALUES {values}) AS v(day, kind, "
            "department_id, n)",
            params,
        )
    return (
        "SELECT column1 AS day, column2 AS kind, column3 AS department_id, column4 AS n "
        f"FROM (VALUES {values})",
        params,
    )


def add_counts(counts: Iterable[tuple[RollupKey, int]]) -> None:
    """Add ``n`` events to each (day, kind, department) rollup; a negative ``n`` takes away."""
    totals: Counter[RollupKey] = Counter()
    for key, n in counts:
        totals[key] += n
    additions = [(k, n) for k, n in totals.items() if n > 0]
    removals = [(k, n) for k, n in totals.items() if n < 0]
    for start in range(0, len(additions), CHUNK):
        chunk = additions[start : start + CHUNK]
        nulls = {department_id is None for (_, _, department_id), _ in chunk}
        add_counts_sql(
            *_values_sql(chunk), null_department=nulls.pop() if len(nulls) == 1 else None
        )
    for (day, kind, department_id), n in removals:
        rows = DailyCount.objects.filter(day=day, kind=kind)
        rows = (
            rows.filter(department__isnull=True)
            if department_id is None
            else rows.filter(department_id=department_id)
        )
        rows.update(count=F("count") + n)
        rows.filter(count__lte=0).delete()
    for start in range(0, len(removals), CHUNK):
        chunk = removals[start : start + CHUNK]
        add_to_centers(*_values_sql(chunk), removing=True)


def pushed_q() -> Q:
    """The rollup rows a federated center pushed (联网报送), which no recount of the log owns."""
    return Q(department__center__federated=True)


def rebuild() -> int:
    """Recount every rollup from the log (重建汇总); returns the number of rollup rows.
    A federated center's pushed rows stay as pushed (``pushed_q``)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(DailyCount._meta.db_table)
                cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        DailyCount.objects.exclude(pushed_q()).delete()
        rows = (
            CaseEvent.objects.exclude(department__center__federated=True)
            .values("occurred_on", "kind", "department")
            .annotate(n=Count("id"))
            .order_by()
        )
        DailyCount.objects.bulk_create(
            (
                DailyCount(
                    day=r["occurred_on"],
                    kind=r["kind"],
                    department_id=r["department"],
                    count=r["n"],
                )
                for r in rows.iterator(chunk_size=5000)
            ),
            batch_size=5000,
        )
        recount_centers()
        return DailyCount.objects.count()


def mismatches() -> int:
    """Rollup keys (day × kind × department; day, month or year × kind × center) whose count
    differs from a full count of the log."""
    stored = {
        (r.day, r.kind, r.department_id): r.count
        for r in DailyCount.objects.exclude(pushed_q()).iterator()
    }
    counted = {
        (r["occurred_on"], r["kind"], r["department"]): r["n"]
        for r in CaseEvent.objects.exclude(department__center__federated=True)
        .values("occurred_on", "kind", "department")
        .annotate(n=Count("id"))
        .order_by()
        .iterator()
    }
    wrong = sum(1 for key in stored.keys() | counted.keys() if stored.get(key) != counted.get(key))
    by_center: Counter[tuple[dt.date, str, int | None]] = Counter()
    by_month: Counter[tuple[dt.date, str, int | None]] = Counter()
    by_year: Counter[tuple[dt.date, str, int | None]] = Counter()
    # A center's rollups count its log, or for a federated center what it pushed.
    logged = (
        CaseEvent.objects.exclude(department__center__federated=True)
        .values_list("occurred_on", "kind", "department__center")
        .annotate(n=Count("id"))
        .order_by()
    )
    pushed = DailyCount.objects.filter(pushed_q()).values_list(
        "day", "kind", "department__center", "count"
    )
    for day, kind, center, n in [*logged.iterator(), *pushed.iterator()]:
        by_center[(day, kind, center)] += n
        by_month[(day.replace(day=1), kind, center)] += n
        by_year[(day.replace(month=1, day=1), kind, center)] += n
    for model, key, counted_by in (
        (CenterDailyCount, "day", by_center),
        (CenterMonthlyCount, "month", by_month),
        (CenterYearlyCount, "year", by_year),
    ):
        kept = {
            (row[0], row[1], row[2]): row[3]
            for row in model.objects.values_list(key, "kind", "center", "count").iterator()
        }
        wrong += sum(1 for k in kept.keys() | counted_by.keys() if kept.get(k) != counted_by.get(k))
    return wrong


# ---- single rows through the ORM ----------------------------------------------------------------


def _key(event: CaseEvent) -> RollupKey:
    return (event.occurred_on, event.kind, event.department_id)


def _remember(sender: type[CaseEvent], instance: CaseEvent, raw: bool = False, **kw: Any) -> None:
    if raw or instance.pk is None:
        return
    previous = CaseEvent.objects.filter(pk=instance.pk).values_list(
        "occurred_on", "kind", "department_id"
    )
    instance._rollup_before = previous.first()  # type: ignore[attr-defined]


def _saved(
    sender: type[CaseEvent], instance: CaseEvent, created: bool, raw: bool = False, **kw: Any
) -> None:
    if raw:
        return
    before: RollupKey | None = getattr(instance, "_rollup_before", None)
    instance._rollup_before = None  # type: ignore[attr-defined]
    now = _key(instance)
    if created or before is None:
        department = instance.department if instance.department_id is not None else None
        add_one(*now, department.center_id if department is not None else None)
    elif tuple(before) != now:
        add_counts([(tuple(before), -1), (now, 1)])  # type: ignore[list-item]


def _upserts(
    day: dt.date, kind: str, department_id: int | None, center_id: int | None
) -> tuple[list[str], list[dt.date | str | int]]:
    """One event's upserts: its daily rollup and its center's day, month and year."""
    quote = connection.ops.quote_name
    targets: list[tuple[Any, str, dt.date, str, int | None]] = [
        (DailyCount, "day", day, "department_id", department_id),
        *(
            (model, column, _period_of(column, day), "center_id", center_id)
            for model, column, _ in CENTER_ROLLUPS
        ),
    ]
    statements: list[str] = []
    params: list[dt.date | str | int] = []
    for model, column, period, owner, owner_id in targets:
        table, key, who = quote(model._meta.db_table), quote(column), quote(owner)
        if owner_id is None:
            target, values = f"({key}, kind) WHERE {who} IS NULL", "%s, %s, NULL, 1"
            params += [period, kind]
        else:
            target, values = f"({key}, kind, {who}) WHERE {who} IS NOT NULL", "%s, %s, %s, 1"
            params += [period, kind, owner_id]
        statements.append(
            f"INSERT INTO {table} ({key}, kind, {who}, count) VALUES ({values}) "
            f"ON CONFLICT {target} DO UPDATE SET count = {table}.count + 1"
        )
    return statements, params


def add_one(day: dt.date, kind: str, department_id: int | None, center_id: int | None) -> None:
    """Add one event to its daily rollup and its center's day, month and year: one upsert per
    rollup, the period and center known already (a step from the desk or the API, issue 24).
    On PostgreSQL the four go in one statement (data-modifying CTEs), one round trip."""
    statements, params = _upserts(day, kind, department_id, center_id)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            *first, last = statements
            ctes = ", ".join(f"u{i} AS ({sql} RETURNING 1)" for i, sql in enumerate(first))
            cursor.execute(f"WITH {ctes} {last}", params)
            return
        at = 0
        for sql in statements:
            n = sql.count("%s")
            cursor.execute(sql, params[at : at + n])
            at += n


def insert_counted(event: CaseEvent) -> None:
    """PostgreSQL: insert the new ``event`` and add it to its four rollups in one statement
    (the INSERT that ``save`` compiles, and ``add_one``'s upserts, as data-modifying CTEs).
    One round trip, atomic by itself, so a step that writes nothing else (a 咨询) needs no
    transaction: no BEGIN and no COMMIT round trip either (issue 24, the API's POST).

    It does what ``save`` does for a new event: ``pre_save`` sent (text made storable), the
    INSERT with each field's ``pre_save`` (``recorded_at``) and the id returned; of ``post_save``
    it does the one receiver that acts on an event, ``_saved`` (the history's is exempt: the log
    is its own record). A receiver added to ``post_save`` for ``CaseEvent`` must be done here
    too: ``cases/tests/test_api_write_queries.py`` lists them."""
    pre_save.send(CaseEvent, instance=event, raw=False, using=connection.alias, update_fields=None)
    meta = CaseEvent._meta
    fields = [f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field]
    query = InsertQuery(CaseEvent)
    query.insert_values(fields, [event])
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = meta.db_returning_fields
    [(insert, insert_params)] = compiler.as_sql()
    department = event.department if event.department_id is not None else None
    center_id = department.center_id if department is not None else None
    statements, params = _upserts(event.occurred_on, event.kind, event.department_id, center_id)
    ctes = ", ".join(f"u{i} AS ({sql} RETURNING 1)" for i, sql in enumerate(statements))
    with connection.cursor() as cursor:
        cursor.execute(f"WITH e AS ({insert}), {ctes} SELECT * FROM e", [*insert_params, *params])
        returned = cursor.fetchone()
    for value, field in zip(returned, compiler.returning_fields, strict=True):
        setattr(event, field.attname, value)
    event._state.adding, event._state.db = False, connection.alias


def _period_of(column: str, day: dt.date) -> dt.date:
    if column == "year":
        return day.replace(month=1, day=1)
    return day.replace(day=1) if column == "month" else day


def _deleted(sender: type[CaseEvent], instance: CaseEvent, **kw: Any) -> None:
    add_counts([(_key(instance), -1)])


def _remember_center(
    sender: type[Department], instance: Department, raw: bool = False, **kw: Any
) -> None:
    if raw or instance.pk is None:
        return
    before = Department.objects.filter(pk=instance.pk).values_list("center_id", flat=True)
    instance._rollup_center = before.first()  # type: ignore[attr-defined]


def _moved(sender: type[Department], instance: Department, raw: bool = False, **kw: Any) -> None:
    before = getattr(instance, "_rollup_center", None)
    instance._rollup_center = None  # type: ignore[attr-defined]
    if raw or before is None or before == instance.center_id:
        return
    if DailyCount.objects.filter(department=instance).exists():
        recount_centers()  # rare (an admin moves a department): the whole recount is simplest
    for listener in _moved_listeners:
        listener(instance, before)


def connect() -> None:
    """Keep the rollups in step with single-row writes of the log (called by CasesConfig)."""
    pre_save.connect(_remember_center, sender=Department, dispatch_uid="rollups.remember_center")
    post_save.connect(_moved, sender=Department, dispatch_uid="rollups.moved")
    pre_save.connect(_remember, sender=CaseEvent, dispatch_uid="rollups.remember")
    post_save.connect(_saved, sender=CaseEvent, dispatch_uid="rollups.saved")
    post_delete.connect(_deleted, sender=CaseEvent, dispatch_uid="rollups.deleted")


# ---- what an upper app keeps of the cases (figures' indicator rollups) --------------------------

# Given the cases a bulk write is about to write (an update or a delete in SQL), a listener
# counts what it keeps of them and returns what to call once they are written.
CasesListener = Callable[["QuerySet[Case]"], Callable[[], None]]
# Given the cases an insert in SQL has just created (nothing rates them yet), a listener counts
# them: nothing to count before.
CreatedListener = Callable[["QuerySet[Case]"], None]
_cases_listeners: list[CasesListener] = []
_created_listeners: list[CreatedListener] = []


_moved_listeners: list[Callable[[Department, int], None]] = []


def on_department_moved(listener: Callable[[Department, int], None]) -> None:
    """Call ``listener(department, center before)`` when a saved department changed center (an
    upper app's rollups: the center before the save is read once, here, for all of them)."""
    if listener not in _moved_listeners:
        _moved_listeners.append(listener)


def on_cases_written(listener: CasesListener, *, created: CreatedListener) -> None:
    """Call ``listener`` around every bulk write of cases in SQL, and ``created`` after every
    bulk insert of new ones (an upper app's rollups: this app may not import it); the two
    together, so that no rollup keeps the one and misses the other. Writes through the ORM send
    Django's signals instead."""
    if listener not in _cases_listeners:
        _cases_listeners.append(listener)
    if created not in _created_listeners:
        _created_listeners.append(created)


@contextmanager
def cases_written(cases: QuerySet[Case]) -> Iterator[None]:
    """Around an SQL update or delete of ``cases`` (a queryset naming them the same way before
    and after), in the writing transaction. An insert of new cases calls ``cases_created``
    after it instead."""
    finish = [listener(cases) for listener in _cases_listeners]
    yield
    for written in finish:
        written()


def cases_created(cases: QuerySet[Case]) -> None:
    """Right after an SQL insert of ``cases`` (new, nothing rates them yet), in its
    transaction: each ``created`` listener counts them (``on_cases_written``). The caller names
    the cases by what the insert gave them (an id range known only after it)."""
    for listener in _created_listeners:
        listener(cases)
