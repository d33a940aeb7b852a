"""SQL that only one database runs, as a migration operation (数据库专用 SQL)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def on_postgresql(forward: str, backward: str) -> migrations.RunPython:
    """Run ``forward`` (and on reversal ``backward``) on PostgreSQL; nothing elsewhere."""
    return on_vendor("postgresql", forward, backward)


def on_sqlite(forward: str, backward: str) -> migrations.RunPython:
    """Run ``forward`` (and on reversal ``backward``) on SQLite; nothing elsewhere."""
    return on_vendor("sqlite", forward, backward)


def on_vendor(vendor: str, forward: str, backward: str) -> migrations.RunPython:
    """Through a cursor without parameters, so a ``%`` of PL/pgSQL (``RAISE … %``) stays as it
    is; statements separated by ``;`` at line ends run one by one (SQLite takes one a call)."""

    def run(sql: str) -> Any:
        def operation(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor != vendor:
                return
            with schema_editor.connection.cursor() as cursor:
                if vendor == "sqlite":
                    for statement in filter(None, (s.strip() for s in sql.split(";\n"))):
                        cursor.execute(statement)
                else:
                    cursor.execute(sql)

        return operation

    return migrations.RunPython(run(forward), run(backward))
