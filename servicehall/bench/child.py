"""``servicehall import-events FILE`` as a process of its own, printing its peak RSS and the
seconds of its steps as JSON."""

from __future__ import annotations

import io
import json
import resource
import sys


def main(path: str) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    report: dict[str, object] = {}
    code = 0
    answer = io.StringIO()
    try:
        call_command("import_events", path, quiet=True, json=True, stdout=answer)
    except CommandError as exc:
        report["error"] = str(exc).splitlines()[-1][:200]
        code = 1
    else:
        result = json.loads(answer.getvalue())
        report.update(steps=result.get("steps", {}), created=result.get("created"))
    report["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
