"""The web process as gunicorn forks it (进程预热): the app loaded once, in the master."""

from __future__ import annotations

import gc


def ready_to_fork() -> None:
    """Load what every worker's first request would load, before gunicorn forks its workers
    (``preload_app``, deploy/gunicorn.conf.py): the URLconf and through it every view, DRF and
    drf-spectacular — ~0.65 s of CPU that each worker otherwise paid in its first request, and
    again in each worker started after ``max_requests`` (issue 24: ~0.7 s of CPU and ~1–3 s of
    garbage collection on a loaded machine, inside a measured request). No database
    connection is left open to be shared by the forks, and what is loaded is frozen out of the
    collector's way (``gc.freeze``): a worker's collections neither walk nor copy the master's
    objects."""
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — imports the URLconf, every view with it
    connections.close_all()
    gc.collect()
    gc.freeze()
