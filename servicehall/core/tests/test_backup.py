"""`servicehall backup` then `servicehall restore` into an empty database gives back every row
of every table and every published file, checksums intact; on SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import stat
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from servicehall.testing.scratchdb import python, scratch_environments
from servicehall.testing.seeds import SEED_2023_9, SEED_2024_4

# Through subprocesses on this run's database kind: once on SQLite, once on PostgreSQL.
pytestmark = [pytest.mark.slow, pytest.mark.each_database]

EVENTS = (
    "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n"
    "B1,C1,受理,2024-01-22T09:30:00,公安厅,,A01,张三\n"
    "B2,C1,办结,2024-01-23T10:00:00,公安厅,,A01,张三\n"
    "B3,,咨询,2024-01-23T11:00:00,水利厅,,A02,李四\n"
)


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "servicehall.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    return done


def counts(env: dict[str, str]) -> dict[str, int]:
    """Rows of every table of the database, read through Django in a fresh process."""
    code = (
        "import json, django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); names = sorted(connection.introspection.table_names()); "
        "out = {}\nfor n in names:\n    c.execute(f'SELECT COUNT(*) FROM {connection.ops.quote_name(n)}'); "
        "out[n] = c.fetchone()[0]\nprint(json.dumps(out))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    import json

    found: dict[str, int] = json.loads(done.stdout)  # the child's table counts
    return found


@pytest.fixture
def databases(tmp_path: Path) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """Two installations, ``source`` and ``empty``, on the database kind of this test run, each
    with its own uploaded files' folder."""
    with scratch_environments(tmp_path, "source", "empty") as (source, empty):
        source["DJANGO_MEDIA_ROOT"] = str(tmp_path / "source-media")
        empty["DJANGO_MEDIA_ROOT"] = str(tmp_path / "empty-media")
        yield source, empty


# Uploaded files as the pages store them: a 一单一图一表 version and a 差评's evidence.
UPLOADS = """
from django.core.files.base import ContentFile
from servicehall.testing.factories import ItemSpecVersionFactory, RectificationStepFactory
spec = ItemSpecVersionFactory()
spec.file.save("办事指南.pdf", ContentFile(b"%PDF-1.4 guide"), save=True)
step = RectificationStepFactory()
step.evidence.save("整改照片.png", ContentFile(bytes(range(256)) * 10), save=True)
"""


def files_of(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def table_rows(env: dict[str, str]) -> dict[str, list[list[str]]]:
    """Every row of every table, in primary-key order, read in a fresh process."""
    code = (
        "import json\nfrom django.db import connection\n"
        "c = connection.cursor(); out = {}\n"
        "for n in sorted(connection.introspection.table_names()):\n"
        "    q = connection.ops.quote_name(n)\n"
        "    c.execute(f'SELECT * FROM {q} ORDER BY 1')\n"
        "    out[n] = [[bytes(v).hex() if isinstance(v, (bytes, memoryview)) else str(v) "
        "for v in r] for r in c.fetchall()]\n"
        "print(json.dumps(out))"
    )
    done = python(env, code)
    assert done.returncode == 0, done.stderr
    found: dict[str, list[list[str]]] = json.loads(done.stdout)  # the child's rows as text
    return found


def test_a_backup_restored_into_an_empty_database_gives_back_everything(
    databases: tuple[dict[str, str], dict[str, str]], tmp_path: Path
) -> None:
    source, empty = databases
    events = tmp_path / "events.csv"
    events.write_text(EVENTS, encoding="utf-8")
    for args in (
        ("migrate", "-v", "0"),
        ("import-report", str(SEED_2024_4), str(SEED_2023_9)),
        ("import-events", str(events), "--quiet"),
        ("adduser", "clerk2", "--role", "staff", "--password", "clerk2-mima-2024"),
        ("api-token", "clerk2"),
    ):
        done = cli(source, *args)
        assert done.returncode == 0, done.stderr
    token = done.stdout.strip()
    uploaded = python(source, UPLOADS)
    assert uploaded.returncode == 0, uploaded.stderr
    before = counts(source)
    assert before["reports_issue"] == 2 and before["cases_caseevent"] == 3
    assert before["history_changerecord"] > 0 and before["reports_issuefile"] == 2
    media = files_of(Path(source["DJANGO_MEDIA_ROOT"]))
    assert len(media) == 2
    rows = table_rows(source)

    target = tmp_path / "hall.backup"
    done = cli(source, "backup", str(target))
    assert done.returncode == 0, done.stderr
    assert "2 个上传文件" in done.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # readable by its owner only
    assert token not in target.read_bytes().decode("latin-1")  # tokens are digests only
    assert cli(source, "backup", str(target)).returncode != 0  # never overwritten

    done = cli(empty, "restore", str(target))
    assert done.returncode == 0, done.stderr
    assert counts(empty) == before
    assert table_rows(empty) == rows  # identical rows, not just as many
    assert files_of(Path(empty["DJANGO_MEDIA_ROOT"])) == media
    verified = cli(empty, "verify-issues")
    assert (
        verified.returncode == 0
        and "已沿台账核对 4 条记录、2 期已发布周报的 2 个文件" in verified.stdout
    )
    stats = cli(empty, "stats", "--from", "2024-01-22", "--to", "2024-01-26", "--json")
    assert '"accept": 1' in stats.stdout and '"complete": 1' in stats.stdout

    again = cli(empty, "restore", str(target))
    assert again.returncode != 0 and "已有数据" in again.stderr  # no silent overwrite
    assert cli(empty, "restore", str(target), "--force").returncode == 0
    assert counts(empty) == before
    assert files_of(Path(empty["DJANGO_MEDIA_ROOT"])) == media


def test_restore_refuses_a_backup_whose_member_differs_from_its_manifest(
    databases: tuple[dict[str, str], dict[str, str]], tmp_path: Path
) -> None:
    source, empty = databases
    assert cli(source, "migrate", "-v", "0").returncode == 0
    assert python(source, UPLOADS).returncode == 0
    target = tmp_path / "hall.backup"
    assert cli(source, "backup", str(target)).returncode == 0
    # One uploaded file swapped inside the archive, its manifest left as it was.
    tampered = tmp_path / "tampered.backup"
    with tarfile.open(target) as original, tarfile.open(tampered, "w") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.endswith(".pdf"):
                data = b"%PDF-1.4 forged"
                member.size = len(data)
            copy.addfile(member, __import__("io").BytesIO(data))
    done = cli(empty, "restore", str(tampered))
    assert done.returncode != 0
    assert "的 SHA-256 为" in done.stderr and "备份已损坏或被改动，不恢复" in done.stderr
    assert counts(empty).get("reports_issue", 0) == 0  # nothing restored
    assert not Path(empty["DJANGO_MEDIA_ROOT"]).exists()
