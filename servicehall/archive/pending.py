"""Imports waiting for a person (待核对): the archive's open questions, resolved on their pages.

An imported file lands in 待核对 when it cannot simply count: a numbered report whose number
an issue with other content already holds (``services.store_document``), or any import another
rule holds (``hold``: e.g. a file that reads like junk). While it waits it is a past document
marked 待核对 with the reason: its paragraphs are searchable and marked, its statements stay out
of every trend (``search.index_document`` reads none), and nothing else counts it.

It is resolved one way, with a reason, by a person who may change it (the center's editors):

- ``accept_document`` (采用本文件的数字): the file is right. Beside a standing issue holding
  its number, it becomes a draft 勘误 of that issue carrying the file's text and figures, to be
  reviewed and published like any erratum (a published issue never changes in place); beside a
  disputed import (争议, never published) it takes that import's place; alone, it becomes an
  ordinary past document whose statements count.
- ``delete_document`` (删除本文件): the file is wrong; it is removed.

Each is in the change history with its reason (``because``), and in the issue's log
(``IssueAction``) where an issue is concerned. The disputed issues' own resolutions
(``reports.disputes.accept_stated``, ``withdraw_import``) are the other half of the questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from servicehall.archive.models import PastDocument
from servicehall.archive.search import unindex_document
from servicehall.archive.services import store_document
from servicehall.core.context import because
from servicehall.core.permissions import CHANGE, can, can_delete
from servicehall.gbt9704.document import document_from_json, document_to_json
from servicehall.reports import corrections
from servicehall.reports.disputes import withdraw_import
from servicehall.reports.models import Issue, IssueAction
from servicehall.reports.workflow import WorkflowError

ACCEPT_DOCUMENT = IssueAction.Kind.ACCEPT_DOCUMENT


class PendingError(ValueError):
    """The resolution is not possible (not waiting, no reason, no right to do it)."""


@dataclass(frozen=True)
class Resolution:
    """What a resolution did, for the page to say and link (处理结果)."""

    message: str
    issue: Issue | None = None
    document: PastDocument | None = None


def hold(past: PastDocument, reason: str) -> PastDocument:
    """Put an import in 待核对 with ``reason``: out of every trend until a person resolves it."""
    past.pending = True
    past.pending_reason = reason.strip()[:500]
    past.save()  # the index follows (archive.signals): its statements are taken out
    return past


def _waiting(past: PastDocument, user: Any, reason: str, allowed: bool) -> PastDocument:
    past = PastDocument.objects.select_for_update().get(pk=past.pk)
    if not past.pending:
        raise PendingError(f"“{past}”不是待核对的文件")
    if user is not None and not allowed:
        raise PendingError(f"{getattr(user, 'username', '')} 无权处理待核对文件")
    if not reason.strip():
        raise PendingError("请填写处理理由")
    return past


@transaction.atomic
def accept_document(past: PastDocument, user: Any = None, reason: str = "") -> Resolution:
    """Take the waiting file's text and figures as right (采用本文件的数字), with a reason."""
    past = _waiting(past, user, reason, user is None or can(user, CHANGE, past))
    reason = reason.strip()
    clash = past.conflicts_with
    if clash is not None and clash.status == Issue.Status.DISPUTED:
        return _replace_disputed(past, clash, user, reason)
    if clash is not None and clash.status == Issue.Status.PUBLISHED and clash.withdrawn is None:
        return _erratum_from(past, clash, user, reason)
    with because(f"待核对文件核对无误，予以采用：{reason}"):
        past.pending = False
        past.pending_reason = ""
        past.save()  # its statements join the trends (archive.signals reindexes it)
    return Resolution(f"已采用：{past}，计入往期文档和数量趋势", document=past)


def _erratum_from(past: PastDocument, clash: Issue, user: Any, reason: str) -> Resolution:
    """A standing issue never changes in place: the file's text and figures become a draft
    勘误 of it, reviewed and published like any; the file itself is then removed."""
    try:
        erratum = corrections.start_erratum(
            clash, user, f"采用导入文件“{past.source_name}”：{reason}"
        )
    except WorkflowError as exc:
        raise PendingError(str(exc)) from None
    doc = corrections.unnumbered(document_from_json(past.document))
    erratum.document = document_to_json(doc)
    erratum.figures = dict(past.figures or {})
    erratum.save()
    IssueAction.record(
        erratum, user, ACCEPT_DOCUMENT, f"{past.source_name}（往期文档 #{past.pk}）：{reason}"
    )
    _delete(past, f"已转为{clash}的勘误草稿：{reason}")
    return Resolution(
        f"已采用：{past.source_name} 转为{clash}的勘误草稿，请核对后提交审核", erratum
    )


def _replace_disputed(past: PastDocument, clash: Issue, user: Any, reason: str) -> Resolution:
    """The number is held by a disputed import, never published: the file takes its place
    (stored as that import was, reconciled with the records again)."""
    withdraw_import(clash, user, f"另一份导入文件“{past.source_name}”被采用：{reason}")
    doc = document_from_json(past.document)
    digest, name, center = past.source_sha256, past.source_name, past.center
    _delete(past, f"已取代争议期次入库：{reason}")
    stored = store_document(doc, digest=digest, name=name, center=center)
    issue = Issue.objects.get(pk=stored.object_id) if stored.kind in ("issue", "disputed") else None
    if issue is not None:
        IssueAction.record(issue, user, ACCEPT_DOCUMENT, f"{name}：{reason}")
    return Resolution(f"已采用：{name} 取代有争议的导入，入库为{stored.label}", issue)


@transaction.atomic
def delete_document(past: PastDocument, user: Any = None, reason: str = "") -> Resolution:
    """Remove the waiting file (删除本文件), with a reason: the change history keeps what it
    was, who removed it, when and why."""
    past = _waiting(past, user, reason, user is None or can_delete(user, past))
    label = str(past)
    clash = past.conflicts_with
    _delete(past, f"删除待核对文件：{reason.strip()}")
    if clash is not None:
        IssueAction.record(
            clash, user, IssueAction.Kind.DELETE_DOCUMENT, f"{past.source_name}：{reason.strip()}"
        )
    return Resolution(f"已删除待核对文件：{label}", clash)


def _delete(past: PastDocument, why: str) -> None:
    unindex_document(past)  # SQLite's full-text table is not a foreign key: cleared by hand
    with because(why):
        past.delete()
