"""Storing imported past reports (往期报告入库): numbered ones as published issues of their
series, the rest as past documents. Re-importing changes nothing; a different report under an
existing number is never an overwrite and never refused: it is kept beside the issue as a
candidate (待核对) for a person to compare and choose."""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from servicehall.archive.extract import ReportFileError, extract_text, read_report_file
from servicehall.archive.figures import extract_figures
from servicehall.archive.importer import read_extracted
from servicehall.archive.models import PastDocument
from servicehall.figures import Period
from servicehall.gbt9704.document import Document, Run, document_from_json, document_to_json
from servicehall.org.models import default_center, default_center_id
from servicehall.reading.erratum import ErratumNotice, read_erratum_notice
from servicehall.reports.corrections import (
    corrected_document,
    effective_figures,
    original_of,
    superseding_erratum,
)
from servicehall.reports.disputes import describe, reconcile
from servicehall.reports.drafting import center_series
from servicehall.reports.facts import attach_facts
from servicehall.reports.layouts import ensure_shipped_layout, ensure_shipped_series
from servicehall.reports.models import Issue, IssueFile, ReportSeries
from servicehall.reports.scoping import series_scope
from servicehall.reports.workflow import WorkflowError


class ImportConflict(ValueError):
    """A report that cannot be stored beside what exists (kept for the job's and command's
    error handling; a differing report under a taken number is now kept as a candidate)."""


class NothingReadError(ReportFileError):
    """A file that reads as text but holds nothing of a report (a junk .txt): nothing stored."""


_CJK = re.compile(r"[\u3400-\u9fff]")


def read_nothing(doc: Document) -> bool:
    """No number, date, period, issuer, section, figure or quantity, and not one Chinese
    character in what is left (a title line, loose paragraphs): nothing of a report. A meeting
    note of a line or two in Chinese is a past document; "hello world" is not."""
    if (
        doc.number
        or doc.serial
        or doc.issue_date
        or doc.period_start
        or doc.issuer
        or doc.sections
        or doc.figures
        or doc.facts
    ):
        return False
    loose = [doc.title or "", *(p.text for p in doc.preamble)]
    return not any(_CJK.search(text) for text in loose)


def doubts(doc: Document) -> list[dict[str, Any]]:
    """What a numbered past report lacks to be published as read (存疑之处): its issuer, its
    period, any section. Each is kept as one of the import's differences (the shape of
    `reports.disputes.reconcile`'s), so the import waits as 争议/待核对 until a person
    completes or withdraws it, and is never published as a frozen issue from a junk file."""
    missing = []
    if not doc.issuer:
        missing.append(("issuer", "发文单位"))
    if doc.period_start is None or doc.period_end is None:
        missing.append(("period", "统计期间"))
    if not doc.sections:
        missing.append(("sections", "正文章节"))
    return [
        {"key": key, "label": label, "unit": "", "stated": "未读出", "records": "须人工核对"}
        for key, label in missing
    ]


@dataclass
class StoredReport:
    """What an import did with one file (导入结果)."""

    document: Document
    # "issue"; "disputed": an issue whose figures the records contradict (reports.disputes);
    # "document"; or "conflict": kept beside the issue holding its number
    kind: str
    created: bool
    object_id: int
    label: str


def store_report(
    path: Path, *, data: bytes | None = None, name: str | None = None, center: Any = None
) -> StoredReport:
    """Parse and store one report file, all or nothing (``data`` given: ``path`` only names it);
    a past document is ``center``'s (the importer's; None: the default center's)."""
    path = Path(path)
    if data is None:
        data = read_report_file(path)
    extracted = extract_text(data, path.suffix.lower() or None, name=path.name)
    doc = read_extracted(extracted)
    if read_nothing(doc):
        raise NothingReadError("未读出任何报告内容（没有期号、日期、发文单位、章节或数字），未导入")
    digest = hashlib.sha256(data).hexdigest()
    return store_document(doc, digest=digest, name=name or path.name, original=data, center=center)


@transaction.atomic
def store_document(
    doc: Document,
    *,
    digest: str,
    name: str,
    original: bytes = b"",
    suffix: str = "",
    center: Any = None,
) -> StoredReport:
    parsed = doc.to_parsed()
    notice = read_erratum_notice([p.text for _, p in doc.paragraphs_under_headings()], doc.title)
    # The notice a numbered erratum (the system's own, its full text after) links by.
    linkable = notice if notice is not None and notice.full_text else None
    if notice is not None and not notice.full_text and notice.corrections:
        stored = _store_erratum_in_part(
            doc, notice, digest, name, original_bytes=original, center=center
        )
        if stored is not None:
            return stored
    elif notice is not None and not notice.full_text:
        # a notice alone whose quotes were not read (none printed, or a PDF's “” set apart
        # from their words): what it corrects is unknown, and the staff are told
        doc.warnings.append(
            f"本文为《{notice.series}》第{notice.number}期的更正，但未读出所更正的原文"
            "（“…”有误，应为“…”）：未关联，按文档保存"
        )
    if doc.number is None or doc.title is None:
        return _store_past_document(doc, parsed, digest, name, center=center)

    series = _importers_series(doc.title, doc, center)
    year = doc.year or (doc.issue_date.year if doc.issue_date else None)
    # The stated figures against the records of the period, where the system holds them: the
    # series' own center's records (a county's report is no statement of the province's).
    differences = (
        reconcile(parsed["figures"], Period(doc.period_start, doc.period_end), series_scope(series))
        if doc.period_start is not None and doc.period_end is not None
        else []
    )
    lacking = doubts(doc)
    clash = Issue.objects.filter(series=series, year=year, number=doc.number).first()
    if clash is None and doc.serial is not None:
        clash = Issue.objects.filter(series=series, serial=doc.serial).first()
    if clash is not None:
        if _same_report(clash, parsed):
            return StoredReport(doc, "issue", False, clash.pk, str(clash))
        if differences:
            doc.warnings.append(
                f"{len(differences)} 处数字与记录不符：" + "；".join(map(describe, differences))
            )
        doc.warnings.append(
            f"{clash}已存在且内容不同（{clash.source_name or '系统生成'}）：未覆盖，本文件另存为"
            "待核对文档，请对照两者后决定保留哪一份"
        )
        return _store_past_document(doc, parsed, digest, name, conflicts_with=clash, center=center)
    corrects, reason = _corrected_issue(doc, linkable, year, center)
    if differences:
        doc.warnings.append(
            f"{len(differences)} 处数字与记录不符，按争议期次保存（不计入趋势和累计核对，"
            "待核实后采用原文数字或撤回）：" + "；".join(map(describe, differences))
        )
    if lacking:
        doc.warnings.append(
            "未读出" + "、".join(d["label"] for d in lacking) + "：按待核对期次保存，不发布，"
            "待人工补全或撤回"
        )
        differences = lacking + differences
    issue = Issue.objects.create(
        series=series,
        status=Issue.Status.DISPUTED if differences else Issue.Status.PUBLISHED,
        origin=Issue.Origin.IMPORTED,
        year=year,
        number=doc.number,
        serial=doc.serial,
        period_start=doc.period_start,
        period_end=doc.period_end,
        issue_date=doc.issue_date,
        document=document_to_json(doc),
        figures=parsed["figures"],
        source_sha256=digest,
        source_name=name,
        published_at=None if differences else timezone.now(),
        differences=differences,
        corrects=corrects,
        correction_reason=reason,
    )
    if original:
        IssueFile.objects.create(
            issue=issue, format="source", content=original, sha256=digest, size=len(original)
        )
    return StoredReport(doc, "disputed" if differences else "issue", True, issue.pk, str(issue))


def _importers_series(title: str, doc: Document, center: Any) -> ReportSeries:
    """The series a numbered past report of ``center`` (the importer's; None: the default
    center's, as from the command line) is an issue of: that center's series of its title
    (``reports.drafting.center_series``), never a parent's or a sibling's of the same title;
    created where the center has none, with the layout a shipped series of that title has."""
    series = center_series(center).filter(title=title).order_by("pk").first()
    if series is not None:
        return series
    home = center if center is not None else default_center()
    series = ReportSeries.objects.create(
        title=title,
        issuer=doc.issuer or "",
        masthead=doc.masthead,
        **({"center": home} if home is not None else {}),
    )
    if _is_default(home):
        ensure_shipped_series()  # a shipped series first seen in an import keeps its layout
    else:
        ensure_shipped_layout(series)
    return series


def _is_default(center: Any) -> bool:
    """Whether ``center`` is the default center (whose archive holds the rows of no center)."""
    return center is None or center.pk == default_center_id()


def _corrected_issue(
    doc: Document, notice: ErratumNotice | None, year: int | None, center: Any
) -> tuple[Issue | None, str]:
    """The issue a numbered erratum of ``center`` corrects (勘误所更正的期次), by its notice
    (``reports.corrections.original_of``), and the reason; (None, "") for any other report.
    An erratum of an issue not imported yet, or withdrawn, says so."""
    if notice is None:
        return None, ""
    try:
        original = original_of(notice, center, year)
    except WorkflowError as exc:
        doc.warnings.append(str(exc))
        return None, ""
    doc.warnings.append(f"本期为{original}的勘误：已关联，趋势按更正后的数字")
    return original, notice.reason


def _quoted_pattern(passage: str) -> re.Pattern[str]:
    """Where a quoted passage is printed: as the reader sees it (the spaces around digits a page
    sets are no part of it), and a number quoted at its edge never inside a longer one (“631件”
    is not the 631件 of 颁发11631件, as ``reports.corrections.correct_figure`` reads it)."""
    chars = re.sub(r"\s+", "", passage)
    body = r"\s*".join(map(re.escape, chars))
    head = r"(?<![\d.])" if chars[:1].isdigit() else ""
    tail = r"(?![\d.])" if chars[-1:].isdigit() else ""
    return re.compile(head + body + tail)


def _store_erratum_in_part(
    doc: Document,
    notice: ErratumNotice,
    digest: str,
    name: str,
    *,
    original_bytes: bytes = b"",
    center: Any = None,
) -> StoredReport | None:
    """A real center's erratum — its notice alone, quoting each wrong passage and the right one
    — of an issue of the importer's center imported already: stored as an erratum of that issue
    (勘误, ``corrects``) whose text is the issue's as it stands (with any earlier erratum, as
    ``reports.corrections.start_erratum`` drafts one) with the right passages in place of the
    wrong ones, its figures the standing ones with those the passages change, so the trend and
    the issue's page read the corrected values. None where the issue is not imported, or a wrong
    passage is not in its text or printed more than once (the file is then stored as any
    other): where the correction applies is never guessed. The same erratum again (another
    file of it) adds nothing."""
    try:
        original = original_of(
            notice, center, doc.year or (doc.issue_date.year if doc.issue_date else None)
        )
    except WorkflowError as exc:
        doc.warnings.append(str(exc))
        return None
    if existing := Issue.objects.filter(source_sha256=digest, corrects=original).first():
        return StoredReport(doc, "issue", False, existing.pk, str(existing))
    said = "；".join(f"“{wrong}”更正为“{right}”" for wrong, right in notice.corrections)
    reason = (notice.reason or said)[:2000]
    # The same notice in another file (its .docx after its .txt) is known by what it says and
    # its date, not only by its text standing: after a later erratum took it back (A→B→A) its
    # wrong passage stands again, and applying it once more would undo the later one.
    if (
        same := original.errata.filter(
            origin=Issue.Origin.IMPORTED, correction_reason=reason, issue_date=doc.issue_date
        )
        .order_by("pk")
        .first()
    ):
        doc.warnings.append(f"{original}的这份勘误已导入（{same}）：未重复关联")
        return StoredReport(doc, "issue", False, same.pk, str(same))
    standing = corrected_document(original)
    corrected = document_from_json(document_to_json(standing))
    paragraphs = [p for _, p in corrected.paragraphs_under_headings()]
    texts = "\n".join(p.text for p in paragraphs)
    if (erratum_now := superseding_erratum(original)) is not None and all(
        not _quoted_pattern(wrong).search(texts) and _quoted_pattern(right).search(texts)
        for wrong, right in notice.corrections
    ):
        # another file of an erratum imported already: its corrections stand
        doc.warnings.append(f"{original}已按本勘误更正（{erratum_now}）：未重复关联")
        return StoredReport(doc, "issue", False, erratum_now.pk, str(erratum_now))
    for wrong, right in notice.corrections:
        pattern = _quoted_pattern(wrong)
        found = sum(len(pattern.findall(p.text)) for p in paragraphs)
        if found != 1:
            where = (
                f"不见于{original}原文"
                if not found
                else f"在{original}原文中出现{found}处（多处），不知更正的是哪一处"
            )
            doc.warnings.append(f"勘误所引“{wrong}”{where}：未关联，按文档保存")
            return None
        literal = right.replace("\\", "\\\\")  # the right passage as printed, no group refs
        for paragraph in paragraphs:
            if not pattern.search(paragraph.text):
                continue
            within = [run for run in paragraph.runs if pattern.search(run.text)]
            if within:  # in one run: the paragraph's other runs (bold, spacing) stay as printed
                within[0].text = pattern.sub(literal, within[0].text)
            else:
                paragraph.runs = [Run(pattern.sub(literal, paragraph.text))]
    # The figures that stand, with those the corrected passages read otherwise: an issue's
    # figures not read from its text (a drafted issue's, a table's) are kept, never dropped.
    before = extract_figures(attach_facts(standing))
    after = extract_figures(attach_facts(corrected))
    figures = effective_figures(original)
    figures.update({key: value for key, value in after.items() if before.get(key) != value})
    corrected.figures = dict(figures)
    erratum = Issue.objects.create(
        series=original.series,
        status=Issue.Status.PUBLISHED,
        origin=Issue.Origin.IMPORTED,
        year=doc.year or original.year,
        period_start=original.period_start,
        period_end=original.period_end,
        issue_date=doc.issue_date,
        document=document_to_json(corrected),
        figures=corrected.to_parsed()["figures"],
        source_sha256=digest,
        source_name=name,
        published_at=timezone.now(),
        corrects=original,
        correction_reason=reason,
    )
    if original_bytes:
        IssueFile.objects.create(
            issue=erratum,
            format="source",
            content=original_bytes,
            sha256=digest,
            size=len(original_bytes),
        )
    doc.warnings.append(
        f"本文为{original}的勘误：已关联，按所引更正原文（{said}），趋势按更正后的数字"
    )
    return StoredReport(doc, "issue", True, erratum.pk, str(erratum))


def _store_past_document(
    doc: Document,
    parsed: dict[str, Any],
    digest: str,
    name: str,
    conflicts_with: Issue | None = None,
    hold_reason: str = "",
    center: Any = None,
) -> StoredReport:
    """Store a past document; held for a person (待核对, archive/pending.py) when it clashes
    with an issue's number or another rule gives ``hold_reason``."""
    kind = "conflict" if conflicts_with else "document"
    if conflicts_with is not None and not hold_reason:
        hold_reason = f"期号已由{conflicts_with}占用，但内容不同"
    # The same file again is the same document of the same center's archive; another center
    # importing it (a county keeping a copy of its parent's notice) keeps its own.
    home = center if center is not None else default_center()
    own = Q(center=home) | Q(center__isnull=True) if _is_default(home) else Q(center=home)
    existing = PastDocument.objects.filter(own, source_sha256=digest).first()
    if existing:
        return StoredReport(doc, kind, False, existing.pk, str(existing))
    stored = PastDocument.objects.create(
        title=doc.title or "",
        issuer=doc.issuer or "",
        issue_date=doc.issue_date,
        period_start=doc.period_start,
        period_end=doc.period_end,
        document=document_to_json(doc),
        figures=parsed["figures"],
        source_sha256=digest,
        source_name=name,
        conflicts_with=conflicts_with,
        # 待核对 (archive/pending.py): out of every trend until a person resolves it.
        pending=bool(hold_reason),
        pending_reason=hold_reason[:500],
        **({"center": center} if center is not None else {}),
    )
    return StoredReport(doc, kind, True, stored.pk, str(stored))


SAME_TEXT_RATIO = 0.97
IDENTITY_KEYS = ("title", "year", "number", "serial", "period", "issue_date", "copies")


def _same_report(issue: Issue, parsed: dict[str, Any]) -> bool:
    """Whether ``parsed`` is the report already stored as ``issue``, maybe from another format.

    The same report read from .txt, .docx and .pdf differs in line joins and stray characters,
    so: the same masthead, the same figures, and the text at least 97 % alike. A changed
    number in the text changes a figure or the text, and is a conflict.
    """

    mine = document_from_json(issue.document).to_parsed()
    if (
        any(mine.get(k) != parsed.get(k) for k in IDENTITY_KEYS)
        or mine["figures"] != parsed["figures"]
    ):
        return False
    a, b = _flat_text(mine), _flat_text(parsed)
    if a == b:
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SAME_TEXT_RATIO


def _flat_text(parsed: dict[str, Any]) -> str:
    parts: list[str] = []

    def walk(sections: list[dict[str, Any]]) -> None:
        for section in sections:
            parts.append(section["heading"] or "")
            parts.extend(section["paragraphs"])
            walk(section["subsections"])

    walk(parsed.get("sections") or [])
    return re.sub(r"\s+", "", "".join(parts))
