"""Light pages (issue 24): static files under their content's hash, compressed, cached for
good by the browser; a chart page's first visit ≤ 400 KB over the wire."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.test import Client
from pytest_django import Settings

from servicehall.accounts.models import User

pytestmark = pytest.mark.django_db

FIRST_VISIT_LIMIT = 400 * 1024
# The API docs' and the admin's own files: not on the pages measured, and the slowest to compress.
NOT_NEEDED = ["drf_spectacular_sidecar", "admin", "rest_framework"]


@pytest.fixture
def collected(settings: Settings, tmp_path: Path) -> Path:
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0, ignore_patterns=NOT_NEEDED)
    return tmp_path


def body(response: HttpResponseBase) -> bytes:
    if isinstance(response, StreamingHttpResponse):
        chunks = response.streaming_content
        assert isinstance(chunks, Iterator)  # a synchronous response's
        return b"".join(chunks)
    assert isinstance(response, HttpResponse)
    return response.content


def test_a_chart_page_loads_hashed_compressed_files_under_400_kb(
    collected: Path, clerk: User
) -> None:
    client = Client()  # a new handler: WhiteNoise reads the collected files at start
    client.force_login(clerk)
    page = client.get("/")
    html = page.content.decode()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any("echarts.custom.min." in a for a in assets), assets
    # Every asset is named by its content's hash (collectstatic's manifest).
    assert all(re.search(r"\.[0-9a-f]{12}\.\w+$", a) for a in assets), assets
    wire = len(gzip.compress(page.content))  # the page itself, as nginx would send it
    for asset in assets:
        answer = client.get(asset, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert answer.status_code == 200, asset
        assert answer["Content-Encoding"] == "br", asset
        assert (
            "immutable" in answer["Cache-Control"]
            and "max-age=315360000" in answer["Cache-Control"]
        )
        wire += len(body(answer))
    assert wire <= FIRST_VISIT_LIMIT, wire
    # A browser without brotli gets the gzip copy; the full ECharts (1.1 MB) is gone.
    script = next(a for a in assets if "echarts" in a)
    plain = client.get(script, HTTP_ACCEPT_ENCODING="gzip")
    assert plain["Content-Encoding"] == "gzip"
    assert len(gzip.decompress(body(plain))) < 600_000
