"""The pages' figures of `make bench` (issue 24): a chart page's bytes over the wire on a first
visit, and how long the publish request takes now that the worker renders."""

from __future__ import annotations

import datetime as dt
import gzip
import re
import tempfile
import time
from typing import Any

CHART_PAGE_LIMIT = 400 * 1024
PUBLISH_REQUEST_TARGET_MS = 1000.0
NOT_NEEDED = ["drf_spectacular_sidecar", "admin", "rest_framework"]  # not on the pages measured


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def first_visit_bytes(user: Any, path: str = "/") -> dict[str, int]:
    """The page (gzipped, as nginx sends it) and every static file it names, as WhiteNoise
    sends them to a browser accepting brotli, after collectstatic with the deployed storage."""
    from django.core.management import call_command
    from django.test import Client, override_settings

    with tempfile.TemporaryDirectory(prefix="servicehall-static-") as root:
        storages = {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        }
        with override_settings(STATIC_ROOT=root, STORAGES=storages, ALLOWED_HOSTS=["testserver"]):
            call_command("collectstatic", "--noinput", verbosity=0, ignore_patterns=NOT_NEEDED)
            client = Client()
            client.force_login(user)
            page = client.get(path)
            html = len(gzip.compress(page.content))
            assets = 0
            for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.content.decode()):
                assets += len(_body(client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")))
    return {"html": html, "assets": assets, "total": html + assets}


def publish_request_ms(admin: Any) -> float:
    """The center admin's 发布 on an approved issue, as the page sends it: it queues the job
    and answers (the job is left queued; nothing is published)."""
    from django.test import Client, override_settings

    from servicehall.reports.drafting import draft_issue, find_series
    from servicehall.reports.models import Issue
    from servicehall.reports.workflow import approve, publication_job, submit

    issue = draft_issue(find_series("窗口工作周报"), dt.date(2024, 1, 24))
    approve(submit(issue), None, "基准测试")
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(admin)
        started = time.perf_counter()
        answer = client.post(
            f"/reports/{issue.pk}/publish/",
            # The demo published this week already: a reissue names its reason.
            {"issue_date": "2024-01-29", "overlap_reason": "基准测试"},
        )
        took = (time.perf_counter() - started) * 1000
    job = publication_job(issue)
    assert job is not None and answer["Location"] == f"/jobs/{job.pk}/", answer
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.APPROVED
    return took
