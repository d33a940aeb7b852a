"""Text extraction from .txt, .docx and .pdf, and the errors a user sees."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import docx
import pytest

from servicehall.archive import (
    CorruptFileError,
    EncodingError,
    ReportFileError,
    ScannedPDFError,
    UnsupportedFormatError,
    extract_text,
    parse_file,
    read_report,
)
from servicehall.core.tests.seed_figures import FIGURES_2023_9, FIGURES_2024_4
from servicehall.testing import scans
from servicehall.testing.seeds import SEED_2023_9, SEED_2024_4

if TYPE_CHECKING:
    from pytest_django import Settings

    from servicehall.archive.extract import ExtractedText
    from servicehall.gbt9704.document import Document


@pytest.fixture(scope="session")
def seed_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both seeds printed to PDF by LibreOffice: a real text layer, lines wrapped anew."""
    folder = tmp_path_factory.mktemp("pdf")
    for seed in (SEED_2024_4, SEED_2023_9):
        shutil.copy(seed, folder / seed.name)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(folder / SEED_2024_4.name),
            str(folder / SEED_2023_9.name),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return {
        "2024-4": folder / f"{SEED_2024_4.stem}.pdf",
        "2023-9": folder / f"{SEED_2023_9.stem}.pdf",
    }


def image_only_pdf() -> bytes:
    """A one-page PDF holding only a grey gradient: a scan with nothing to read."""
    return scans.image_only_pdf([(64, 64, bytes(range(256)) * 16)])


def build_docx(path: Path) -> Path:
    """A short report as Word writes it: body paragraphs, a bold name, the 版记 in a table."""
    document = docx.Document()
    for line in ("2024年第5期（总第476期）", "窗口工作周报", "（1月29日—2月2日）"):
        document.add_paragraph(line)
    document.add_paragraph("四川省政府政务服务和公共资源交易服务中心")
    document.add_paragraph("2024年2月20日")
    document.add_paragraph("一、厅（局）长进大厅")
    visit = document.add_paragraph("本周，")
    visit.add_run("公安厅").bold = True
    visit.add_run("二级警务专员王建明到省政务服务大厅窗口调研值守。")
    document.add_paragraph("二、综窗改革攻坚行动")
    document.add_paragraph("（一）省本级综窗办件情况")
    document.add_paragraph("本周，共计咨询 1300 人次、受理 640 件、颁发 1020 件、流转 2200 件次。")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "报：省政务管理办公室、省中心领导。"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "发：省级相关部门（单位）窗口。"
    table.cell(2, 1).text = "（共印103份）"
    document.save(str(path))
    return path


def test_utf8_text_with_bom_and_windows_line_ends_is_read() -> None:
    data = "\ufeff一、情况\r\n本周受理12件。\r\n".encode()
    extracted = extract_text(data, ".txt")
    assert (extracted.text, extracted.encoding) == ("一、情况\n本周受理12件。\n", "utf-8-sig")


def test_gb18030_and_utf16_text_fall_back_to_their_encodings() -> None:
    text = "窗口工作周报\n本周，共计咨询 1291 人次。"
    assert extract_text(text.encode("gb18030"), ".txt").encoding == "gb18030"
    assert extract_text(text.encode("gb18030"), ".txt").text == text
    assert extract_text(text.encode("utf-16-le"), ".txt").text == text
    assert extract_text(text.encode("utf-16"), ".txt").text == text


def test_binary_data_named_txt_is_an_encoding_error_in_chinese() -> None:
    with pytest.raises(EncodingError, match="不是文本文件"):
        extract_text(b"\x00\x01\x02\xff\xfe\x00\x93" * 5, ".txt")


def test_unsupported_and_missing_files_are_report_file_errors(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormatError, match="不支持"):
        extract_text(b"x", ".xls")
    with pytest.raises(UnsupportedFormatError, match=r"\.docx"):
        extract_text(b"x", ".doc")
    with pytest.raises(ReportFileError, match="文件不存在"):
        extract_text(tmp_path / "none.txt")


def test_docx_gives_paragraphs_and_table_cells_in_document_order(tmp_path: Path) -> None:
    lines = extract_text(build_docx(tmp_path / "r.docx")).text.split("\n")
    assert lines[5:7] == [
        "一、厅（局）长进大厅",
        "本周，**公安厅**二级警务专员王建明到省政务服务大厅窗口调研值守。",
    ]
    # A merged cell is read once, not once per grid column it spans.
    assert [line for line in lines if line][-4:] == [
        "本周，共计咨询 1300 人次、受理 640 件、颁发 1020 件、流转 2200 件次。",
        "报：省政务管理办公室、省中心领导。",
        "发：省级相关部门（单位）窗口。",
        "（共印103份）",
    ]


def test_docx_report_imports_with_its_distribution_from_the_table(tmp_path: Path) -> None:
    doc = parse_file(build_docx(tmp_path / "r.docx"))
    assert (doc.number, doc.serial, doc.copies) == (5, 476, 103)
    assert doc.distribution == {
        "报": "省政务管理办公室、省中心领导。",
        "发": "省级相关部门（单位）窗口。",
    }
    assert [r.text for r in doc.sections[0].paragraphs[0].runs if r.bold] == ["公安厅"]
    assert doc.figures["window.week.transfer"] == 2200


def test_broken_docx_is_a_corrupt_file_error() -> None:
    with pytest.raises(CorruptFileError, match="Word"):
        extract_text(b"PK\x03\x04 not really a zip", ".docx")


def test_text_pdfs_of_both_seeds_give_the_same_report_as_the_text(
    seed_pdfs: dict[str, Path],
) -> None:
    for key, seed, figures in (
        ("2024-4", SEED_2024_4, FIGURES_2024_4),
        ("2023-9", SEED_2023_9, FIGURES_2023_9),
    ):
        from_pdf = parse_file(seed_pdfs[key])
        from_text = read_report(seed.read_text(encoding="utf-8"))
        assert from_pdf.figures == figures
        assert from_pdf.to_parsed() == from_text.to_parsed()
        assert from_pdf.masthead == from_text.masthead


def test_pdf_extraction_counts_its_pages(seed_pdfs: dict[str, Path]) -> None:
    extracted = extract_text(seed_pdfs["2023-9"].read_bytes())  # format told by its signature
    assert extracted.source_format == "pdf"
    assert extracted.pages and extracted.pages >= 2


def test_an_image_only_pdf_is_a_scan_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_only_pdf())
    with pytest.raises(ScannedPDFError, match="扫描件，无文字层"):
        parse_file(path)


def test_a_damaged_pdf_is_a_corrupt_file_error() -> None:
    with pytest.raises(CorruptFileError, match="PDF"):
        extract_text(b"%PDF-1.4\n garbage", ".pdf")


def test_a_chinese_utf16_text_without_bom_is_read_not_called_binary() -> None:
    text = "窗口工作周报\n2024年第4期（总第475期）\n本周综合窗口受理1013件。\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        extracted = extract_text(text.encode(encoding), ".txt")
        assert (extracted.text, extracted.encoding) == (text, encoding)


@pytest.mark.django_db
@pytest.mark.parametrize("suffix, limit_mb", [(".txt", 2), (".docx", 20), (".pdf", 50)])
def test_a_report_file_past_its_kinds_limit_is_refused_and_nothing_stored(
    tmp_path: Path, suffix: str, limit_mb: int
) -> None:
    from servicehall.archive.services import store_report
    from servicehall.reports.models import Issue

    big = tmp_path / f"huge{suffix}"
    with big.open("wb") as stream:
        stream.truncate((limit_mb << 20) + 1)  # sparse: the size is refused before any read
    with pytest.raises(ReportFileError, match=f"超过此类文件的上限 {limit_mb} MiB"):
        store_report(big)
    with pytest.raises(ReportFileError, match="超过此类文件的上限"):
        store_report(big, data=b"x" * ((limit_mb << 20) + 1))
    assert not Issue.objects.exists()


def test_a_docx_that_unpacks_past_the_limit_is_refused(settings: Settings) -> None:
    import io
    import zipfile

    settings.SERVICEHALL_MAX_UNZIPPED_MB = 10
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b" " * (12 << 20))
    with pytest.raises(ReportFileError, match="疑似压缩炸弹"):
        extract_text(out.getvalue(), ".docx")


def scanned(seed: Path) -> tuple[ExtractedText, Document, Document]:
    """The seed printed and scanned at 300 dpi (no text layer), read back; and the original."""
    from servicehall.gbt9704.pdf import render_pdf

    original = read_report(seed.read_text(encoding="utf-8"))
    extracted = extract_text(scans.scan_of(render_pdf(original)), ".pdf")
    return extracted, read_report(extracted.text), original


def metadata(doc: Document) -> tuple[object, ...]:
    return (doc.year, doc.number, doc.serial, doc.issue_date, doc.period_start, doc.period_end)


@pytest.mark.slow
def test_a_scanned_seed_is_read_by_ocr_to_the_seeds_figures() -> None:
    extracted, doc, original = scanned(SEED_2023_9)
    assert extracted.ocr_pages == list(range(1, (extracted.pages or 0) + 1))
    assert extracted.ocr_confidence is not None and extracted.ocr_confidence > 80
    assert "文字由 OCR 识别" in extracted.warnings[-1]
    assert doc.to_parsed()["figures"] == FIGURES_2023_9
    assert metadata(doc) == metadata(original)


@pytest.mark.slow
def test_the_other_scanned_seed_is_read_to_all_its_figures() -> None:
    """2024-4 scanned: chi_sim reads "67.48%" as "67.489%" (confidence 41); the word is read
    again as a number and the figure comes back exact."""
    _, doc, original = scanned(SEED_2024_4)
    assert doc.to_parsed()["figures"] == FIGURES_2024_4 and len(FIGURES_2024_4) == 18
    assert metadata(doc) == metadata(original)


def test_ocr_mends_look_alike_characters_only_where_one_reading_makes_sense() -> None:
    from servicehall.archive.ocr import mend_words

    assert mend_words("共计兑享167.59亿元（减\n负147.59亿元、兑现20亿元）") == (
        "共计兑享167.59亿元（减\n免147.59亿元、兑现20亿元）"
    )
    assert mend_words("颂发1185件") == "颁发1185件"
    assert mend_words("为企业减负，减负增效。") == "为企业减负，减负增效。"  # a word of its own


def test_a_pdf_page_takes_popplers_quotes_only_where_nothing_else_differs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # session 10: pypdf's drawing order sets LibreOffice's “” apart from their words
    from servicehall.archive.extract import _quotes_in_place
    from servicehall.gbt9704 import pdf

    poppler = "第1段中“累计咨询5501人次”有误\f其他“内容”\f无引号\f“扫描”页"
    monkeypatch.setattr(pdf, "pdftotext", lambda data, *options: poppler)
    pypdf = ["第1 “段中 累计咨询5501 ” 人次 有误", "其他“内容”", "无引号", "扫描 “” 页"]
    assert _quotes_in_place(b"", pypdf, {4}) == [
        "第1段中“累计咨询5501人次”有误",  # the marks moved, nothing else: poppler's
        "其他“内容”",  # the same already
        "无引号",
        "扫描 “” 页",  # read by OCR: as read
    ]
    # a page whose characters differ otherwise stays pypdf's
    assert _quotes_in_place(b"", ["第1 “段中 累计咨询5510 ” 人次"], set()) == [
        "第1 “段中 累计咨询5510 ” 人次"
    ]
    # no quotation marks: poppler is not asked
    monkeypatch.setattr(pdf, "pdftotext", lambda data, *options: pytest.fail("asked"))
    assert _quotes_in_place(b"", ["无引号"], set()) == ["无引号"]
