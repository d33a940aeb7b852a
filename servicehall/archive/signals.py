"""Keep the search index in step with what is published and imported (检索索引同步)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from servicehall.archive.models import PastDocument
from servicehall.reports.models import Issue


def _issue_saved(sender: type[Issue], instance: Issue, raw: bool = False, **kw: Any) -> None:
    if not raw and instance.status == Issue.Status.PUBLISHED:
        from servicehall.archive.search import index_issue

        index_issue(instance)


def _document_saved(
    sender: type[PastDocument], instance: PastDocument, raw: bool = False, **kw: Any
) -> None:
    if not raw:
        from servicehall.archive.search import index_document

        index_document(instance)


def connect() -> None:
    """Called by ArchiveConfig.ready."""
    post_save.connect(_issue_saved, sender=Issue, dispatch_uid="archive.index_issue")
    post_save.connect(_document_saved, sender=PastDocument, dispatch_uid="archive.index_document")
