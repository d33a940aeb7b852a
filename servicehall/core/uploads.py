"""Limits on what users may upload (上传限制): per kind of file, per request, inside zip files.

A file past a limit is refused with a message naming the file and the limit, before anything is
read into memory or written; the limits are settings (docs/deployment.md).
"""

from __future__ import annotations

import zipfile
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

MIB = 1 << 20
REFUSED = "servicehall.upload_refused"  # request.META key: why the request's files were dropped


def refused_upload(request: Any) -> str:
    """Why this request's files were dropped ("" when they were not)."""
    return str(request.META.get(REFUSED, ""))


class UploadRefused(ValueError):
    """A file past a limit; the message names the file and the limit."""


class NotAZipFile(UploadRefused):
    """An .xlsx or .docx that is no zip file at all (damaged, or another format renamed)."""


def size_limit(kind: str) -> int:
    """Bytes a file of ``kind`` may have (a key of SERVICEHALL_UPLOAD_LIMITS_MB)."""
    return int(settings.SERVICEHALL_UPLOAD_LIMITS_MB[kind]) * MIB


def check_size(name: str, size: int, kind: str) -> None:
    limit = size_limit(kind)
    if size > limit:
        raise UploadRefused(
            f"文件“{name}”有 {size / MIB:,.1f} MiB，超过此类文件的上限 {limit // MIB} MiB"
        )


def check_zip(stream: IO[bytes], name: str) -> None:
    """An .xlsx or .docx (a zip file) whose members would unpack past the limits: a zip bomb.

    The sizes are the archive's own; zipfile never unpacks a member past its stated size, so a
    lying header cannot get more through than it declares.
    """
    position = stream.tell()
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotAZipFile(f"“{name}”不是有效的压缩格式文件（已损坏或并非 Office 文件）") from exc
    finally:
        stream.seek(position)
    total = sum(m.file_size for m in members)
    limit = int(settings.SERVICEHALL_MAX_UNZIPPED_MB) * MIB
    if total > limit:
        raise UploadRefused(
            f"“{name}”解压后有 {total / MIB:,.0f} MiB，超过上限 {limit // MIB} MiB（疑似压缩炸弹）"
        )
    if len(members) > settings.SERVICEHALL_MAX_ZIP_MEMBERS:
        raise UploadRefused(f"“{name}”包含 {len(members)} 个部件，超过上限")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MIB and ratio > settings.SERVICEHALL_MAX_ZIP_RATIO:
            raise UploadRefused(
                f"“{name}”的部件 {member.filename} 压缩比 {ratio:,.0f}:1，疑似压缩炸弹"
            )


class RequestSizeLimit(FileUploadHandler):
    """Stops reading an upload once a request's files pass SERVICEHALL_MAX_REQUEST_MB: the
    rest is never written to disk. The view then finds the files missing and says why."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.total = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.total += len(raw_data)
        if self.total > int(settings.SERVICEHALL_MAX_REQUEST_MB) * MIB:
            if self.request is not None:
                self.request.META[REFUSED] = (
                    f"一次上传的文件合计超过 {settings.SERVICEHALL_MAX_REQUEST_MB} MiB，请分批上传"
                )
            raise StopUpload(connection_reset=False)  # read the rest away; the page then says why
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
