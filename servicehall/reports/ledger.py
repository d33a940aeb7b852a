"""The archive's ledger (发布台账): tamper evidence for what is published.

Every publication, erratum, frozen file and withdrawal appends one `LedgerEntry` holding the
digests of what it covers (each field of the issue's row, the file's SHA-256 computed from its
bytes, the withdrawal's reason) and an HMAC-SHA256 over the entry and the previous entry's
code, keyed with ``SERVICEHALL_LEDGER_KEY``, which lives outside the database. Whoever can
write the database can change a row and its stored checksum together, or disable PostgreSQL's
triggers; they cannot write the matching entry without the key. `verify` walks the chain and
recomputes every row and file, naming each break. The entries are appended by signals
(`connect`), so every path that publishes — the workflow, the archive's import, a dispute
accepted — is covered without naming it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_save

from servicehall.reports.models import Issue, IssueFile, IssueWithdrawal, LedgerEntry

GENESIS = "0" * 64
# The issue's row as the ledger covers it: every field but the bookkeeping (updated_at) and
# what stays editable after publication by design (none today).
ISSUE_FIELDS = (
    "series_id",
    "layout_id",
    "status",
    "origin",
    "year",
    "number",
    "serial",
    "period_start",
    "period_end",
    "issue_date",
    "document",
    "figures",
    "differences",
    "source_sha256",
    "source_name",
    "created_at",
    "published_at",
    "corrects_id",
    "correction_reason",
)
FIELD_LABELS = {
    "series_id": "周报系列",
    "layout_id": "版式版本",
    "status": "状态",
    "origin": "来源",
    "year": "年度",
    "number": "年度期号",
    "serial": "总期号",
    "period_start": "起始日",
    "period_end": "截止日",
    "issue_date": "印发日期",
    "document": "文档内容",
    "figures": "统计数据",
    "differences": "与记录不符的数字",
    "source_sha256": "原文件摘要",
    "source_name": "原文件名",
    "created_at": "创建时间",
    "published_at": "发布时间",
    "corrects_id": "勘误的期次",
    "correction_reason": "勘误理由",
}


def canonical(value: Any) -> str:
    """One text for one value, whichever database gave it back (jsonb reorders keys)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def digest(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC).isoformat()
    elif isinstance(value, dt.date):
        value = value.isoformat()
    return hashlib.sha256(canonical(value).encode()).hexdigest()


def issue_fields(row: Any) -> dict[str, str]:
    """The digest of each covered field of an issue (a model or a migration's model)."""
    return {name: digest(getattr(row, name)) for name in ISSUE_FIELDS}


def file_payload(issue_id: int, fmt: str, content: bytes) -> dict[str, Any]:
    return {
        "issue": issue_id,
        "format": fmt,
        "sha256": hashlib.sha256(content).hexdigest(),
        "size": len(content),
    }


def withdrawal_payload(row: Any) -> dict[str, Any]:
    return {
        "issue": row.issue_id,
        "reason": digest(row.reason),
        "username": row.username,
        "at": digest(row.at),
    }


def code(key: str, prev: str, kind: str, issue_ref: int, payload: Any) -> str:
    """The entry's keyed hash (校验码): over the previous entry's code and the entry itself,
    so an entry moved elsewhere no longer follows its neighbour (the sequence number is only
    the order to walk in)."""
    message = "\n".join((prev, kind, str(issue_ref), canonical(payload)))
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def append(
    kind: str, issue_ref: int, label: str, payload: dict[str, Any], *, model: Any = LedgerEntry
) -> Any:
    """Add one entry after the current head, in the caller's transaction (publication and its
    entry commit together). ``model``: a migration's historical model."""
    with transaction.atomic():
        if connection.vendor == "postgresql":  # one appender at a time: the chain never forks
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x5EA1ED6E])
        last = model.objects.order_by("-seq").first()
        seq, prev = (last.seq + 1, last.mac) if last else (1, GENESIS)
        mac = code(settings.SERVICEHALL_LEDGER_KEY, prev, kind, issue_ref, payload)
        return model.objects.create(
            seq=seq,
            kind=kind,
            issue_ref=issue_ref,
            label=label[:200],
            payload=payload,
            prev=prev,
            mac=mac,
        )


def head() -> LedgerEntry | None:
    """The chain's last entry: its code, recorded elsewhere, vouches for everything before."""
    return LedgerEntry.objects.order_by("-seq").first()


def publication_payload(issue: Issue) -> dict[str, Any]:
    return {"issue": issue.pk, "fields": issue_fields(issue)}


# ---- appended by signals, whatever path publishes -------------------------------------------


def _issue_saved(sender: Any, instance: Issue, raw: bool = False, **kwargs: Any) -> None:
    # A published issue is never saved again (Issue.save refuses): this save publishes it.
    if raw or instance.status != Issue.Status.PUBLISHED:
        return
    kind = LedgerEntry.Kind.ERRATUM if instance.corrects_id else LedgerEntry.Kind.PUBLICATION
    stored = Issue.objects.get(pk=instance.pk)  # as the database gives it back to `verify`
    append(kind, instance.pk, str(instance), publication_payload(stored))
    # Files it had before (a disputed import's source, now accepted) are entered with it.
    for row in IssueFile.objects.filter(issue=instance).order_by("pk"):
        _enter_file(instance, row)


def _enter_file(issue: Issue, row: IssueFile) -> None:
    append(
        LedgerEntry.Kind.FILE,
        issue.pk,
        f"{issue} {row.format}",
        file_payload(issue.pk, row.format, bytes(row.content)),
    )


def _file_saved(
    sender: Any, instance: IssueFile, created: bool, raw: bool = False, **kw: Any
) -> None:
    if raw or not created:
        return
    issue = instance.issue
    if issue.status != Issue.Status.PUBLISHED:
        return  # a disputed import's source file: entered when the issue is published
    _enter_file(issue, instance)


def _withdrawal_saved(
    sender: Any, instance: IssueWithdrawal, created: bool, raw: bool = False, **kw: Any
) -> None:
    if raw or not created:
        return
    append(
        LedgerEntry.Kind.WITHDRAWAL,
        instance.issue_id,
        str(instance.issue),
        withdrawal_payload(instance),
    )


def connect() -> None:
    post_save.connect(_issue_saved, sender=Issue, dispatch_uid="reports.ledger.issue")
    post_save.connect(_file_saved, sender=IssueFile, dispatch_uid="reports.ledger.file")
    post_save.connect(
        _withdrawal_saved, sender=IssueWithdrawal, dispatch_uid="reports.ledger.withdrawal"
    )


# ---- verification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    """One place where the archive no longer matches its ledger (台账不符)."""

    kind: str  # entry, order, row, file, missing, unrecorded
    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}：{self.detail}"


@dataclass
class LedgerReport:
    """What `verify` walked and found (台账校验结果)."""

    entries: int = 0
    issues: int = 0
    files: int = 0
    head_seq: int = 0
    head_mac: str = ""
    breaks: list[Break] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "entries": self.entries,
            "issues": self.issues,
            "files": self.files,
            "head": {"seq": self.head_seq, "mac": self.head_mac},
            "breaks": [b.__dict__ for b in self.breaks],
        }


def verify() -> LedgerReport:
    """Walk the chain, recompute every entry's code and every row and file it covers, and
    check that everything published is in it."""
    key = settings.SERVICEHALL_LEDGER_KEY
    report = LedgerReport()
    breaks = report.breaks
    prev, expected_seq = GENESIS, 1
    published: dict[int, Issue] = {
        i.pk: i
        for i in Issue.objects.filter(status=Issue.Status.PUBLISHED).select_related("series")
    }
    entered_issues: set[int] = set()
    entered_files: set[tuple[int, str]] = set()
    entered_withdrawals: set[int] = set()
    for entry in LedgerEntry.objects.order_by("seq").iterator(chunk_size=200):
        report.entries += 1
        where = f"台账第 {entry.seq} 条（{entry.get_kind_display()} {entry.label}）"
        if entry.seq != expected_seq:
            breaks.append(
                Break("missing", where, f"之前缺少第 {expected_seq}—{entry.seq - 1} 条记录")
            )
        if code(key, entry.prev, entry.kind, entry.issue_ref, entry.payload) != entry.mac:
            breaks.append(Break("entry", where, "记录被改动：校验码不符"))
        elif entry.prev != prev and entry.seq == expected_seq:
            breaks.append(Break("order", where, "记录顺序被调换：与上一条不相接"))
        elif entry.prev != prev:
            breaks.append(Break("order", where, "与上一条不相接：其间的记录被删除"))
        prev, expected_seq = entry.mac, entry.seq + 1
        report.head_seq, report.head_mac = entry.seq, entry.mac
        if entry.kind in (LedgerEntry.Kind.PUBLICATION, LedgerEntry.Kind.ERRATUM):
            entered_issues.add(entry.issue_ref)
            _check_issue(entry, where, breaks)
        elif entry.kind == LedgerEntry.Kind.FILE:
            entered_files.add((entry.issue_ref, entry.payload.get("format", "")))
            _check_file(entry, where, breaks)
        elif entry.kind == LedgerEntry.Kind.WITHDRAWAL:
            entered_withdrawals.add(entry.issue_ref)
            _check_withdrawal(entry, where, breaks)
    for pk, issue in published.items():
        if pk not in entered_issues:
            breaks.append(Break("unrecorded", str(issue), "已发布却不在台账中"))
    for row in IssueFile.objects.filter(issue__status=Issue.Status.PUBLISHED).only(
        "issue_id", "format"
    ):
        report.files += 1
        if (row.issue_id, row.format) not in entered_files:
            label = str(published[row.issue_id]) if row.issue_id in published else row.issue_id
            breaks.append(Break("unrecorded", f"{label} {row.format}", "文件不在台账中"))
    for withdrawal in IssueWithdrawal.objects.exclude(issue_id__in=entered_withdrawals):
        breaks.append(Break("unrecorded", str(withdrawal.issue), "撤回记录不在台账中"))
    report.issues = len(published)
    return report


def _check_issue(entry: LedgerEntry, where: str, breaks: list[Break]) -> None:
    issue = Issue.objects.filter(pk=entry.issue_ref).first()
    if issue is None:
        breaks.append(Break("missing", where, f"期次（编号 {entry.issue_ref}）已不存在"))
        return
    if issue.status != Issue.Status.PUBLISHED:
        breaks.append(
            Break("row", where, f"期次已不是已发布状态（现为“{issue.get_status_display()}”）")
        )
    now = issue_fields(issue)
    entered = entry.payload.get("fields", {})
    changed = [FIELD_LABELS[name] for name in ISSUE_FIELDS if now[name] != entered.get(name)]
    changed = [c for c in changed if not (c == "状态" and issue.status != Issue.Status.PUBLISHED)]
    if changed:
        breaks.append(Break("row", where, f"期次的{'、'.join(changed)}被改动"))


def _check_file(entry: LedgerEntry, where: str, breaks: list[Break]) -> None:
    fmt = entry.payload.get("format", "")
    row = IssueFile.objects.filter(issue_id=entry.issue_ref, format=fmt).first()
    if row is None:
        breaks.append(Break("missing", where, f"{fmt} 文件已不存在"))
        return
    content = bytes(row.content)
    sha = hashlib.sha256(content).hexdigest()
    if sha != entry.payload.get("sha256"):
        breaks.append(
            Break(
                "file",
                where,
                f"{fmt} 文件被改动：SHA-256 为 {sha}，台账记为 {entry.payload.get('sha256')}",
            )
        )


def _check_withdrawal(entry: LedgerEntry, where: str, breaks: list[Break]) -> None:
    row = IssueWithdrawal.objects.filter(issue_id=entry.issue_ref).first()
    if row is None:
        breaks.append(Break("missing", where, "撤回记录已不存在"))
    elif withdrawal_payload(row) != entry.payload:
        breaks.append(Break("row", where, "撤回记录被改动"))


def head_text() -> str:
    """The head as one line to copy elsewhere (台账链首)."""
    last = head()
    return f"第 {last.seq} 条 {last.mac}" if last else "台账为空"
