"""The web process as gunicorn forks it (issue 24): the master loads the app and every view
once, keeps no database connection for its forks to share, and freezes what it loaded."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PROBE = """
import gc, json, sys
loaded_before = "servicehall.cases.api" in sys.modules
import servicehall.wsgi
from django.db import connections
print(json.dumps({
    "before": loaded_before,
    "views": all(m in sys.modules for m in (
        "servicehall.cases.api", "servicehall.figures.api", "drf_spectacular.views")),
    "connections": [c.alias for c in connections.all() if c.connection is not None],
    "frozen": gc.get_freeze_count(),
}))
"""


@pytest.mark.slow  # a fresh Python importing Django: left to the full suite (`make check` ≤ 60 s)
def test_the_master_loads_every_view_keeps_no_connection_and_freezes_what_it_loaded(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "SERVICEHALL_VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    # Imported by the module, not by a first request: a worker forked from it starts warm.
    assert seen["before"] is False and seen["views"] is True
    assert seen["connections"] == []
    assert seen["frozen"] > 100_000


def test_gunicorn_loads_the_app_in_its_master_unless_told_not_to(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec = importlib.util.spec_from_file_location("conf", ROOT / "deploy" / "gunicorn.conf.py")
    assert spec is not None and spec.loader is not None

    def load() -> object:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        return module

    monkeypatch.delenv("SERVICEHALL_PRELOAD", raising=False)
    assert load().preload_app is True  # type: ignore[attr-defined]
    monkeypatch.setenv("SERVICEHALL_PRELOAD", "0")
    assert load().preload_app is False  # type: ignore[attr-defined]
