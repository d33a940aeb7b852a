"""The `servicehall` console script: Django's management commands, with hyphenated names.

`servicehall import-events FILE` runs the management command `import_events`. The commands of
the contract bring the database schema up to date first, so the embedded SQLite database works
from the first command on a new machine.
"""

from __future__ import annotations

import os
import sys

# Commands that read or write the data (SPEC.md's contract, the worker and the server).
MIGRATE_FIRST = {
    "demo",
    "import_events",
    "import_report",
    "stats",
    "draft_issue",
    "render_issue",
    "audit_issue",
    "adduser",
    "import_platform",
    "worker",
    "export_bundle",
    "import_bundle",
    "push_bundle",
    "federate_center",
}


def ensure_migrated() -> bool:
    """Apply unapplied migrations; True when something was applied."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    sys.stderr.write("数据库结构尚未建立或不是最新，正在执行 migrate……\n")
    call_command("migrate", verbosity=0, interactive=False)
    return True


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicehall.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "servicehall"
    import django
    from django.core.management import execute_from_command_line

    if len(argv) > 1 and argv[1] in MIGRATE_FIRST and "-h" not in argv and "--help" not in argv:
        django.setup()
        ensure_migrated()
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
