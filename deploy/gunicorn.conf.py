"""gunicorn settings for ServiceHall (gunicorn -c deploy/gunicorn.conf.py servicehall.wsgi).

Sync workers: the app is WSGI and its pages are short; long work (past-report imports) goes to
`servicehall worker`. Publishing an issue renders its PDF in the request (LibreOffice, seconds),
hence the timeout.
"""

import multiprocessing
import os

bind = os.environ.get("SERVICEHALL_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("SERVICEHALL_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
timeout = 120
graceful_timeout = 30
max_requests = 2000  # a worker is replaced now and then: memory stays bounded
max_requests_jitter = 200
limit_request_line = 8190
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("SERVICEHALL_PROXIES", "127.0.0.1")
