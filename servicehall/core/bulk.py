"""Bulk writes of plain rows (批量写入): COPY on PostgreSQL, executemany elsewhere.

For hundreds of thousands of rows, building model instances for ``bulk_create`` costs far more
than the database's own work (~30 s of ORM time for the demo's 400,000 cases and events on
SQLite); these helpers write the values ``bulk_create`` would write, ids from the table's own
sequence. They bypass ``save()`` and its signals: callers own what the signals would do.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

BATCH = 5000


def db_datetime(value: dt.datetime | None) -> dt.datetime | str | None:
    """An aware datetime as the database driver takes it: SQLite stores naive UTC text (as
    Django writes it), PostgreSQL takes the aware value."""
    if value is None or connection.vendor != "sqlite":
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")


def table(model: type[Model]) -> str:
    """The model's table, quoted for raw SQL."""
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    column = getattr(field, "column", None)
    if not isinstance(column, str):
        raise ValueError(f"{model.__name__}.{name} 不是数据表中的列")
    return column


def insert_rows(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert ``rows`` (values in the order of ``fields``) into ``model``'s table."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    name = table(model)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {name} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        remaining = iter(rows)
        while chunk := list(itertools.islice(remaining, BATCH)):
            cursor.executemany(sql, chunk)
