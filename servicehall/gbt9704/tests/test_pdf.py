"""PDF through LibreOffice: fonts embedded, text extractable, A4, the official look.

One conversion per document for the module (each takes about two seconds).
"""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from servicehall.gbt9704 import pdf as pdf_module
from servicehall.gbt9704.docx import MARGIN_BOTTOM_MM, render_docx
from servicehall.gbt9704.pdf import PdfRenderError, StandIn, render_pdf
from servicehall.gbt9704.tests.readback import (
    pdf_body_text,
    pdf_tool,
    txt_lines,
    without_whitespace,
)
from servicehall.testing.documents import document_2023_9, document_2024_4

if TYPE_CHECKING:
    from collections.abc import Iterator

# LibreOffice and fresh processes take seconds: outside `make check`, inside `make test`.
pytestmark = pytest.mark.slow


def test_the_tools_the_pdf_tests_read_with_are_installed() -> None:
    # make test installs them; a missing tool is a broken set-up, never a skipped check.
    assert shutil.which("soffice") or shutil.which("libreoffice")
    assert shutil.which("pdftotext") and shutil.which("pdffonts")


@pytest.fixture(scope="module")
def pdf_2024(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "2024-4.pdf"
    path.write_bytes(render_pdf(document_2024_4()))
    return path


@pytest.fixture(scope="module")
def pdf_2023(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "2023-9.pdf"
    path.write_bytes(render_pdf(document_2023_9()))
    return path


def test_pdf_embeds_the_free_cjk_fonts_named_in_fonts_conf(pdf_2024: Path) -> None:
    fonts = pdf_tool("pdffonts", pdf_2024)
    embedded = [line for line in fonts.splitlines()[2:] if line.split()[-5] == "yes"]
    names = " ".join(line.split()[0] for line in embedded)
    assert "NotoSerifCJK" in names  # 仿宋_GB2312, 方正小标宋简体
    assert "NotoSansCJK" in names  # 黑体
    assert "LXGWWenKai-Regular" in names  # 楷体_GB2312
    assert len(embedded) == len(fonts.splitlines()[2:])  # nothing left unembedded


def test_pdf_pages_are_a4(pdf_2024: Path) -> None:
    info = pdf_tool("pdfinfo", pdf_2024)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)


def test_pdf_text_shows_title_heading_copies_and_page_numbers(pdf_2024: Path) -> None:
    text = pdf_tool("pdftotext", "-layout", pdf_2024, "-")
    assert "窗口工作周报" in text
    assert "一、政务工作动态" in text
    assert "（共印 103 份）" in text or "（共印103份）" in text
    # The folio "— 1 —": pdftotext drops the thin spaces next to the full-width dashes.
    assert re.search(r"—\s?1\s?—", text) and re.search(r"—\s?2\s?—", text)


def test_pdf_prints_every_character_of_every_paragraph(pdf_2024: Path, pdf_2023: Path) -> None:
    for path, doc in ((pdf_2024, document_2024_4()), (pdf_2023, document_2023_9())):
        text = pdf_body_text(path)
        missing = [line for line in txt_lines(doc) if without_whitespace(line) not in text]
        assert missing == []


def test_pdf_without_libreoffice_raises_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(PdfRenderError, match="LibreOffice not found"):
        render_pdf(document_2024_4())


def test_fonts_conf_maps_the_official_names_to_free_fonts() -> None:
    conf = pdf_module.FONTS_CONF.read_text(encoding="utf-8")
    assert '<include ignore_missing="no">/etc/fonts/fonts.conf</include>' in conf
    for name in ("仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "SimSun", "KaiTi"):
        assert f"<string>{name}</string>" in conf
    assert conf.count('mode="prepend" binding="strong"') == 11


def _free_lines(page: pdf_module.PageLines) -> tuple[float, str]:
    """Empty grid lines below a page's last body line (page number left out), and that line."""
    bottom = page.height - MARGIN_BOTTOM_MM * pdf_module.PT_PER_MM
    y, text = max((y, text) for y, text in page.lines if y <= bottom + 1)
    return (bottom - y) / pdf_module.LINE_PITCH_PT, text


@pytest.mark.parametrize("name", ["pdf_2024", "pdf_2023"])
def test_the_imprint_ends_on_the_last_line_of_the_last_page(
    name: str, request: pytest.FixtureRequest
) -> None:
    """GB/T 9704 §7.4.1: the 版记's last element sits on the last line of the last page; and
    page 1, below the masthead's red rule, is on the grid (its 22nd line is used)."""
    pages = pdf_module.pdf_pages(request.getfixturevalue(name).read_bytes())
    _assert_pages_fill_the_grid(pages)
    assert _free_lines(pages[0])[0] % 1 < 0.2  # on the grid: a whole number of lines free


def _assert_pages_fill_the_grid(pages: list[pdf_module.PageLines]) -> None:
    free, text = _free_lines(pages[-1])
    assert text.startswith("（共印") and free < 0.2
    for page, following in itertools.pairwise(pages):
        free = _free_lines(page)[0]
        if free >= 0.2:
            first = following.lines[0][1]
            imprint_only = first.startswith(("报：", "送：", "发："))
            # Widow and orphan control moves one line on with its paragraph's next: a page
            # ends one grid line short, never more, unless a heading or the 版记 follows.
            assert HEADING_START.match(first) or imprint_only or free < 1.2, (free, first)


HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


@pytest.mark.parametrize("size", [1, 3, 5, 8, 11, 14])
def test_generated_issues_of_two_to_nine_pages_end_their_imprint_on_the_last_grid_line(
    size: int,
) -> None:
    """The 版记 ends on the last grid line whatever the length, in one LibreOffice pass (the
    DOCX pins it to the foot of the type area); a page before the last ends with empty grid
    lines only where a heading was kept with its text on the next page, where widow and orphan
    control moved a line on, or where the 版记 did not fit and stands on a page of its own
    (§7.4.1: size 14's body fills page 8, its 版记 is page 9's)."""
    from servicehall.testing.documents import generated_issue

    pages = pdf_module.pdf_pages(pdf_module.render_docx_and_pdf(generated_issue(size))[1])
    assert 2 <= len(pages) <= 9
    _assert_pages_fill_the_grid(pages)


# ---- the resident LibreOffice -----------------------------------------------------------------


@pytest.fixture
def resident() -> Iterator[pdf_module.ResidentOffice]:
    office = pdf_module.ResidentOffice(pdf_module.RESIDENT.python)
    yield office
    office.close()


def test_the_resident_office_is_installed_where_pdfs_are_made() -> None:
    # python3-uno comes with make test's system packages: without it every PDF would start
    # LibreOffice anew, which is a set-up fault, not a reason to skip.
    assert pdf_module.RESIDENT.usable()


def test_resident_office_converts_in_one_process_as_the_one_off_does(
    resident: pdf_module.ResidentOffice,
) -> None:
    docx = render_docx(document_2024_4())
    first = resident.convert(docx)
    worker = resident.pid
    second = resident.convert(docx)
    assert worker is not None and resident.pid == worker  # the same LibreOffice, kept running
    once = pdf_module.oneshot_docx_to_pdf(docx)
    assert pdf_module.pdf_pages(first) == pdf_module.pdf_pages(once)
    assert pdf_module.pdf_pages(second) == pdf_module.pdf_pages(once)


def test_resident_office_replaces_a_libreoffice_that_died(
    resident: pdf_module.ResidentOffice,
) -> None:
    import os
    import signal

    docx = render_docx(document_2023_9())
    resident.convert(docx)
    dead = resident.pid
    assert dead is not None
    os.killpg(dead, signal.SIGKILL)  # the worker and its soffice
    assert pdf_module.pdf_pages(resident.convert(docx))[0].lines  # a new one took over
    assert resident.pid not in (None, dead)


def test_resident_office_kills_a_conversion_past_its_timeout(
    resident: pdf_module.ResidentOffice,
) -> None:
    docx = render_docx(document_2024_4())
    resident.convert(docx)
    with pytest.raises(PdfRenderError, match="did not finish within"):
        resident.convert(docx, timeout=0.001)
    assert resident.pid is None  # stopped with its LibreOffice; the next call starts another
    assert resident.convert(docx).startswith(b"%PDF")


def test_resident_office_restarts_after_its_quota_of_conversions(
    resident: pdf_module.ResidentOffice,
) -> None:
    docx = render_docx(document_2024_4())
    resident.RESTART_AFTER = 1
    resident.convert(docx)
    first = resident.pid
    resident.convert(docx)
    assert resident.pid not in (None, first)


def test_without_uno_every_pdf_starts_libreoffice_for_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    missing = pdf_module.ResidentOffice("/nonexistent/python3")
    assert not missing.usable()
    monkeypatch.setattr(pdf_module, "RESIDENT", missing)
    assert pdf_module.docx_to_pdf(render_docx(document_2024_4())).startswith(b"%PDF")


def test_a_missing_face_is_a_clear_error_never_a_silent_fallback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With every face installed nothing is said; a family fontconfig cannot find (here one
    that does not exist) is named with the package to install, and no PDF is made."""
    assert pdf_module.missing_faces() == ()
    pdf_module.missing_faces.cache_clear()
    monkeypatch.setitem(
        pdf_module.STAND_INS, "仿宋_GB2312", StandIn("No Such Fangsong", "fonts-no-such", 80)
    )
    try:
        with pytest.raises(
            PdfRenderError, match=r"“仿宋_GB2312”应由 No Such Fangsong 代替.*fonts-no-such"
        ):
            pdf_module.docx_to_pdf(b"never converted")
    finally:
        pdf_module.missing_faces.cache_clear()


@pytest.mark.django_db  # `check` reads the working-day calendar too (workcal.W001)
def test_django_check_reports_a_missing_face(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    pdf_module.missing_faces.cache_clear()
    monkeypatch.setitem(pdf_module.STAND_INS, "黑体", StandIn("No Such Hei", "fonts-no-such", 80))
    try:
        with pytest.raises(SystemCheckError, match=r"reports\.E001"):
            call_command("check")
    finally:
        pdf_module.missing_faces.cache_clear()


def test_gb2312_has_its_6763_hanzi() -> None:
    hanzi = pdf_module.gb2312_hanzi()
    assert len(hanzi) == 6763
    assert {"啊", "齄", "政", "务"} <= hanzi


def test_a_face_lacking_gb2312_hanzi_or_at_another_weight_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Measured by fontconfig, not assumed: Liberation Serif (the Latin face) prints none of
    the 6,763 hanzi, and Noto Sans CJK SC answers 黑体 at regular weight (80), not bold."""
    pdf_module.missing_faces.cache_clear()
    monkeypatch.setitem(
        pdf_module.STAND_INS, "Times New Roman", StandIn("Liberation Serif", "x", 80, chinese=True)
    )
    monkeypatch.setitem(pdf_module.STAND_INS, "黑体", StandIn("Noto Sans CJK SC", "x", 200))
    try:
        problems = pdf_module.missing_faces()
    finally:
        pdf_module.missing_faces.cache_clear()
    assert problems == (
        "“黑体”的 Noto Sans CJK SC 字重为 80，应为 200",
        "“Times New Roman”的 Liberation Serif 缺 GB 2312 汉字 6763 个（共 6763 个）",
    )
