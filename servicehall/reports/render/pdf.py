"""PDF of a report issue: the GB/T 9704 DOCX converted by LibreOffice headless.

Free faces stand in for the official ones through ``fonts/fonts.conf`` (FONTCONFIG_FILE):
仿宋/宋体 → Noto Serif CJK SC, 方正小标宋简体 → Noto Serif CJK SC Bold, 黑体 → Noto Sans CJK SC,
楷体 → AR PL UKai CN. The PDF is not byte-stable (LibreOffice stamps a creation date and ID);
the DOCX is the checksummed artefact.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from servicehall.reports.document import Document
from servicehall.reports.render.docx import render_docx

FONTS_CONF = Path(__file__).resolve().parent / "fonts" / "fonts.conf"
SOFFICE_NAMES = ("soffice", "libreoffice")
DEFAULT_TIMEOUT_S = 120.0


class PdfRenderError(RuntimeError):
    """LibreOffice is missing, timed out, or wrote no PDF."""


def find_soffice() -> str:
    """The LibreOffice binary on PATH (``soffice`` or ``libreoffice``)."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise PdfRenderError(
        "LibreOffice not found on PATH (soffice or libreoffice); "
        "install libreoffice-writer-nogui to render PDF"
    )


def _environment(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    env["HOME"] = str(workdir)  # LibreOffice writes caches under HOME; keep them private
    return env


def _run(command: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    """Run soffice in its own process group, so a timeout kills oosplash and soffice.bin."""
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise PdfRenderError(f"LibreOffice did not finish within {timeout:g} s") from exc
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def docx_to_pdf(docx: bytes, *, timeout: float = DEFAULT_TIMEOUT_S) -> bytes:
    """Convert DOCX bytes to PDF bytes with a private LibreOffice profile.

    NOTES: two conversions sharing one profile make one of them exit without a PDF and
    without an error message, so every conversion gets its own ``UserInstallation``.
    """
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="servicehall-pdf-") as tmp:
        workdir = Path(tmp)
        source = workdir / "issue.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(workdir),
            str(source),
        ]
        result = _run(command, _environment(workdir), timeout)
        target = workdir / "issue.pdf"
        if not target.is_file() or target.stat().st_size == 0:
            output = (result.stdout + result.stderr).decode("utf-8", "replace").strip()
            raise PdfRenderError(
                f"LibreOffice wrote no PDF (exit status {result.returncode}): {output or '-'}"
            )
        return target.read_bytes()


def render_pdf(doc: Document, *, timeout: float = DEFAULT_TIMEOUT_S) -> bytes:
    """The issue as PDF: ``render_docx`` then LibreOffice, fonts mapped by fonts.conf."""
    return docx_to_pdf(render_docx(doc), timeout=timeout)
