"""SQL that only PostgreSQL runs, as a migration operation (PostgreSQL 专用 SQL)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def on_postgresql(forward: str, backward: str) -> migrations.RunPython:
    """Run ``forward`` (and on reversal ``backward``) on PostgreSQL; nothing elsewhere.

    Through a cursor without parameters, so a ``%`` of PL/pgSQL (``RAISE … %``) stays as it is.
    """

    def run(sql: str) -> Any:
        def operation(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor == "postgresql":
                with schema_editor.connection.cursor() as cursor:
                    cursor.execute(sql)

        return operation

    return migrations.RunPython(run(forward), run(backward))
