"""The 一单一图一表 of a service item (事项清单、运行图谱、实施要素一览表), version by version.

Each of the three parts has its own numbered versions; a new one supersedes the one before,
whose file stays stored and downloadable. Files are checked by size, by name and by their first
bytes (an HTML page renamed .pdf is refused), and are only ever served as attachments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from servicehall.catalog.models import ItemSpecVersion, ServiceItem
from servicehall.core.uploads import UploadRefused, check_size, check_zip

UPLOAD_KIND = "item-spec"  # the key of SERVICEHALL_UPLOAD_LIMITS_MB

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# suffix → (content type it is served with, the bytes such a file starts with)
FILE_TYPES: dict[str, tuple[str, bytes]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".doc": ("application/msword", _OLE2),
    ".xls": ("application/vnd.ms-excel", _OLE2),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
}
ALLOWED = "、".join(FILE_TYPES)


class SpecRefused(ValueError):
    """A version that cannot be recorded; the message says why, in Chinese."""


def check_file(name: str, size: int, stream: IO[bytes]) -> str:
    """The file's suffix when ``name`` may be stored as a 一单一图一表 file; raises otherwise."""
    suffix = Path(name).suffix.lower()
    if suffix not in FILE_TYPES:
        raise UploadRefused(
            f"“{name}”的类型 {suffix or '（无扩展名）'} 不能上传，应为 {ALLOWED} 之一"
        )
    check_size(name, size, UPLOAD_KIND)
    start = stream.read(8)
    stream.seek(0)
    if not start.startswith(FILE_TYPES[suffix][1]):
        raise UploadRefused(f"“{name}”的内容不是 {suffix} 文件（扩展名与内容不符）")
    if FILE_TYPES[suffix][1] == _ZIP:
        check_zip(stream, name)
    return suffix


def content_type(name: str) -> str:
    """What a stored file is served as; anything unexpected as bytes to save, never as a page."""
    known = FILE_TYPES.get(Path(name).suffix.lower())
    return known[0] if known else "application/octet-stream"


def download_name(version: ItemSpecVersion) -> str:
    suffix = Path(version.file.name).suffix.lower()
    item = version.service_item
    return f"{item.code}-{version.get_part_display()}-v{version.version}{suffix}"


@dataclass(frozen=True)
class PartStatus:
    """One part of an item's 一单一图一表: its current version and how many came before."""

    part: str
    label: str
    current: ItemSpecVersion | None
    earlier: int

    def __str__(self) -> str:
        if self.current is None:
            return "未上传"
        shown = f"v{self.current.version}（{self.current.effective_on} 起）"
        return shown if self.current.file else f"{shown}，无附件"


def part_status(item: ServiceItem, part: str) -> PartStatus:
    """The status of one part of ``item`` (its ``spec_versions`` best prefetched)."""
    versions = sorted(
        (v for v in item.spec_versions.all() if v.part == part), key=lambda v: -v.version
    )
    return PartStatus(
        part,
        str(ItemSpecVersion.Part(part).label),
        versions[0] if versions else None,
        max(len(versions) - 1, 0),
    )


def history(item: ServiceItem) -> dict[str, list[tuple[ItemSpecVersion, str]]]:
    """part → its versions, newest first, each with its status (现行, or what superseded it)."""
    parts: dict[str, list[tuple[ItemSpecVersion, str]]] = {p: [] for p in ItemSpecVersion.Part}
    newer: dict[str, ItemSpecVersion] = {}
    for version in item.spec_versions.order_by("part", "-version"):
        following = newer.get(version.part)
        state = (
            "现行"
            if following is None
            else f"已被 v{following.version} 取代（{following.effective_on} 起）"
        )
        parts[version.part].append((version, state))
        newer[version.part] = version
    return parts


MAX_DAYS_AHEAD = 366


def add_version(
    item: ServiceItem,
    *,
    part: str,
    effective_on: dt.date,
    upload: Any = None,
    content: str = "",
) -> ItemSpecVersion:
    """Record the next version of ``part``; it supersedes the current one, which is kept."""
    if upload is None and not content.strip():
        raise SpecRefused("请上传文件或填写内容")
    # A version takes effect within a year: a far date (9999-12-31) would lock the part, every
    # later version being refused as earlier than it.
    latest_allowed = timezone.localdate() + dt.timedelta(days=MAX_DAYS_AHEAD)
    if effective_on > latest_allowed:
        raise SpecRefused(f"生效日期 {effective_on} 太远：最晚为 {latest_allowed}（一年内）")
    with transaction.atomic():
        siblings = ItemSpecVersion.objects.filter(service_item=item, part=part)
        latest = siblings.order_by("-version").first()
        if latest is not None and effective_on < latest.effective_on:
            raise SpecRefused(
                f"生效日期 {effective_on} 早于现行版本 v{latest.version} 的生效日期 "
                f"{latest.effective_on}，新版本应在其后生效"
            )
        number = (siblings.aggregate(n=Max("version"))["n"] or 0) + 1
        version = ItemSpecVersion(
            service_item=item,
            part=part,
            version=number,
            effective_on=effective_on,
            content=content.strip(),
        )
        if upload is not None:
            suffix = check_file(upload.name or "", upload.size or 0, upload)
            # Stored under a name of ours: the uploader's file name never reaches the disk.
            version.file.save(
                f"{item.code}-{part}-v{number}{suffix}", ContentFile(upload.read()), save=False
            )
        try:
            with transaction.atomic():
                version.save()
        except IntegrityError as exc:
            raise SpecRefused(
                f"{version.get_part_display()} v{number} 刚由他人上传，请刷新后重试"
            ) from exc
    return version
