"""Real faces where the center has them: an official face installed on the server prints the
PDF instead of its free stand-in, and `servicehall check` says which face prints each element.

No licensed face can be shipped here, so the test installs one the way fontconfig sees a
font: LXGW WenKai Light copied into a font directory and named 楷体_GB2312 when it is scanned
(a ``<match target="scan">`` rule in the server's fontconfig, ``SERVICEHALL_FONTCONFIG_BASE``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from servicehall.gbt9704 import pdf as pdf_module
from servicehall.gbt9704.audit import audit_pdf
from servicehall.gbt9704.docx import render_docx
from servicehall.testing.documents import document_2024_4

if TYPE_CHECKING:
    from collections.abc import Iterator

LIGHT = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Light.ttf")


def _clear() -> None:
    pdf_module.installed_faces.cache_clear()
    pdf_module.missing_faces.cache_clear()


@pytest.fixture
def licensed_kaiti(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # fonts-lxgw-wenkai is one of the packages scripts/ensure-system-packages.sh installs: its
    # absence is a broken machine, not a reason to pass quietly.
    assert LIGHT.exists(), f"{LIGHT} missing: install fonts-lxgw-wenkai"
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(LIGHT, fonts / "simkai.ttf")
    base = tmp_path / "server-fonts.conf"
    base.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <cachedir>{tmp_path / "cache"}</cachedir>
  <include ignore_missing="no">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
  <match target="scan">
    <test name="file"><string>{fonts / "simkai.ttf"}</string></test>
    <edit name="family" mode="assign_replace"><string>楷体_GB2312</string></edit>
  </match>
</fontconfig>
""",
        encoding="utf-8",
    )
    monkeypatch.setenv("SERVICEHALL_FONTCONFIG_BASE", str(base))
    _clear()
    yield
    monkeypatch.delenv("SERVICEHALL_FONTCONFIG_BASE")
    _clear()


def test_without_official_faces_every_element_names_its_stand_in() -> None:
    _clear()
    assert pdf_module.installed_faces() == frozenset()
    assert pdf_module.fonts_conf() == pdf_module.FONTS_CONF
    assert pdf_module.face_in_use("楷体_GB2312") == ("LXGW WenKai", False)


def test_an_installed_official_face_prints_instead_of_its_stand_in(licensed_kaiti: None) -> None:
    assert pdf_module.installed_faces() == frozenset({"楷体_GB2312"})
    assert pdf_module.missing_faces() == ()
    assert pdf_module.face_in_use("楷体_GB2312") == ("楷体_GB2312", True)
    assert pdf_module.face_in_use("黑体") == ("Noto Sans CJK SC", False)  # the others stay
    doc = document_2024_4()
    pdf = pdf_module.oneshot_docx_to_pdf(render_docx(doc))
    clauses = {c.item: c for c in audit_pdf(doc, pdf)}
    # The （一） headings in the installed face (its PostScript name), the body still Noto.
    assert clauses["二级标题"].ok and clauses["二级标题"].measured.startswith("LXGWWenKai-Light")
    assert clauses["正文"].ok and "NotoSerifCJK" in clauses["正文"].measured


def test_servicehall_check_says_which_face_prints_each_element(licensed_kaiti: None) -> None:
    from servicehall.reports.apps import _faces_check

    [info] = _faces_check()
    assert info.id == "reports.I001"
    assert "二级标题：楷体_GB2312（本机已安装，直接使用）" in info.msg
    assert "正文、版记、落款：仿宋_GB2312 → Noto Serif CJK SC（免费替代字体）" in info.msg
