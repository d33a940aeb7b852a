"""Full-text search over every published and imported issue (往期全文检索).

Chinese has no spaces, so jieba cuts each paragraph into words (in its search mode, which also
keeps the shorter words inside long ones: 省公安厅 → 公安 公安厅 省公安厅), and the database
indexes those words: SQLite's FTS5 and PostgreSQL's full text (a ``simple`` tsvector with a GIN
index). A query is cut the same way and every word must match. Drafts are never indexed.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.db.models.expressions import RawSQL

from servicehall.archive import review
from servicehall.archive.models import Passage, PastDocument, StatedFact
from servicehall.gbt9704.document import Document, document_from_json
from servicehall.reading.facts import extract_paragraph_facts, like_stored
from servicehall.reports.models import Issue

FTS_TABLE = "archive_passage_fts"
SNIPPET_CHARS = 60
_WORD = re.compile(r"\w", re.UNICODE)


@cache
def _jieba() -> Any:
    import jieba  # type: ignore[import-untyped]  # no stubs; typed at our boundary

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # the dictionary, once per process (~1 s)
    return jieba


def index_words(text: str) -> str:
    """The words a paragraph is found by, space-separated (jieba's search mode)."""
    return " ".join(w.lower() for w in _jieba().cut_for_search(text) if _WORD.search(w))


def query_words(query: str) -> list[str]:
    """The words of a query, each of which a hit must hold."""
    return list(dict.fromkeys(w.lower() for w in _jieba().cut(query) if _WORD.search(w)))


@transaction.atomic
def index_issue(issue: Issue) -> int:
    """(Re)index a published issue's paragraphs and facts; a draft is taken out of the index."""
    _clear(issue=issue)
    if issue.status != Issue.Status.PUBLISHED:
        return 0
    doc = document_from_json(issue.document)
    notice = 0
    if issue.corrects is not None:
        # An erratum's notice (勘误说明) quotes the wrong numbers beside the right ones: its
        # text is searchable, but the quantities stated are those of the corrected text.
        notice = max(
            0, len(doc.preamble) - len(document_from_json(issue.corrects.document).preamble)
        )
    return _add(doc, issue.period_end or issue.issue_date, skip_facts=notice, issue=issue)


@transaction.atomic
def index_document(past: PastDocument) -> int:
    """(Re)index a past document's paragraphs and facts; one waiting for a person (待核对,
    archive/pending.py) states nothing: found by the search, in no trend."""
    _clear(document=past)
    doc = document_from_json(past.document)
    skip = len(doc.indexed_paragraphs()) if past.pending else 0
    return _add(doc, past.period_end or past.issue_date, skip_facts=skip, document=past)


@transaction.atomic
def unindex_document(past: PastDocument) -> None:
    """Take a past document out of the index before it is deleted."""
    _clear(document=past)


def _add(doc: Document, date: Any, skip_facts: int = 0, **owner: Any) -> int:
    """Index the paragraphs and the quantities they state (none from the first
    ``skip_facts`` paragraphs)."""
    paragraphs = doc.indexed_paragraphs()
    done = review.confirmed(**owner)
    stated = extract_paragraph_facts(
        [p.text for _, _, p in paragraphs], [h for _, h, _ in paragraphs]
    )  # tables row × column
    rows = Passage.objects.bulk_create(
        Passage(position=n, heading=heading[:300], text=p.text, words=index_words(p.text), **owner)
        for n, heading, p in paragraphs
    )
    StatedFact.objects.bulk_create(
        StatedFact(
            position=n,
            date=date,
            label=fact.label[:200],
            value=fact.value,
            unit=fact.unit,
            scope=(fact.scope or "")[:100],
            basis=(fact.comparison.basis or "") if fact.comparison else "",
            direction=fact.comparison.direction if fact.comparison else "",
            text=fact.text,
            review=fact.review and not review.is_confirmed(done, n, fact.text, fact.value),
            **owner,
        )
        for (n, _, p), found in zip(paragraphs, stated, strict=True)
        if n >= skip_facts
        for fact in like_stored(found, doc.facts)
        if float(fact.value) < 1e18  # the column holds 18 digits before the point
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, words) VALUES (%s, %s)",
                [(row.pk, row.words) for row in rows],
            )
    return len(rows)


def _clear(**owner: Any) -> None:
    """Take one issue's or document's passages and stated facts out of the index."""
    _remove(Passage.objects.filter(**owner))
    StatedFact.objects.filter(**owner).delete()


def _remove(passages: Any) -> None:
    if connection.vendor == "sqlite":
        ids = list(passages.values_list("pk", flat=True))
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(i,) for i in ids])
    passages.delete()


def reindex() -> int:
    """Rebuild the whole index (``servicehall reindex``); returns the passages indexed."""
    with transaction.atomic():
        _remove(Passage.objects.all())
        StatedFact.objects.all().delete()
        total = sum(
            index_issue(issue) for issue in Issue.objects.filter(status=Issue.Status.PUBLISHED)
        )
        return total + sum(index_document(past) for past in PastDocument.objects.all())


@dataclass(frozen=True)
class Hit:
    """One paragraph found (检索结果): where it is, and its text with the words marked."""

    passage: Passage
    snippet: str  # HTML: escaped text, hits in <mark>


def search(query: str, limit: int = 50, *, user: Any = None) -> tuple[list[Hit], int]:
    """Paragraphs holding every word of ``query``, newest issue first; and how many in all:
    those ``user`` may read (its center's subtree), every one when no login asks."""
    words = query_words(query)
    if not words:
        return [], 0
    if connection.vendor == "sqlite":
        match = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
        found = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        params: list[Any] = [match]
    else:
        found = (
            "SELECT id FROM archive_passage "
            "WHERE to_tsvector('simple', words) @@ plainto_tsquery('simple', %s)"
        )
        params = [" ".join(words)]
    readable = Passage.objects.all() if user is None else Passage.objects.for_user(user)
    matching = readable.filter(pk__in=RawSQL(found, params))
    # The issue's withdrawal with it: a withdrawn issue is still found, marked 已撤回.
    passages = matching.select_related("issue__series", "issue__withdrawal", "document").order_by(
        F("issue__period_end").desc(nulls_last=True),
        F("document__period_end").desc(nulls_last=True),
        "position",
    )[:limit]
    return [Hit(p, highlight(p.text, words)) for p in passages], matching.count()


def highlight(text: str, words: list[str]) -> str:
    """A snippet of ``text`` around its first hit, escaped, each word of the query in <mark>."""
    lowered = text.lower()
    first = min((i for i in (lowered.find(w) for w in words) if i >= 0), default=0)
    start = max(first - SNIPPET_CHARS, 0)
    end = min(first + SNIPPET_CHARS * 2, len(text))
    piece = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    out, last = [], 0
    for m in pattern.finditer(piece):
        out += [html.escape(piece[last : m.start()]), f"<mark>{html.escape(m.group(0))}</mark>"]
        last = m.end()
    out.append(html.escape(piece[last:]))
    return "".join(out)
