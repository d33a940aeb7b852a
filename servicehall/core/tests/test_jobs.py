"""Background jobs nobody can poison (issue 23): what a job stores is made storable first, a
job whose process dies ends as failed with the reason, a job whose worker died is reaped, and
the jobs behind them run."""

from __future__ import annotations

import datetime as dt
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone

from servicehall.cases.jobs import IMPORT_EVENTS_JOB
from servicehall.core import jobs
from servicehall.core.models import Job
from servicehall.core.text import storable
from servicehall.testing.scratchdb import cli, python, scratch_environments

HEADER = "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n"
# The file of the issue: one NUL byte in a cell that the row errors quote back.
POISONED = (HEADER + "N1,C1,受理,2024-01-22\x00T09:30:00,公安\x00厅,,A01,张三\n").encode()
GOOD = (HEADER + "G1,C1,受理,2024-01-22T09:30:00,,,,\n").encode()


def test_storable_replaces_what_databases_refuse_at_any_depth() -> None:
    value = {"a\x00": ["x\x00y", {"k": "\ud800z"}, 3, None], "t": ("\x00",)}
    assert storable(value) == {"a\ufffd": ["x\ufffdy", {"k": "\ufffdz"}, 3, None], "t": ("\ufffd",)}
    assert storable("普通文字") == "普通文字"


@pytest.mark.django_db
def test_a_row_with_a_nul_in_its_text_is_saved_with_a_replacement_character() -> None:
    job = Job.objects.create(kind="x", created_by="li\x00si", results=[{"m": "a\x00b"}])
    job.refresh_from_db()
    assert (job.created_by, job.results) == ("li\ufffdsi", [{"m": "a\ufffdb"}])


@pytest.mark.django_db
def test_the_nul_byte_events_file_ends_in_row_errors_and_the_next_job_runs() -> None:
    poisoned = jobs.enqueue(
        IMPORT_EVENTS_JOB, [("events.csv", POISONED)], options={"strict": False}
    )
    good = jobs.enqueue(IMPORT_EVENTS_JOB, [("good.csv", GOOD)], options={"strict": False})
    assert jobs.work(once=True) == 2
    poisoned.refresh_from_db()
    good.refresh_from_db()
    assert poisoned.status == Job.Status.FAILED
    assert poisoned.error == "导入失败：events.csv 共 2 处错误，未写入任何数据"
    errors = poisoned.results[0]["errors"]
    assert {(e["row"], e["field"]) for e in errors} == {(2, "occurred_at"), (2, "文件")}
    assert any("2024-01-22\ufffdT09:30:00" in e["message"] for e in errors)
    assert not poisoned.files.exists()
    assert good.status == Job.Status.DONE and good.results[0]["status"] == "imported"


@pytest.mark.django_db
def test_a_job_of_a_dead_worker_is_reaped_and_a_live_one_is_left_running() -> None:
    now = timezone.now()
    here = socket.gethostname()
    # A process id above Linux's largest (4194304): no such process.
    dead_here = Job.objects.create(
        kind="x", status="running", worker=f"{here}:4999999", heartbeat_at=now
    )
    silent_elsewhere = Job.objects.create(
        kind="x",
        status="running",
        worker="其他服务器:42",
        heartbeat_at=now - dt.timedelta(minutes=5),
    )
    beating_elsewhere = Job.objects.create(
        kind="x",
        status="running",
        worker="其他服务器:43",
        heartbeat_at=now - dt.timedelta(seconds=5),
    )
    # A live worker of this machine: a process whose command line names servicehall, as the
    # worker's does (whatever started the test run, its command line may not).
    worker = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)", "servicehall", "worker"]
    )
    deadline = time.monotonic() + 10
    while b"servicehall" not in _command_line(worker.pid) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the process shows its own command line
    assert worker.poll() is None, f"the stand-in worker ended ({worker.returncode})"
    live_here = Job.objects.create(
        kind="x",
        status="running",
        worker=f"{here}:{worker.pid}",
        heartbeat_at=now - dt.timedelta(hours=1),
    )
    try:
        assert sorted(jobs.reap_stale()) == sorted([dead_here.pk, silent_elsewhere.pk])
    finally:
        worker.kill()
        worker.wait()
    for job in (dead_here, silent_elsewhere, beating_elsewhere, live_here):
        job.refresh_from_db()
    assert dead_here.status == silent_elsewhere.status == Job.Status.FAILED
    assert f"执行它的后台进程（{here}:4999999）已不存在" in dead_here.error
    assert "已停止响应，最后心跳" in silent_elsewhere.error
    assert beating_elsewhere.status == Job.Status.RUNNING


def _command_line(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as stream:
            return stream.read()
    except OSError:
        return b""


def test_a_death_is_worded_with_its_signal() -> None:
    assert "执行它的进程被系统终止（SIGKILL，可能是内存不足）" in jobs.death_reason(7, -9)
    assert "意外退出（退出码 3）" in jobs.death_reason(7, 3)


WORKER = """
import os, signal
from servicehall.core import jobs

@jobs.handler("test_die")
def die(job):
    os.kill(os.getpid(), signal.SIGKILL)

print(jobs.work(once=True, isolate=True))
"""

JOBS = """
import json
from servicehall.core.models import Job
print(json.dumps([[j.kind, j.status, j.error, j.results] for j in Job.objects.order_by("pk")]))
"""


@pytest.mark.slow
@pytest.mark.each_database
def test_a_worker_outlives_a_job_whose_process_dies_and_reaps_its_own_past(tmp_path: Path) -> None:
    with scratch_environments(tmp_path, "worker") as (env,):
        assert cli(env, "migrate", "-v", "0").returncode == 0
        queued = python(
            env,
            "import socket\n"
            "from servicehall.core import jobs\nfrom servicehall.core.models import Job\n"
            "Job.objects.create(kind='x', status='running', worker=socket.gethostname() + ':4999999')\n"
            f"jobs.enqueue('test_die', [])\n"
            f"jobs.enqueue({IMPORT_EVENTS_JOB!r}, [('events.csv', {POISONED!r})], options={{'strict': False}})\n"
            f"jobs.enqueue({IMPORT_EVENTS_JOB!r}, [('good.csv', {GOOD!r})], options={{'strict': False}})\n",
        )
        assert queued.returncode == 0, queued.stderr
        worked = python(env, WORKER)
        assert worked.returncode == 0, worked.stderr
        assert worked.stdout.strip() == "3"
        left = python(env, JOBS)
        (_, s0, e0, _), (_, s1, e1, _), (_, s2, e2, r2), (_, s3, _, r3) = json.loads(left.stdout)
        assert (s0, s1, s2, s3) == ("failed", "failed", "failed", "done")
        assert "已不存在" in e0
        assert "执行它的进程被系统终止（SIGKILL，可能是内存不足）" in e1
        assert e2 == "导入失败：events.csv 共 2 处错误，未写入任何数据"
        assert r2[0]["status"] == "rejected" and r3[0]["status"] == "imported"


@pytest.mark.slow
@pytest.mark.each_database
def test_servicehall_worker_ends_a_job_left_running_by_a_killed_worker(tmp_path: Path) -> None:
    with scratch_environments(tmp_path, "killed") as (env,):
        assert cli(env, "migrate", "-v", "0").returncode == 0
        # A worker running a hanging job is killed outright, its child with it.
        hanging = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import django\ndjango.setup()\nimport time\n"
                "from servicehall.core import jobs\n"
                "jobs.handler('test_hang')(lambda job: time.sleep(600))\n"
                "jobs.enqueue('test_hang', [])\n"
                "print('started', flush=True)\n"
                "jobs.work(once=True, isolate=True)\n",
            ],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert hanging.stdout is not None
        assert hanging.stdout.readline().strip() == "started"
        for _ in range(100):
            status = python(
                env, "from servicehall.core.models import Job\nprint(Job.objects.get().status)"
            )
            if status.stdout.strip() == "running":
                break
            time.sleep(0.1)
        hanging.kill()
        hanging.wait()
        after = cli(env, "worker", "--once")
        assert after.returncode == 0, after.stderr
        left = json.loads(python(env, JOBS).stdout)
        assert left[0][1] == "failed" and "已不存在" in left[0][2]


def workbook_with_an_external_link() -> bytes:
    """An events workbook whose B2 reads another file, as Excel writes it (externalLink part)."""
    from servicehall.testing.hostile import workbook_with_external_link

    return workbook_with_external_link(
        HEADER.strip().split(","), ["X1", "C1", "accept", "2024-01-22T09:00:00", "", "", "", ""]
    )


@pytest.mark.django_db
def test_a_workbook_with_external_links_ends_in_a_file_error_in_chinese() -> None:
    job = jobs.enqueue(
        IMPORT_EVENTS_JOB,
        [("links.xlsx", workbook_with_an_external_link())],
        options={"strict": False},
    )
    jobs.work(once=True)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "导入失败：links.xlsx 共 1 处错误，未写入任何数据"
    (error,) = job.results[0]["errors"]
    assert error["field"] == "文件"
    assert error["message"].startswith(
        "工作簿含有 1 个外部链接（台账.xlsx），其公式的值来自别的文件"
    )


def test_a_row_openpyxl_cannot_read_is_that_rows_error(tmp_path: Path) -> None:
    import io
    import zipfile

    from openpyxl import Workbook

    from servicehall.cases.eventfile import COLUMNS, OPTIONAL
    from servicehall.core.tabular import ImportRejected, read_rows

    book = Workbook()
    book.worksheets[0].append(HEADER.strip().split(","))
    book.worksheets[0].append(["X1", "C1", "accept", "DATE", "", "", "", ""])
    book.worksheets[0].append(["X2", "C1", "accept", "2024-01-22T09:00:00", "", "", "", ""])
    plain = io.BytesIO()
    book.save(plain)
    source, path = zipfile.ZipFile(plain), tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path, "w") as damaged:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # A date cell whose value is no date: openpyxl fails while reading row 3.
                data = data.replace(b'<c r="D3" t="inlineStr"', b'<c r="D3" t="d"').replace(
                    b"<is><t>2024-01-22T09:00:00</t></is>", b"<v>\xe6\x98\xa8\xe5\xa4\xa9</v>"
                )
            damaged.writestr(item, data)
    with pytest.raises(ImportRejected) as refused:
        list(read_rows(path, None, COLUMNS, optional=OPTIONAL))
    (error,) = refused.value.errors
    assert (error.row, error.field) == (3, "文件")
    assert error.message.startswith("该行无法读取（")
