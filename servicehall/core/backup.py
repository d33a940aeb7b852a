"""Backup and restore of a whole installation (备份与恢复): the database and the uploaded files.

One archive (tar) holds the database — SQLite: the online backup API, a consistent copy while
the hall works; PostgreSQL: pg_dump's custom format, restored by pg_restore of the server's own
major version — and every file under ``MEDIA_ROOT`` (一单一图一表 versions, 差评 evidence), with
a manifest of every member's SHA-256 that `restore` checks before it touches anything. The
archive is written with mode 0600 (it holds every record of the hall) and never overwrites a
file. Secrets stay out of it: ``DJANGO_SECRET_KEY`` and ``SERVICEHALL_LEDGER_KEY`` live in the
environment (or ``VAR_DIR``), API tokens in the database are SHA-512 digests only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(RuntimeError):
    """A backup or restore that could not be done; the message says why."""


FORMAT = "servicehall-backup/2"
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media"


def backup(path: Path) -> str:
    """Write the database and the uploaded files to the archive ``path`` (mode 0600); returns
    what was written, for the operator."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} 已存在，不覆盖")
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(f"不支持的数据库 {connection.vendor}")
    path.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="servicehall-backup-") as work:
        database = Path(work) / DATABASE_MEMBERS[connection.vendor]
        _dump_database(database)
        media = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        )
        entries = [(database.name, database)]
        entries += [(f"{MEDIA}/{p.relative_to(media_root).as_posix()}", p) for p in media]
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise BackupError(f"{path} 已存在，不覆盖") from None
        listed = []
        try:
            with (
                os.fdopen(descriptor, "wb") as stream,
                tarfile.open(fileobj=stream, mode="w") as tar,
            ):
                for name, source in entries:
                    digest, size = _sha256(source)
                    listed.append({"name": name, "sha256": digest, "size": size})
                    tar.add(source, arcname=name, recursive=False, filter=_plain)
                manifest = {
                    "format": FORMAT,
                    "made_at": dt.datetime.now(dt.UTC).isoformat(),
                    "database": connection.vendor,
                    "files": listed,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode = len(data), 0o600
                tar.addfile(info, io.BytesIO(data))
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    return (
        f"已备份数据库和 {len(media)} 个上传文件 → {path}（{path.stat().st_size:,} 字节，"
        "仅所有者可读）"
    )


def restore(path: Path, *, force: bool = False) -> str:
    """Replace the database and the uploaded files with the archive at ``path``, after checking
    every member against the manifest. Refused when the database holds records or
    ``MEDIA_ROOT`` holds files, unless ``force``: a restore is meant for an empty installation
    (a new server, or one whose data was lost). A backup of the earlier format (the database
    alone, one file) is still restored."""
    path = Path(path)
    try:
        is_archive = tarfile.is_tarfile(path)
    except OSError as exc:
        raise BackupError(f"无法读取 {path}：{exc.strerror}") from exc
    if not is_archive:
        return _restore_database(path, force=force) + "（旧格式备份：只含数据库，不含上传文件）"
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(path, mode="r:") as tar:
        manifest = _checked_manifest(tar, path)
        if manifest["database"] != connection.vendor:
            raise BackupError(
                f"备份来自 {manifest['database']} 数据库，当前为 {connection.vendor}，不能直接恢复"
            )
        if not force and _holds_records():
            raise BackupError("数据库中已有数据；确认要以备份覆盖时请加 --force")
        if not force and media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*")):
            raise BackupError(f"{media_root} 中已有上传文件；确认要以备份覆盖时请加 --force")
        with tempfile.TemporaryDirectory(prefix="servicehall-restore-") as work:
            database = Path(work) / DATABASE_MEMBERS[manifest["database"]]
            _extract(tar, database.name, database)
            said = _restore_database(database, force=force)
        files = [f["name"] for f in manifest["files"] if f["name"].startswith(f"{MEDIA}/")]
        if force and media_root.is_dir():
            shutil.rmtree(media_root)
        for name in files:
            target = media_root / PurePosixPath(name).relative_to(MEDIA)
            target.parent.mkdir(parents=True, exist_ok=True)
            _extract(tar, name, target)
    return f"{said}；上传文件 {len(files)} 个，均与清单的 SHA-256 一致"


def _checked_manifest(tar: tarfile.TarFile, path: Path) -> dict[str, Any]:
    """The manifest, once every member is checked against it: same names, same SHA-256."""
    try:
        manifest: dict[str, Any] = json.loads(tar.extractfile(MANIFEST).read())  # type: ignore[union-attr]
    except (KeyError, AttributeError, ValueError) as exc:
        raise BackupError(f"{path} 不是 servicehall 备份（没有可读的清单）") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} 的格式 {manifest.get('format')} 不是 {FORMAT}")
    listed = {f["name"]: f for f in manifest["files"]}
    members = {m.name: m for m in tar.getmembers() if m.name != MANIFEST}
    for name in sorted(set(members) - set(listed)):
        raise BackupError(f"备份中的 {name} 不在清单中：备份已被改动，不恢复")
    for name, entry in listed.items():
        _safe_name(name)
        member = members.get(name)
        if member is None or not member.isfile():
            raise BackupError(f"备份缺少 {name}：备份不完整，不恢复")
        digest = hashlib.sha256()
        stream = tar.extractfile(member)
        assert stream is not None
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
        if digest.hexdigest() != entry["sha256"]:
            raise BackupError(
                f"备份中 {name} 的 SHA-256 为 {digest.hexdigest()}，清单记为 {entry['sha256']}："
                "备份已损坏或被改动，不恢复"
            )
    if manifest.get("database") not in DATABASE_MEMBERS:
        raise BackupError(f"备份的数据库类型 {manifest.get('database')} 不受支持")
    if DATABASE_MEMBERS[manifest["database"]] not in listed:
        raise BackupError("备份中没有数据库")
    return manifest


def _safe_name(name: str) -> None:
    """A member's name stays inside the archive's own folders (no /etc/passwd, no ../)."""
    parts = PurePosixPath(name).parts
    if PurePosixPath(name).is_absolute() or ".." in parts or not parts:
        raise BackupError(f"备份中的文件名 {name} 不安全，不恢复")
    if parts[0] != MEDIA and name not in DATABASE_MEMBERS.values():
        raise BackupError(f"备份中的 {name} 不属于数据库或上传文件，不恢复")


def _extract(tar: tarfile.TarFile, name: str, target: Path) -> None:
    source = tar.extractfile(name)
    assert source is not None
    with target.open("wb") as out:
        shutil.copyfileobj(source, out, 1 << 20)


def _sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _plain(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """A member as data only: no owner, no permissions beyond the owner's."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    return info


def _dump_database(path: Path) -> None:
    """The database into ``path``: SQLite's online backup, or pg_dump's custom format."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={path}"])


def _restore_database(path: Path, *, force: bool) -> str:
    """Replace the database's content with the dump at ``path`` (refused over records unless
    ``force``)."""
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
        return f"已由 {path.name} 恢复数据库（SQLite）"
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
        return f"已由 {path.name} 恢复数据库（PostgreSQL）"
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
