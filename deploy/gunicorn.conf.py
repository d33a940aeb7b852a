"""gunicorn settings for ServiceHall (gunicorn -c deploy/gunicorn.conf.py servicehall.wsgi).

The app is WSGI and its pages are short; long work (past-report imports, publishing an issue
with its DOCX and PDF) goes to `servicehall worker`. Sync workers, 2 per core, until
`python -m servicehall.bench.workers` says otherwise on the machine (docs/deployment.md,
"Workers"); SERVICEHALL_WORKER_CLASS, SERVICEHALL_WORKERS and SERVICEHALL_THREADS override them.
"""

import multiprocessing
import os

bind = os.environ.get("SERVICEHALL_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("SERVICEHALL_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = os.environ.get("SERVICEHALL_WORKER_CLASS", "sync")
threads = int(os.environ.get("SERVICEHALL_THREADS", 1))
# The app is loaded once, in the master, every view imported (servicehall.wsgi): a worker
# starts warm, and one replaced after max_requests costs a fork, not ~1.4 s of CPU (Django's
# start and the views' imports, which its first request paid) on a loaded 2-core machine
# (issue 24). A code upgrade needs a restart (the systemd unit's), not a HUP.
preload_app = os.environ.get("SERVICEHALL_PRELOAD", "1") != "0"
timeout = 120
graceful_timeout = 30
max_requests = 2000  # a worker is replaced now and then: memory stays bounded
max_requests_jitter = 200
limit_request_line = 8190
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("SERVICEHALL_PROXIES", "127.0.0.1")
