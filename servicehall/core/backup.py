"""Backup and restore of the whole database (备份与恢复): records, history, published files.

SQLite: the online backup API (a consistent copy while the hall works). PostgreSQL: pg_dump's
custom format and pg_restore, with the client tools of the server's own major version.
Everything ServiceHall keeps is in the database, so one file holds an installation.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import unquote

from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(RuntimeError):
    """A backup or restore that could not be done; the message says why."""


def backup(path: Path) -> str:
    """Write the database to ``path``; returns what was written, for the operator."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} 已存在，不覆盖")
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return f"SQLite 在线备份 → {path}（{path.stat().st_size:,} 字节）"
    if connection.vendor == "postgresql":
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={path}"])
        return f"pg_dump → {path}（{path.stat().st_size:,} 字节）"
    raise BackupError(f"不支持的数据库 {connection.vendor}")


def restore(path: Path, *, force: bool = False) -> str:
    """Replace the database's content with the backup at ``path``.

    Refused when the database already holds records, unless ``force``: a restore is meant for
    an empty installation (a new server, or one whose data was lost)."""
    path = Path(path)
    try:
        with path.open("rb") as stream:
            head = stream.read(16)
    except OSError as exc:
        raise BackupError(f"无法读取 {path}：{exc.strerror}") from exc
    if not force and _holds_records():
        raise BackupError("数据库中已有数据；确认要以备份覆盖时请加 --force")
    if connection.vendor == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{path} 不是 SQLite 备份文件")
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return f"已由 {path} 恢复（SQLite）"
    if connection.vendor == "postgresql":
        if not head.startswith(PGDUMP_MAGIC):
            raise BackupError(f"{path} 不是 pg_dump 自定义格式的备份文件")
        connection.close()
        _run(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ]
        )
        return f"已由 {path} 恢复（PostgreSQL）"
    raise BackupError(f"不支持的数据库 {connection.vendor}")


def _holds_records() -> bool:
    tables = set(connection.introspection.table_names())
    if "reports_issue" not in tables:
        return False  # never migrated: empty
    with connection.cursor() as cursor:
        for table in ("reports_issue", "cases_caseevent", "org_department"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return True
    return False


def _pg_tool(name: str) -> str:
    """pg_dump / pg_restore of the server's major version (an older client refuses a newer
    server's dump)."""
    connection.ensure_connection()
    major = connection.pg_version // 10000  # type: ignore[attr-defined]
    versioned = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    found = str(versioned) if versioned.exists() else shutil.which(name)
    if not found:
        raise BackupError(f"找不到 {name}：请安装 postgresql-client-{major}")
    return found


def _run(command: list[str]) -> None:
    """Run a client tool against this connection's database (password through the env)."""
    settings = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": str(settings.get("HOST") or ""),
        "PGPORT": str(settings.get("PORT") or ""),
        "PGUSER": str(settings.get("USER") or ""),
        "PGPASSWORD": unquote(str(settings.get("PASSWORD") or "")),
        "PGDATABASE": str(settings.get("NAME") or ""),
    }
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{Path(command[0]).name} 失败：{done.stderr.strip()[-500:]}")
