"""PDF of a report issue: the GB/T 9704 DOCX converted by LibreOffice headless.

Free faces stand in for the official ones through ``fonts/fonts.conf`` (FONTCONFIG_FILE):
仿宋/宋体 → Noto Serif CJK SC, 方正小标宋简体 → Noto Serif CJK SC Bold, 黑体 → Noto Sans CJK SC,
楷体 → LXGW WenKai. The PDF is not byte-stable (LibreOffice stamps a creation date and ID);
the DOCX is the checksummed artefact.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import logging
import os
import re
import secrets
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from servicehall.gbt9704.document import Document
from servicehall.gbt9704.docx import LINE_PITCH_TWIPS, render_docx

FONTS_CONF = Path(__file__).resolve().parent / "fonts" / "fonts.conf"
SOFFICE_NAMES = ("soffice", "libreoffice")
DEFAULT_TIMEOUT_S = 120.0
logger = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class StandIn:
    """The free face fonts.conf maps an official name to, and what it must be."""

    family: str
    package: str  # the Debian package that ships it
    weight: int  # fontconfig's weight: 80 regular, 200 bold
    # Its name as a PDF embeds it (the audit reads it; Noto CJK's shared CFF is named "jp" for
    # every region).
    embedded: str = ""
    chinese: bool = True  # must print every GB 2312 hanzi


# The official face names the DOCX uses, and the free face fonts.conf maps each to; a machine
# where fontconfig answers another family would print that face silently instead.
STAND_INS = {
    "仿宋_GB2312": StandIn("Noto Serif CJK SC", "fonts-noto-cjk", 80, r"NotoSerifCJK\w*-Regular"),
    "方正小标宋简体": StandIn("Noto Serif CJK SC", "fonts-noto-cjk", 200, r"NotoSerifCJK\w*-Bold"),
    "黑体": StandIn("Noto Sans CJK SC", "fonts-noto-cjk", 80, r"NotoSansCJK"),
    "楷体_GB2312": StandIn("LXGW WenKai", "fonts-lxgw-wenkai", 80, r"LXGWWenKai-Regular"),
    "宋体": StandIn("Noto Serif CJK SC", "fonts-noto-cjk", 80, r"NotoSerifCJK\w*-Regular"),
    "Times New Roman": StandIn(
        "Liberation Serif", "fonts-liberation2", 80, r"LiberationSerif", chinese=False
    ),
}


@functools.cache
def gb2312_hanzi() -> frozenset[str]:
    """The 6,763 hanzi of GB 2312 (rows 16–87): every Chinese face must print all of them."""
    found = set()
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                found.add(bytes((row, cell)).decode("gb2312"))
    return frozenset(found)


def _charset(spec: str) -> set[int]:
    """fontconfig's charset (``%{charset}``: hex ranges "4e00-4e03 4e05 …") as code points."""
    points: set[int] = set()
    for part in spec.split():
        first, _, last = part.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


# GB/T 9704's faces a center may have licensed and installed (``/usr/share/fonts`` or
# ``~/.fonts``): where one is, fontconfig answers with it and the PDF prints it, not a stand-in.
OFFICIAL_FACES = ("仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体")
# Which face prints which element of the issue (for ``servicehall check``).
ELEMENT_FACES = (
    ("正文、版记、落款", "仿宋_GB2312"),
    ("标题、发文机关标志", "方正小标宋简体"),
    ("一级标题", "黑体"),
    ("二级标题", "楷体_GB2312"),
    ("页码", "宋体"),
    ("数字与字母", "Times New Roman"),
)


def _system_fontconfig() -> str:
    """The server's own fontconfig (``SERVICEHALL_FONTCONFIG_BASE`` to point elsewhere)."""
    return os.environ.get("SERVICEHALL_FONTCONFIG_BASE", "/etc/fonts/fonts.conf")


def _fc(args: list[str], config: str | Path) -> str:
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    return subprocess.run(
        args, capture_output=True, text=True, env=env, timeout=30, check=False
    ).stdout


@functools.cache
def installed_faces() -> frozenset[str]:
    """The official faces installed under their own name on the server (``fc-list``)."""
    if not shutil.which("fc-list"):
        return frozenset()
    found = set()
    for name in OFFICIAL_FACES:
        families = _fc(["fc-list", "-f", "%{family}\n", f":family={name}"], _system_fontconfig())
        if any(name in line.split(",") for line in families.splitlines()):
            found.add(name)
    return frozenset(found)


_GENERATED: dict[tuple[str, frozenset[str], str], Path] = {}


def fonts_conf() -> Path:
    """The fontconfig file the renderers use: ``fonts/fonts.conf`` as shipped, or, where some
    official faces are installed, a copy without the rules that would stand in for them (so
    fontconfig answers with the installed face). Written once per process."""
    installed = installed_faces()
    base = _system_fontconfig()
    if not installed and base == "/etc/fonts/fonts.conf":
        return FONTS_CONF
    key = (str(FONTS_CONF), installed, base)
    if key not in _GENERATED:
        text = FONTS_CONF.read_text(encoding="utf-8").replace("/etc/fonts/fonts.conf", base)
        for name in installed:
            text = re.sub(
                r"\s*<match target=\"pattern\">\s*<test qual=\"any\" name=\"family\"><string>"
                + re.escape(name)
                + r"</string></test>.*?</match>",
                "",
                text,
                flags=re.S,
            )
        directory = Path(tempfile.mkdtemp(prefix="servicehall-fonts-"))
        atexit.register(shutil.rmtree, directory, True)
        (directory / "fonts.conf").write_text(text, encoding="utf-8")
        _GENERATED[key] = directory / "fonts.conf"
    return _GENERATED[key]


def face_in_use(name: str) -> tuple[str, bool]:
    """The family that prints ``name`` here, and whether it is the official face itself."""
    family = _fc(["fc-match", "-f", "%{family[0]}", name], fonts_conf()).strip()
    return family, name in installed_faces()


def embedded_pattern(name: str) -> str:
    """How the PDF names the face printing ``name``: the installed face's PostScript name, or
    the stand-in's (``StandIn.embedded``)."""
    if name in installed_faces():
        postscript = _fc(["fc-match", "-f", "%{postscriptname}", name], fonts_conf()).strip()
        return re.escape(postscript) if postscript else re.escape(name)
    return STAND_INS[name].embedded


@functools.cache
def missing_faces() -> tuple[str, ...]:
    """What is wrong with the faces, one sentence each (empty when all are right); asked once.

    Each official name must resolve to its stand-in, at its weight, or to the official face
    itself where it is installed, covering every GB 2312 hanzi (a Traditional face such as
    cwTeX 仿宋 prints 4,384 of 6,763).
    """
    if not shutil.which("fc-match"):
        return ("未找到 fc-match（fontconfig），无法确认字体",)
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf())}
    hanzi = gb2312_hanzi()
    problems = []
    installed = installed_faces()
    for name, standin in STAND_INS.items():
        face = StandIn(name, "", 0) if name in installed else standin
        answer = subprocess.run(
            ["fc-match", "-f", "%{family[0]}|%{weight}|%{charset}", name],
            capture_output=True, text=True, env=env, timeout=30, check=False,
        ).stdout  # fmt: skip
        family, weight, charset = [*answer.split("|", 2), "", ""][:3]
        if name in installed:
            # fc-match's first family may be another language's name of the same face.
            family = (
                name if name in _fc(["fc-match", "-f", "%{family}", name], fonts_conf()) else family
            )
            weight = "0"
        if family.strip() != face.family:
            problems.append(
                f"“{name}”应由 {face.family} 代替，本机却是 {family.strip() or '无'}"
                f"（请安装 {face.package}）"
            )
            continue
        if weight.strip() != str(face.weight):
            problems.append(f"“{name}”的 {face.family} 字重为 {weight}，应为 {face.weight}")
        if face.chinese:
            covered = _charset(charset)
            lacking = sum(1 for c in hanzi if ord(c) not in covered)
            if lacking:
                problems.append(
                    f"“{name}”的 {face.family} 缺 GB 2312 汉字 {lacking} 个（共 {len(hanzi)} 个）"
                )
    return tuple(problems)


def check_faces() -> None:
    """Refuse to render with a missing face: never a silent fallback (GB/T 9704 fonts)."""
    if problems := missing_faces():
        raise PdfRenderError("缺少排版字体：" + "；".join(problems))


def _environment(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(fonts_conf())
    env["HOME"] = str(workdir)  # LibreOffice writes caches under HOME; keep them private
    return env


def _run(
    command: list[str], env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[bytes]:
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
    """Convert DOCX bytes to PDF bytes: by this process's resident LibreOffice when Debian's
    ``python3-uno`` is there, else by a one-off ``soffice --convert-to``."""
    find_soffice()  # no LibreOffice on PATH is a clear error, even with one still running
    check_faces()
    if RESIDENT.usable():
        return RESIDENT.convert(docx, timeout=timeout)
    return oneshot_docx_to_pdf(docx, timeout=timeout)


def oneshot_docx_to_pdf(docx: bytes, *, timeout: float = DEFAULT_TIMEOUT_S) -> bytes:
    """Convert DOCX bytes to PDF bytes with a LibreOffice started for this one file.

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


class ResidentOffice:
    """One LibreOffice kept running for this process (常驻 LibreOffice), behind
    ``office_worker.py``: a conversion then costs a fraction of a second instead of a start
    of LibreOffice and a fresh profile (~2.3 s).

    One conversion at a time (a lock); its own profile and private UNO pipe; restarted after
    ``RESTART_AFTER`` conversions to bound LibreOffice's memory, after a crash, and in a forked
    child (a gunicorn worker never shares its parent's). A conversion that outlives its
    timeout kills the worker and its LibreOffice.
    """

    RESTART_AFTER = 200
    START_TIMEOUT_S = 90.0

    def __init__(self, python: str) -> None:
        self.python = python
        self.lock = threading.Lock()
        self.process: subprocess.Popen[bytes] | None = None
        self.owner_pid = 0
        self.workdir: Path | None = None
        self.conversions = 0
        self.buffer = b""
        self._usable: bool | None = None

    def usable(self) -> bool:
        """Whether ``python`` can run the worker (has ``uno``); asked once per process."""
        if self._usable is None:
            try:
                found = subprocess.run(
                    [self.python, "-c", "import uno"], capture_output=True, timeout=30
                )
            except (OSError, subprocess.TimeoutExpired):
                self._usable = False
            else:
                self._usable = found.returncode == 0
            if not self._usable:
                logger.warning(
                    "%s cannot import uno (install python3-uno): every PDF starts LibreOffice",
                    self.python,
                )
        return self._usable

    @property
    def pid(self) -> int | None:
        """The worker's process id while it runs in this process."""
        process = self.process
        if process is None or process.poll() is not None or self.owner_pid != os.getpid():
            return None
        return process.pid

    def convert(self, docx: bytes, *, timeout: float = DEFAULT_TIMEOUT_S) -> bytes:
        with self.lock:
            try:
                return self._convert(docx, timeout)
            except _WorkerGone:
                self._stop()
                return self._convert(docx, timeout)  # once more, on a new LibreOffice

    def _convert(self, docx: bytes, timeout: float) -> bytes:
        if self.pid is None or self.conversions >= self.RESTART_AFTER:
            self._stop()
            self._start()
        assert self.process is not None and self.process.stdin is not None
        assert self.workdir is not None
        self.conversions += 1
        source = self.workdir / f"issue-{self.conversions}.docx"
        target = source.with_suffix(".pdf")
        source.write_bytes(docx)
        try:
            request = json.dumps({"source": str(source), "target": str(target)}) + "\n"
            try:
                self.process.stdin.write(request.encode())
                self.process.stdin.flush()
            except (BrokenPipeError, OSError) as exc:
                raise _WorkerGone() from exc
            reply = self._reply(timeout)
            if not reply.get("ok"):
                raise PdfRenderError(f"LibreOffice could not convert: {reply.get('error', '-')}")
            if not target.is_file() or target.stat().st_size == 0:
                raise PdfRenderError("LibreOffice wrote no PDF")
            return target.read_bytes()
        finally:
            source.unlink(missing_ok=True)
            target.unlink(missing_ok=True)

    def _start(self) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="servicehall-office-"))
        pipe = f"servicehall-{os.getpid()}-{secrets.token_hex(8)}"
        self.process = subprocess.Popen(
            [
                self.python,
                str(WORKER),
                find_soffice(),
                (self.workdir / "profile").as_uri(),
                pipe,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=(self.workdir / "office.log").open("wb"),
            env=_environment(self.workdir),
            start_new_session=True,
        )
        self.owner_pid, self.conversions, self.buffer = os.getpid(), 0, b""
        try:
            reply = self._reply(self.START_TIMEOUT_S)
        except _WorkerGone as exc:
            self._stop()
            raise PdfRenderError(f"LibreOffice did not start: {exc}") from exc
        if not reply.get("ready"):
            self._stop()
            raise PdfRenderError(f"LibreOffice did not start: {reply.get('error', '-')}")

    def _reply(self, timeout: float) -> dict[str, Any]:
        """The worker's next answer line, or the worker killed when it takes too long."""
        assert self.process is not None and self.process.stdout is not None
        stream = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([stream], [], [], left)[0]:
                self._stop()
                raise PdfRenderError(f"LibreOffice did not finish within {timeout:g} s")
            chunk = os.read(stream, 65536)
            if not chunk:
                raise _WorkerGone(self._log_tail())
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _log_tail(self) -> str:
        log = self.workdir / "office.log" if self.workdir else None
        if log is None or not log.is_file():
            return "-"
        return log.read_bytes()[-500:].decode("utf-8", "replace").strip() or "-"

    def _stop(self) -> None:
        """Close the worker (it closes LibreOffice); kill both if they do not go."""
        process, workdir = self.process, self.workdir
        self.process = self.workdir = None
        if process is not None and self.owner_pid == os.getpid():
            if process.poll() is None:
                try:
                    assert process.stdin is not None
                    process.stdin.close()
                    process.wait(timeout=10)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            with contextlib.suppress(ProcessLookupError):  # soffice too, if it outlived the worker
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if workdir is not None and self.owner_pid == os.getpid():
            shutil.rmtree(workdir, ignore_errors=True)

    def close(self) -> None:
        with self.lock:
            self._stop()


class _WorkerGone(Exception):
    """The worker closed its output: it or its LibreOffice died."""


WORKER = Path(__file__).resolve().parent / "office_worker.py"
RESIDENT = ResidentOffice(os.environ.get("SERVICEHALL_OFFICE_PYTHON", "/usr/bin/python3"))
atexit.register(RESIDENT.close)


@dataclass(frozen=True)
class PageLines:
    """Text lines of one PDF page with their bottom edge in points (from pdftotext)."""

    height: float
    lines: list[tuple[float, str]]


@contextlib.contextmanager
def _poppler(
    tool: str, pdf: bytes, arguments: Callable[[Path, Path], list[str]], timeout: float
) -> Iterator[tuple[bytes, Path]]:
    """Run a poppler tool on the PDF (written to a private directory); yields its standard
    output and that directory, where the tool may have written its files."""
    with tempfile.TemporaryDirectory(prefix=f"servicehall-{tool}-") as tmp:
        source = Path(tmp) / "issue.pdf"
        source.write_bytes(pdf)
        try:
            result = subprocess.run(
                [tool, *arguments(source, Path(tmp))],
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise PdfRenderError(f"{tool} could not run: {exc}") from exc
        if result.returncode != 0:
            raise PdfRenderError(
                f"{tool} failed: {result.stderr.decode('utf-8', 'replace').strip()}"
            )
        yield result.stdout, Path(tmp)


def pdftotext(pdf: bytes, *options: str) -> str:
    """What poppler's ``pdftotext`` prints for the PDF with ``options`` (UTF-8, decoded)."""

    def arguments(source: Path, _: Path) -> list[str]:
        return [*options, str(source), "-"]

    with _poppler("pdftotext", pdf, arguments, 60) as (out, _):
        return out.decode("utf-8", "replace")


@dataclass(frozen=True)
class TextBox:
    """One text line of a page: its box in points from the page's top left, and its words."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str  # as pdftotext writes it: XML entities (&amp;) not yet read


def bbox_layout(pdf: bytes) -> list[tuple[float, list[TextBox]]]:
    """Every page's height and text lines, by ``pdftotext -bbox-layout``."""
    pages = []
    for page_match in _PAGE.finditer(pdftotext(pdf, "-bbox-layout")):
        boxes = [
            TextBox(
                float(m.group(1)),
                float(m.group(2)),
                float(m.group(3)),
                float(m.group(4)),
                "".join(_WORD.findall(m.group(5))),
            )
            for m in _LINE.finditer(page_match.group(2))
        ]
        pages.append((float(page_match.group(1)), boxes))
    return pages


@dataclass(frozen=True)
class GrayPage:
    """One page rasterised in 8-bit gray (0 black … 255 white), ``dpi`` pixels an inch."""

    width: int
    height: int
    dpi: int
    pixels: bytes  # row after row

    def ink(self, x0: float, y0: float, x1: float, y1: float) -> float:
        """How much of the box (points from the top left) is inked, 0 … 1."""
        scale = self.dpi / 72
        left, right = max(0, int(x0 * scale)), min(self.width, int(x1 * scale) + 1)
        top, bottom = max(0, int(y0 * scale)), min(self.height, int(y1 * scale) + 1)
        if right <= left or bottom <= top:
            return 0.0
        white = sum(
            sum(self.pixels[row * self.width + left : row * self.width + right])
            for row in range(top, bottom)
        )
        return 1 - white / (255 * (right - left) * (bottom - top))


def gray_pages(pdf: bytes, *, dpi: int = 100) -> list[GrayPage]:
    """Every page of the PDF as gray pixels (poppler's ``pdftoppm -gray``)."""

    def arguments(source: Path, tmp: Path) -> list[str]:
        return ["-gray", "-r", str(dpi), str(source), str(tmp / "page")]

    with _poppler("pdftoppm", pdf, arguments, 120) as (_, tmp):
        # page-1.pgm … page-10.pgm: pdftoppm pads the number to the page count's digits
        files = sorted(tmp.glob("page-*.pgm"), key=lambda f: int(f.stem.split("-")[-1]))
        return [_read_pgm(f.read_bytes(), dpi) for f in files]


def read_netpbm(data: bytes, magic: bytes) -> tuple[int, int, int]:
    """A binary Netpbm image as pdftoppm writes it (P5 grey, P6 colour; maxval 255): its width,
    height and where its pixels start; comments in the header are skipped."""
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:
        while data[position : position + 1].isspace():
            position += 1
        if data[position : position + 1] == b"#":
            position = data.index(b"\n", position) + 1
            continue
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    if fields[0] != magic or fields[3] != b"255":
        raise PdfRenderError("pdftoppm wrote an unexpected image format")
    return int(fields[1]), int(fields[2]), position + 1


def _read_pgm(data: bytes, dpi: int) -> GrayPage:
    """A binary PGM (P5): the page's grey pixels."""
    width, height, start = read_netpbm(data, b"P5")
    return GrayPage(width, height, dpi, data[start : start + width * height])


def pdf_pages(pdf: bytes) -> list[PageLines]:
    """Every page's text lines with their bottom edge, by ``pdftotext -bbox-layout`` (poppler)."""
    return [
        PageLines(height, [(box.y1, box.text) for box in boxes])
        for height, boxes in bbox_layout(pdf)
    ]


_PAGE = re.compile(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', re.S)
_LINE = re.compile(
    r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S
)
_WORD = re.compile(r"<word[^>]*>([^<]*)</word>")
PT_PER_MM = 72 / 25.4
LINE_PITCH_PT = LINE_PITCH_TWIPS / 20


def render_docx_and_pdf(
    doc: Document, *, timeout: float = DEFAULT_TIMEOUT_S
) -> tuple[bytes, bytes]:
    """The DOCX and the PDF LibreOffice prints from it, in one pass: the DOCX pins its 版记 to
    the foot of the last page itself (``docx._anchor_at_foot``), nothing is measured and
    re-rendered."""
    docx = render_docx(doc)
    return docx, docx_to_pdf(docx, timeout=timeout)


def render_pdf(doc: Document, *, timeout: float = DEFAULT_TIMEOUT_S) -> bytes:
    """The issue as PDF: ``render_docx`` then LibreOffice, fonts mapped by fonts.conf."""
    return render_docx_and_pdf(doc, timeout=timeout)[1]
