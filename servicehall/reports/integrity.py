"""Published files checked against their checksums (发布文件校验): ``servicehall verify-issues``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from servicehall.reports.models import Issue, IssueFile


@dataclass(frozen=True)
class FileProblem:
    """One stored file that no longer matches what was frozen (文件校验不符)."""

    issue: str
    format: str
    problem: str

    def __str__(self) -> str:
        return f"{self.issue} {self.format}：{self.problem}"


@dataclass
class Verification:
    """What ``verify_issue_files`` read and found (校验结果)."""

    issues: int
    files: int
    problems: list[FileProblem]

    def as_dict(self) -> dict[str, object]:
        return {
            "issues": self.issues,
            "files": self.files,
            "problems": [p.__dict__ for p in self.problems],
        }


def verify_issue_files() -> Verification:
    """Recompute every stored file's SHA-256 and size; a published issue without any stored
    file is a problem too."""
    problems: list[FileProblem] = []
    files = 0
    stored = IssueFile.objects.select_related("issue__series").order_by("issue_id", "format")
    for row in stored.iterator(chunk_size=50):
        files += 1
        content = bytes(row.content)
        digest = hashlib.sha256(content).hexdigest()
        if digest != row.sha256:
            problems.append(
                FileProblem(str(row.issue), row.format, f"SHA-256 为 {digest}，登记为 {row.sha256}")
            )
        if len(content) != row.size:
            problems.append(
                FileProblem(str(row.issue), row.format, f"{len(content)} 字节，登记为 {row.size}")
            )
    published = Issue.objects.filter(status=Issue.Status.PUBLISHED)
    for issue in published.filter(files__isnull=True).select_related("series"):
        problems.append(FileProblem(str(issue), "-", "已发布却没有任何固定文件"))
    return Verification(published.count(), files, problems)
