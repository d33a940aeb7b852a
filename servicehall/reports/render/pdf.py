"""PDF of a report issue: the GB/T 9704 DOCX converted by LibreOffice headless.

Free faces stand in for the official ones through ``fonts/fonts.conf`` (FONTCONFIG_FILE):
仿宋/宋体 → Noto Serif CJK SC, 方正小标宋简体 → Noto Serif CJK SC Bold, 黑体 → Noto Sans CJK SC,
楷体 → AR PL UKai CN. The PDF is not byte-stable (LibreOffice stamps a creation date and ID);
the DOCX is the checksummed artefact.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from servicehall.reports.document import Document
from servicehall.reports.render.docx import LINE_PITCH_TWIPS, MARGIN_BOTTOM_MM, render_docx

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


@dataclass(frozen=True)
class PageLines:
    """Text lines of one PDF page with their bottom edge in points (from pdftotext)."""

    height: float
    lines: list[tuple[float, str]]


def pdf_pages(pdf: bytes) -> list[PageLines]:
    """Every page's text lines, by ``pdftotext -bbox-layout`` (poppler)."""
    with tempfile.TemporaryDirectory(prefix="servicehall-bbox-") as tmp:
        source = Path(tmp) / "issue.pdf"
        source.write_bytes(pdf)
        result = subprocess.run(
            ["pdftotext", "-bbox-layout", str(source), "-"],
            capture_output=True,
            timeout=60,
            check=False,
        )
    if result.returncode != 0:
        raise PdfRenderError(
            f"pdftotext failed: {result.stderr.decode('utf-8', 'replace').strip()}"
        )
    pages = []
    for page_match in _PAGE.finditer(result.stdout.decode("utf-8", "replace")):
        height = float(page_match.group(1))
        lines = [
            (float(m.group(1)), "".join(_WORD.findall(m.group(2))))
            for m in _LINE.finditer(page_match.group(2))
        ]
        pages.append(PageLines(height, lines))
    return pages


_PAGE = re.compile(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', re.S)
_LINE = re.compile(
    r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', re.S
)
_WORD = re.compile(r"<word[^>]*>([^<]*)</word>")
PT_PER_MM = 72 / 25.4
LINE_PITCH_PT = LINE_PITCH_TWIPS / 20
LINE_DESCENT_PT = 4.5


def imprint_padding(doc: Document, pages: list[PageLines]) -> int:
    """Empty grid lines that put the 版记's last line on the last line of the last page.

    Measured on the pages (``pdf_pages``) of a PDF of ``doc`` rendered without padding: the
    free space between the 版记's last line and the bottom margin, in whole lines of the
    22-line grid. Nothing is added when the 版记 does not start on the last page (it would
    need a page of its own).
    """
    if not doc.copies or not pages:
        return 0
    last = pages[-1]
    bottom = last.height - MARGIN_BOTTOM_MM * PT_PER_MM
    body = [(y, text) for y, text in last.lines if y <= bottom + 1]
    first_imprint = next((k for k in ("报：", "送：", "发：") if doc.distribution.get(k[0])), None)
    if not body or (first_imprint and not any(text.startswith(first_imprint) for _, text in body)):
        return 0
    # A glyph's bottom sits a few points above its grid line's bottom (measured: a full
    # page's 22nd line ends 30 pt above the margin): keep that descent out of the free space.
    free = bottom - max(y for y, _ in body) - LINE_DESCENT_PT
    return max(int(free // LINE_PITCH_PT), 0)


def render_docx_and_pdf(
    doc: Document, *, timeout: float = DEFAULT_TIMEOUT_S
) -> tuple[bytes, bytes]:
    """The DOCX and PDF with the 版记 pinned to the foot of the last page (two passes)."""
    first_docx = render_docx(doc)
    first = docx_to_pdf(first_docx, timeout=timeout)
    first_pages = pdf_pages(first)
    padding = imprint_padding(doc, first_pages)
    pages = len(first_pages)
    while padding > 0:
        docx = render_docx(doc, imprint_padding=padding)
        pdf = docx_to_pdf(docx, timeout=timeout)
        if len(pdf_pages(pdf)) == pages:
            return docx, pdf
        padding -= 1  # the estimate overflowed onto a new page: one line less
    return first_docx, first


def render_pdf(doc: Document, *, timeout: float = DEFAULT_TIMEOUT_S) -> bytes:
    """The issue as PDF: ``render_docx`` then LibreOffice, fonts mapped by fonts.conf, the
    版记 at the foot of the last page."""
    return render_docx_and_pdf(doc, timeout=timeout)[1]
