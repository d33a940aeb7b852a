"""``servicehall import-events FILE`` as a process of its own, printing its peak RSS and the
seconds of its steps as JSON."""

from __future__ import annotations

import io
import json
import os
import resource
import sys
from pathlib import Path


class _ServerCpu:
    """The CPU seconds the PostgreSQL backend of this process's connection spends from here on
    (read from /proc: the bench's server runs on this machine); 0.0 on SQLite."""

    def __init__(self) -> None:
        from django.db import connection

        self.pid = 0
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.pid = int(cursor.fetchone()[0])
        self.start = self._now()

    def _now(self) -> float:
        if not self.pid:
            return 0.0
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def seconds(self) -> float:
        return round(self._now() - self.start, 2)


def peak_rss_mib() -> float:
    """This process's own peak resident memory, in MiB (``VmHWM``, the high-water mark of its
    address space). Not ``getrusage``'s ``ru_maxrss``: Linux keeps in it, across ``exec``, the
    peak of the process that started this one (the bench's phase process: it reported that
    process's 961 MiB as the import's peak in the bench of 2026-12-07, docs/decisions.md, the
    import's sixth pass)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(path: str) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    report: dict[str, object] = {}
    code = 0
    answer = io.StringIO()
    server = _ServerCpu()
    try:
        call_command("import_events", path, quiet=True, json=True, stdout=answer)
    except CommandError as exc:
        report["error"] = str(exc).splitlines()[-1][:200]
        code = 1
    else:
        result = json.loads(answer.getvalue())
        report.update(steps=result.get("steps", {}), created=result.get("created"))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report["rss_mib"] = peak_rss_mib()
    # CPU seconds, which the machine's other work does not inflate as it does the wall time:
    # this process's (with SQLite, the database's too) and the PostgreSQL backend's.
    report["cpu_s"] = usage.ru_utime + usage.ru_stime
    report["server_cpu_s"] = server.seconds()
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
