"""The monthly rollups of the national indicators (考核指标月汇总): kept exact on every write path.

A whole month of a province's indicators is a sum of ``IndicatorCount`` rows (month ×
department × 办理项 × window × measure) instead of a count of its cases. Each measure is one of
the indicators' own record sets (``figures.indicators.ROLLED``: the very function the
indicator counts, grouped by month and key here), so no indicator is defined twice; the
working days a case took are kept as a histogram of whole working days (``days=N``), exact.

Every write of a case or a rating adds its difference in its own transaction, with one upsert
(``ON CONFLICT … DO UPDATE SET count = count + excluded.count``: parallel writers add up, as
the daily rollups do in ``cases.rollups``):

- one row saved or deleted through the ORM (the window desk, the API, the admin, a rating or
  its work order): the signal receivers below count the case before and after;
- a bulk write in SQL (the cases an events file continues, a batch taken back or
  unpublished) runs inside ``cases.rollups.cases_written``, which calls ``_around`` with the
  cases it writes: counted before, counted after, the difference added; the cases an events
  file creates are counted right after their insert (``cases.rollups.cases_created`` calls
  ``_created``).

Each department's totals are summed per center as well (``IndicatorCenterCount``, in the same
``add``; a department moved to another center takes its totals along): a scope of whole centers
(本级 / 本级及下级) reads a few rows per center instead of per department.

A federated center pushes daily rollups, never cases or ratings: it has no indicator rollups
here, as it has no cases for the per-case path either. ``rebuild`` recounts everything
(``servicehall rebuild-indicator-rollups``), ``mismatches`` compares with a recount
(``--check``).
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import CharField, Count, Field, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from servicehall.cases.models import Case
from servicehall.core.periods import Period
from servicehall.figures.indicators import (
    ALL_ITEMS,
    ALL_WINDOWS,
    DAYS,
    EARLIEST,
    LATEST,
    ROLLED,
    LocalMonth,
    Scope,
    _timed,
    days_taken,
)
from servicehall.figures.models import IndicatorCenterCount, IndicatorCount
from servicehall.journal.models import ServiceEvaluation
from servicehall.org.models import Department

# month, department (0: none), 办理项 (0: none), accepting window, measure
Key = tuple[dt.date, int, int, str, str]
# month, center, measure: a center's departments' totals (``IndicatorCenterCount``)
CenterKey = tuple[dt.date, int, str]
CHUNK = 150  # keys per statement: 900 parameters, below SQLite's oldest limit of 999


def _everything() -> Scope:
    return Scope(Period(EARLIEST, LATEST), as_of=LATEST)


def _of_cases(rows: QuerySet[Any], cases: QuerySet[Case], path: str = "") -> QuerySet[Any]:
    """``rows`` (records of cases, reached through ``path``) of ``cases`` only, as each
    planner reads it best (measured on the demo, 10,000 of an import's new cases): on
    PostgreSQL a record set of the cases themselves takes the cases' own conditions (a range
    of case numbers, a batch) into its WHERE — as ``pk IN (subquery)`` it hashed the whole case
    table against the subquery for every measure (0.72 s → 0.09 s, and growing with the table);
    SQLite reads the subquery's ids and looks each case up (0.14 s; with the conditions merged
    it ranged over an index on the period instead: 1.4 s)."""
    plain = not (path or rows.query.distinct or cases.query.distinct or cases.query.annotations)
    if plain and rows.model is Case and connection.vendor == "postgresql":
        return rows & cases
    return rows.filter(**{f"{path}pk__in": cases.values("pk")})


def counts(cases: QuerySet[Case] | None = None, *, ratings: bool = True) -> Counter[Key]:
    """Every measure of ``cases`` (None: all cases) and their ratings, per key: what they add to
    the rollups. ``ratings=False``: cases nothing rates (an import's new cases, counted in the
    transaction that creates them), their own measures only."""
    found: Counter[Key] = Counter()
    parts = _measures(cases, ratings=ratings)
    # A few cases (a desk's write, an import's chunk): every measure in one statement, not one
    # each (a 受理 over the API made 60 queries). All cases: one grouping at a time.
    combined = [parts[0].union(*parts[1:], all=True)] if cases is not None else parts
    for grouped in combined:
        _add_measures(found, grouped.iterator(chunk_size=5000))
    _add_pairs(found, _pairs(cases).iterator(chunk_size=5000))
    return found


def _measures(
    cases: QuerySet[Case] | None, *, ratings: bool = True
) -> list[QuerySet[Any, tuple[Any, ...]]]:
    """One grouping per measure of ``ROLLED``: month, department, 办理项, window, name, n
    (``ratings=False``: the cases' own measures only, none of their ratings)."""
    scope = _everything()
    parts = []
    for rolled in ROLLED:
        if rolled.case and not ratings:
            continue
        rows = rolled.rows(scope)
        if cases is not None:
            rows = _of_cases(rows, cases, rolled.case)
        keys = (
            f"{rolled.case}department",
            f"{rolled.case}handling_item",
            f"{rolled.case}accepted_window",
        )
        parts.append(
            rows.annotate(
                rolled_month=LocalMonth(rolled.moment),
                measure=Value(rolled.name, output_field=CharField()),
            )
            .values_list("rolled_month", *keys, "measure")
            .annotate(n=Sum(rolled.total) if rolled.total else Count("pk"))
            .order_by()
        )
    return parts


def _pairs(cases: QuerySet[Case] | None) -> QuerySet[Any, tuple[Any, ...]]:
    """The cases of ``handling_days`` counted per (受理日, 办结日): month, department, 办理项,
    window, the two days, n."""
    rows: QuerySet[Any] = _timed(_everything())
    if cases is not None:
        rows = _of_cases(rows, cases)
    pairs: QuerySet[Any, tuple[Any, ...]] = (
        rows.annotate(rolled_month=LocalMonth("completed_at"))
        .values_list(
            "rolled_month",
            "department",
            "handling_item",
            "accepted_window",
            "accepted_on",
            "done_on",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    return pairs


def _add_measures(found: Counter[Key], rows: Iterable[tuple[Any, ...]]) -> None:
    for month, department, item, window, measure, n in rows:
        if n:
            _found(found, _day(month), department, item, window, measure, int(n))


def _add_pairs(found: Counter[Key], rows: Iterable[tuple[Any, ...]]) -> None:
    taken: dict[tuple[dt.date, dt.date], int] = {}
    for month, department, item, window, accepted_on, done_on, n in rows:
        pair = (_day(accepted_on), _day(done_on))
        if pair not in taken:
            taken[pair] = days_taken(*pair)
        _found(found, _day(month), department, item, window, f"{DAYS}{taken[pair]}", int(n))


def _day(value: Any) -> dt.date:
    """A date as the ORM gives it, or as SQLite's cursor does (its ISO text)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


# Where a case's pk stands in ``_one_case``'s statements: no case has it.
_PLACEHOLDER = -918_273_645


@functools.cache
def _one_case(vendor: str) -> tuple[tuple[str, tuple[Any, ...], tuple[int, ...]], ...]:
    """``counts`` of one case as its two statements (the measures' union, the pairs), compiled
    once per process and database: building and compiling them cost ~45 ms of Python per
    count (issue 23: three counts a 受理, most of a window write's time). Each comes with its
    parameters and the places of the case's pk in them. The record sets hold no value read
    from the database or the clock (``_everything``: fixed bounds), so the SQL never changes."""
    cases = Case.objects.filter(pk=_PLACEHOLDER)
    parts = _measures(cases)
    compiled = []
    for queryset in (parts[0].union(*parts[1:], all=True), _pairs(cases)):
        sql, params = queryset.query.sql_with_params()
        places = tuple(i for i, value in enumerate(params) if value == _PLACEHOLDER)
        assert places, "the case's pk is a parameter of its count"
        compiled.append((sql, tuple(params), places))
    return tuple(compiled)


def counts_of(pks: Iterable[int | None], *, completed: bool = True) -> Counter[Key]:
    """``counts`` of the cases ``pks`` (a desk's or the API's write of a case or a rating: one
    or two), each by ``_one_case``'s statements; ``completed=False``: none of them is 办结
    (nothing to count per pair of days: one statement a case)."""
    found: Counter[Key] = Counter()
    measures, pairs = _one_case(connection.vendor)
    with connection.cursor() as cursor:
        for pk in sorted({pk for pk in pks if pk is not None}):
            for (sql, params, places), add_rows in (
                (measures, _add_measures),
                (pairs, _add_pairs),
            ):
                if add_rows is _add_pairs and not completed:
                    continue
                bound = list(params)
                for place in places:
                    bound[place] = pk
                cursor.execute(sql, bound)
                add_rows(found, cursor.fetchall())
    return found


def _found(
    found: Counter[Key], month: dt.date, department: Any, item: Any, window: Any, name: str, n: int
) -> None:
    """``n`` records under their key, and under their department's total (``ALL_ITEMS``,
    ``ALL_WINDOWS``: what a scope not narrowed to a window or an item reads)."""
    found[(month, department or 0, item or 0, window or "", name)] += n
    found[(month, department or 0, ALL_ITEMS, ALL_WINDOWS, name)] += n


def add(changes: Iterable[tuple[Key, int]]) -> None:
    """Add each ``n`` to its key's count (a negative ``n`` takes away), and each department's
    totals to its center's (``IndicatorCenterCount``); rows brought to zero go."""
    totals: Counter[Key] = Counter()
    for key, n in changes:
        totals[key] += n
    rows = [(key, n) for key, n in totals.items() if n]
    if not rows:
        return
    statements = _upserts(
        IndicatorCount, ["month", "department_key", "item_key", "window_code", "measure"], rows
    )
    centers = _center_upserts(
        [
            (month, department, measure, n)
            for (month, department, item, window, measure), n in rows
            if department and item == ALL_ITEMS and window == ALL_WINDOWS
        ]
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(statements) == len(centers) == 1:
            # A desk's write: both upserts in one round trip (a data-modifying CTE runs whether
            # or not the statement reads it). SQLite has no INSERT inside a WITH: two.
            (sql, params), (values, upsert, center_params) = statements[0], centers[0]
            cursor.execute(
                f"WITH counted AS ({sql} RETURNING 1), {values} {upsert}",
                [*params, *center_params],
            )
        else:
            for sql, params in statements:
                cursor.execute(sql, params)
            for values, upsert, center_params in centers:
                cursor.execute(f"WITH {values} {upsert}", center_params)
    if any(n < 0 for _, n in rows):
        months = {key[0] for key, _ in rows}
        _delete(IndicatorCount.objects.filter(month__in=months, count=0))
        _delete(IndicatorCenterCount.objects.filter(month__in=months, count=0))


def _center_upserts(
    totals: list[tuple[dt.date, int, str, int]],
) -> list[tuple[str, str, list[Any]]]:
    """Each department's totals (month, department, measure, n) added to its center's row, the
    department's center joined in the same upsert (one statement per ``CHUNK``, on PostgreSQL
    one for all; not a read first: a desk's write pays one query for the center rows); each
    statement as its ``WITH`` part (the values), the upsert reading them, and their
    parameters."""
    quote = connection.ops.quote_name
    table = quote(IndicatorCenterCount._meta.db_table)
    departments = quote(Department._meta.db_table)
    count = quote("count")
    keys = ", ".join(quote(c) for c in ("month", "center_key", "measure"))
    postgres = connection.vendor == "postgresql"
    step = max(len(totals), 1) if postgres else CHUNK  # PostgreSQL: one array per column
    statements = []
    for start in range(0, len(totals), step):
        chunk = totals[start : start + step]
        values = (
            "SELECT * FROM unnest(%s::date[], %s::integer[], %s::text[], %s::bigint[])"
            if postgres
            else "VALUES " + ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
        )
        params: list[Any] = (
            [[row[i] for row in chunk] for i in range(4)]
            if postgres
            else [value for row in chunk for value in row]
        )
        # WHERE before GROUP BY: SQLite reads an upsert after a join's SELECT only then.
        statements.append(
            (
                f"v(m, dep, me, n) AS ({values})",
                f"INSERT INTO {table} ({keys}, {count}) "
                f"SELECT v.m, d.{quote('center_id')}, v.me, SUM(v.n) FROM v "
                f"JOIN {departments} d ON d.{quote('id')} = v.dep WHERE true "
                "GROUP BY v.m, d.center_id, v.me HAVING SUM(v.n) <> 0 "
                f"ON CONFLICT ({keys}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}",
                params,
            )
        )
    return statements


def _add_to_centers(changes: Iterable[tuple[CenterKey, int]]) -> None:
    rows = [(key, n) for key, n in changes if n]
    if not rows:
        return
    _upsert(IndicatorCenterCount, ["month", "center_key", "measure"], rows)
    if any(n < 0 for _, n in rows):
        months = {key[0] for key, _ in rows}
        _delete(IndicatorCenterCount.objects.filter(month__in=months, count=0))


def _upsert(
    model: type[IndicatorCount] | type[IndicatorCenterCount],
    keys: list[str],
    rows: list[tuple[Any, int]],
) -> None:
    with connection.cursor() as cursor:
        for sql, params in _upserts(model, keys, rows):
            cursor.execute(sql, params)


def _upserts(
    model: type[IndicatorCount] | type[IndicatorCenterCount],
    keys: list[str],
    rows: list[tuple[Any, int]],
) -> list[tuple[str, list[Any]]]:
    """``count = count + n`` for each key (each once in ``rows``), in statements of ``CHUNK``
    keys, on PostgreSQL one (parallel writers add up, as the daily rollups do in
    ``cases.rollups``): each statement and its parameters."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [*keys, "count"]
    names = ", ".join(quote(c) for c in columns)
    target = ", ".join(quote(c) for c in keys)
    count = quote("count")
    if connection.vendor == "postgresql":
        # One statement of one array per column: a statement of 150 rows took ~5 ms on
        # PostgreSQL (an import's new cases made 400 of them per 200,000 rows), unnest half that.
        types = [
            cast(Field[Any, Any], model._meta.get_field(c)).db_type(connection) for c in columns
        ]
        arrays = [[key[i] for key, _ in rows] for i in range(len(keys))] + [[n for _, n in rows]]
        return [
            (
                f"INSERT INTO {table} ({names}) SELECT * FROM unnest("
                + ", ".join(f"%s::{kind}[]" for kind in types)
                + f") ON CONFLICT ({target}) DO UPDATE SET {count} = {table}.{count} + "
                f"excluded.{count}",
                arrays,
            )
        ]
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    statements = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        params: list[Any] = []
        for key, n in chunk:
            params += [*key, n]
        statements.append(
            (
                f"INSERT INTO {table} ({names}) VALUES {', '.join([row] * len(chunk))} "
                f"ON CONFLICT ({target}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}",
                params,
            )
        )
    return statements


def _delete(rows: QuerySet[Any]) -> None:
    """One DELETE statement: the project's catch-all delete signals (the change history) would
    make Django fetch and signal each of a province's rows, and rollup rows have no history."""
    rows._raw_delete(rows.db)


def _difference(before: Counter[Key], after: Counter[Key]) -> list[tuple[Key, int]]:
    return [(key, after[key] - before[key]) for key in before.keys() | after.keys()]


def _around(cases: QuerySet[Case]) -> Callable[[], None]:
    """``cases.rollups.cases_written``'s listener: counts ``cases`` now and returns what adds
    the difference once they are written."""
    before = counts(cases)

    def written() -> None:
        add(_difference(before, counts(cases)))

    return written


def _created(cases: QuerySet[Case]) -> None:
    """``cases.rollups.cases_created``'s listener: the new ``cases`` added (nothing rates them
    yet: their own measures only)."""
    add(counts(cases, ratings=False).items())


def rebuild() -> int:
    """Recount every rollup from the cases and ratings (重建考核指标月汇总); returns the number
    of rows."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(IndicatorCount._meta.db_table)
                cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        _delete(IndicatorCount.objects.all())
        IndicatorCount.objects.bulk_create(
            (
                IndicatorCount(
                    month=month,
                    department_key=department,
                    item_key=item,
                    window_code=window,
                    measure=measure,
                    count=n,
                )
                for (month, department, item, window, measure), n in counts().items()
                if n
            ),
            batch_size=5000,
        )
        recount_centers()
        return IndicatorCount.objects.count()


def _center_sums() -> QuerySet[Any, tuple[Any, ...]]:
    """The departments' totals summed per month, center and measure: what the center rows
    hold (a department of no center is none: ``department_key`` 0)."""
    center = Department.objects.filter(pk=OuterRef("department_key")).values("center_id")
    return (
        IndicatorCount.objects.filter(item_key=ALL_ITEMS, window_code=ALL_WINDOWS)
        .annotate(center_key=Subquery(center))
        .filter(center_key__isnull=False)
        .values_list("month", "center_key", "measure")
        .annotate(n=Sum("count"))
        .order_by()
    )


def recount_centers() -> int:
    """Sum the center rows afresh from the departments' totals (a rebuild, the migration that
    adds them); returns their number."""
    with transaction.atomic():
        _delete(IndicatorCenterCount.objects.all())
        IndicatorCenterCount.objects.bulk_create(
            (
                IndicatorCenterCount(month=month, center_key=center, measure=measure, count=n)
                for month, center, measure, n in _center_sums().iterator(chunk_size=5000)
                if n
            ),
            batch_size=5000,
        )
        return IndicatorCenterCount.objects.count()


def mismatches() -> int:
    """Rollup keys whose count differs from a recount of the cases and ratings."""
    counted = {key: n for key, n in counts().items() if n}
    kept = {
        (row[0], row[1], row[2], row[3], row[4]): row[5]
        for row in IndicatorCount.objects.values_list(
            "month", "department_key", "item_key", "window_code", "measure", "count"
        ).iterator()
    }
    wrong = sum(1 for key in kept.keys() | counted.keys() if kept.get(key) != counted.get(key))
    return wrong + _center_mismatches()


def _center_mismatches() -> int:
    """Center rows whose count differs from their departments' totals."""
    summed = {(m, c, measure): n for m, c, measure, n in _center_sums() if n}
    kept = {
        (m, c, measure): n
        for m, c, measure, n in IndicatorCenterCount.objects.values_list(
            "month", "center_key", "measure", "count"
        )
    }
    return sum(1 for key in kept.keys() | summed.keys() if kept.get(key) != summed.get(key))


# ---- single rows through the ORM ----------------------------------------------------------------


def _case_before(sender: type[Case], instance: Case, raw: bool = False, **kw: Any) -> None:
    if raw or instance.pk is None:
        return
    instance._indicator_counts = counts_of([instance.pk])  # type: ignore[attr-defined]


def _case_after(sender: type[Case], instance: Case, raw: bool = False, **kw: Any) -> None:
    if raw:
        return
    before: Counter[Key] = getattr(instance, "_indicator_counts", None) or Counter()
    instance._indicator_counts = None  # type: ignore[attr-defined]
    # As saved: a case not 办结 has no days to count (a 受理 pays one statement here).
    after = counts_of([instance.pk], completed=instance.completed_at is not None)
    add(_difference(before, after))


def _case_deleted(sender: type[Case], instance: Case, **kw: Any) -> None:
    before: Counter[Key] = getattr(instance, "_indicator_counts", None) or Counter()
    instance._indicator_counts = None  # type: ignore[attr-defined]
    add((key, -n) for key, n in before.items())


def _rating_cases(instance: ServiceEvaluation) -> set[int]:
    """The cases a rating's write changes: its case, and the one it named before."""
    ids = {instance.case_id}
    if instance.pk is not None:
        ids |= set(
            ServiceEvaluation.objects.filter(pk=instance.pk).values_list("case_id", flat=True)
        )
    return ids


def _rating_before(
    sender: type[ServiceEvaluation], instance: ServiceEvaluation, raw: bool = False, **kw: Any
) -> None:
    if raw:
        return
    cases = _rating_cases(instance)
    instance._indicator_cases = cases  # type: ignore[attr-defined]
    instance._indicator_counts = counts_of(cases)  # type: ignore[attr-defined]


def _rating_after(
    sender: type[ServiceEvaluation], instance: ServiceEvaluation, raw: bool = False, **kw: Any
) -> None:
    if raw:
        return
    cases = getattr(instance, "_indicator_cases", None)
    before: Counter[Key] = getattr(instance, "_indicator_counts", None) or Counter()
    instance._indicator_counts = instance._indicator_cases = None  # type: ignore[attr-defined]
    if cases is None:
        cases = {instance.case_id}
    add(_difference(before, counts_of(cases)))


# A delete of several ratings sends every pre_delete, deletes them all, then every post_delete:
# ratings of one case are counted once before the first and once after the last, per deletion
# (its ``origin``, the queryset or the row; gone with it if the deletion fails).
_deleting: weakref.WeakKeyDictionary[Any, dict[int, list[Any]]] = weakref.WeakKeyDictionary()


def _rating_going(
    sender: type[ServiceEvaluation], instance: ServiceEvaluation, origin: Any = None, **kw: Any
) -> None:
    pending = _deleting.setdefault(origin if origin is not None else instance, {})
    if instance.case_id in pending:
        pending[instance.case_id][1] += 1
    else:
        pending[instance.case_id] = [counts_of([instance.case_id]), 1]


def _rating_gone(
    sender: type[ServiceEvaluation], instance: ServiceEvaluation, origin: Any = None, **kw: Any
) -> None:
    pending = _deleting.get(origin if origin is not None else instance, {})
    entry = pending.get(instance.case_id)
    if entry is None:
        return
    entry[1] -= 1
    if entry[1] == 0:
        del pending[instance.case_id]
        add(_difference(entry[0], counts_of([instance.case_id])))


def _department_moved(department: Department, before: int) -> None:
    """A department moved to another center (rare: an admin's edit) takes its totals along."""
    totals = IndicatorCount.objects.filter(
        department_key=department.pk, item_key=ALL_ITEMS, window_code=ALL_WINDOWS
    ).values_list("month", "measure", "count")
    changes: Counter[CenterKey] = Counter()
    for month, measure, n in totals:
        changes[(month, before, measure)] -= n
        changes[(month, department.center_id, measure)] += n
    _add_to_centers(changes.items())


def connect() -> None:
    """Keep the rollups in step with every write of a case or a rating (FiguresConfig.ready)."""
    from servicehall.cases import rollups

    rollups.on_cases_written(_around, created=_created)
    rollups.on_department_moved(_department_moved)
    pre_save.connect(_case_before, sender=Case, dispatch_uid="indicator_rollups.case_before")
    post_save.connect(_case_after, sender=Case, dispatch_uid="indicator_rollups.case_after")
    pre_delete.connect(_case_before, sender=Case, dispatch_uid="indicator_rollups.case_gone")
    post_delete.connect(_case_deleted, sender=Case, dispatch_uid="indicator_rollups.case_deleted")
    for signal, receiver, uid in (
        (pre_save, _rating_before, "rating_before"),
        (post_save, _rating_after, "rating_after"),
        (pre_delete, _rating_going, "rating_going"),
        (post_delete, _rating_gone, "rating_gone"),
    ):
        signal.connect(receiver, sender=ServiceEvaluation, dispatch_uid=f"indicator_rollups.{uid}")
