"""The DOCX read by programs other than LibreOffice: Word and WPS cannot run here, so two
independent readers stand in for them (docs/gbt9704.md, "Read by a second program").

- The Open XML SDK's validation (``openxml-audit``, a Python port of the SDK's validator and its
  ECMA-376 transitional schemas with Word's own limits): every part is schema-valid. It found the
  settings' 避头尾 list 130 characters long where Word reads at most 100.
- AbiWord (Debian's ``abiword``, its own OOXML importer): it reads every paragraph's text in
  the order the text renderer prints it, the 版记 as one table with its rules, the A4 page with
  GB/T 9704's margins, and the odd and even footers.

Neither proves the page Word lays out; both prove that a program other than LibreOffice reads
the document that was meant, from the DOCX alone."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from lxml import etree

from servicehall.archive import read_report
from servicehall.gbt9704 import docx as docx_module
from servicehall.gbt9704.document import Document
from servicehall.gbt9704.docx import (
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    WORD_JOINER,
    render_docx,
)
from servicehall.gbt9704.tests.readback import txt_lines
from servicehall.testing.seeds import SEED_2023_9, SEED_2024_4

CASES = {
    "2024-4 简报式": (SEED_2024_4, "briefing"),
    "2024-4 红头文件": (SEED_2024_4, "file"),
    "2023-9 简报式": (SEED_2023_9, "briefing"),
    "2023-9 红头文件": (SEED_2023_9, "file"),
}
IMPRINT = re.compile(r"^(报|送|发)：|^（共印\d+份）$")
MM_PER_INCH = 25.4


def _document(path: Path, masthead: str) -> Document:
    doc = read_report(path.read_text(encoding="utf-8"))
    doc.masthead, doc.file_code = masthead, "川政服"
    return doc


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[Document, bytes]]:
    out = {}
    for name, (path, masthead) in CASES.items():
        doc = _document(path, masthead)
        out[name] = (doc, render_docx(doc))
    return out


# ---------------------------------------------------------------- the Open XML SDK's schemas


def sdk_errors(docx: bytes) -> list[str]:
    """The Open XML SDK's schema and semantic findings for the DOCX (Office 2019 rules)."""
    # openxml-audit ships no type information (no py.typed, no stubs).
    from openxml_audit import OpenXmlValidator  # type: ignore[import-untyped]

    with tempfile.TemporaryDirectory(prefix="servicehall-ooxml-") as tmp:
        path = Path(tmp) / "issue.docx"
        path.write_bytes(docx)
        result = OpenXmlValidator().validate(path)
    return [f"{e.part_uri} {e.path}: {e.description}" for e in result.errors]


@pytest.mark.parametrize("name", list(CASES))
def test_every_part_of_the_docx_is_valid_for_the_open_xml_sdk(
    rendered: dict[str, tuple[Document, bytes]], name: str
) -> None:
    assert sdk_errors(rendered[name][1]) == []


def test_a_kinsoku_list_longer_than_word_reads_is_a_schema_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The list as it was (GB/T 15834's marks and the Japanese kana: 130 characters): Word reads
    100 of them and the SDK calls the file invalid. The check finds what it claims to."""
    kana = "ヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻゠"
    monkeypatch.setattr(docx_module, "NO_LINE_START", docx_module.NO_LINE_START + kana)
    errors = sdk_errors(render_docx(_document(SEED_2024_4, "briefing")))
    assert len(errors) == 1 and "noLineBreaksBefore" in errors[0], errors


# ---------------------------------------------------------------- AbiWord


def _local(element: etree._Element) -> str:
    name: str = etree.QName(element).localname
    return name


def abiword_read(docx: bytes) -> etree._Element:
    """The DOCX as AbiWord reads it: its own document (``abiword --to=abw``), parsed."""
    abiword = shutil.which("abiword")
    if abiword is None:
        pytest.fail("abiword is missing: scripts/ensure-system-packages.sh test installs it")
    with tempfile.TemporaryDirectory(prefix="servicehall-abiword-") as tmp:
        source = Path(tmp) / "issue.docx"
        source.write_bytes(docx)
        subprocess.run(
            [abiword, "--to=abw", str(source)],
            cwd=tmp,
            env={"HOME": tmp, "PATH": "/usr/bin:/bin"},  # its settings stay in the directory
            capture_output=True,
            timeout=60,
            check=True,
        )
        parser = etree.XMLParser(remove_comments=True, remove_pis=True)
        return etree.fromstring((Path(tmp) / "issue.abw").read_bytes(), parser)


def _text(element: etree._Element) -> str:
    """A paragraph's or a cell's text as AbiWord holds it (its tabs are elements)."""
    parts = []
    for node in element.iter():
        if _local(node) == "tab":
            parts.append("\t")
        if node.text and _local(node) in {"c", "p"}:
            parts.append(node.text)
        if node.tail and node is not element and _local(node.getparent()) in {"c", "p"}:
            parts.append(node.tail)
    return "".join(parts).replace(WORD_JOINER, "")


def body_lines(abw: etree._Element) -> list[str]:
    """The main section's non-blank paragraphs in order, a table's cells where the table is."""
    [body] = [s for s in abw if _local(s) == "section" and s.get("type") is None]
    return [text for p in body.iter() if _local(p) == "p" and (text := _text(p).strip())]


def margins_mm(abw: etree._Element) -> dict[str, float]:
    [body] = [s for s in abw if _local(s) == "section" and s.get("type") is None]
    props = dict(part.strip().split(":", 1) for part in body.get("props").split(";") if ":" in part)
    return {
        side: round(float(props[f"page-margin-{side}"].removesuffix("in")) * MM_PER_INCH, 2)
        for side in ("top", "bottom", "left", "right")
    }


@pytest.fixture(scope="module")
def abiword(rendered: dict[str, tuple[Document, bytes]]) -> dict[str, etree._Element]:
    return {name: abiword_read(docx) for name, (_, docx) in rendered.items()}


@pytest.mark.parametrize("name", list(CASES))
def test_abiword_reads_every_line_in_the_order_the_text_prints_it(
    rendered: dict[str, tuple[Document, bytes]], abiword: dict[str, etree._Element], name: str
) -> None:
    doc, _ = rendered[name]
    assert body_lines(abiword[name]) == txt_lines(doc)


@pytest.mark.parametrize("name", list(CASES))
def test_abiword_reads_the_imprint_as_one_table_with_its_rules(
    rendered: dict[str, tuple[Document, bytes]], abiword: dict[str, etree._Element], name: str
) -> None:
    """§7.4.1: the 版记's lines in one table, the first and last rules 1 pt (≈0.35 mm), those
    between 0.75 pt (≈0.25 mm)."""
    doc, _ = rendered[name]
    [table] = [t for t in abiword[name].iter() if _local(t) == "table"]
    cells = [c for c in table.iter() if _local(c) == "cell"]
    assert [_text(c).strip() for c in cells] == [
        line for line in txt_lines(doc) if IMPRINT.match(line)
    ]

    def thickness(cell: etree._Element, side: str) -> str:
        props: dict[str, str] = dict(
            p.strip().split(":", 1) for p in cell.get("props").split(";") if ":" in p
        )
        return props[f"{side}-thickness"]

    assert thickness(cells[0], "top") == thickness(cells[-1], "bot") == "1.000000pt"
    assert {thickness(c, "bot") for c in cells[:-1]} == {"0.750000pt"}


@pytest.mark.parametrize("name", list(CASES))
def test_abiword_reads_an_a4_page_with_the_standards_margins_and_both_footers(
    abiword: dict[str, etree._Element], name: str
) -> None:
    abw = abiword[name]
    [size] = [e for e in abw if _local(e) == "pagesize"]
    assert (size.get("pagetype"), size.get("orientation")) == ("A4", "portrait")
    assert (float(size.get("width")), float(size.get("height"))) == (210, 297)
    expected = {
        "top": MARGIN_TOP_MM,
        "bottom": MARGIN_BOTTOM_MM,
        "left": MARGIN_LEFT_MM,
        "right": MARGIN_RIGHT_MM,
    }
    assert margins_mm(abw) == pytest.approx(expected, abs=0.05)
    footers = {s.get("type") for s in abw if _local(s) == "section"} - {None}
    assert footers == {"footer", "footer-even"}  # §7.5: odd pages right, even pages left
