"""The slips the window hands out (窗口单据): the acceptance notice (受理通知书) given to the
applicant at 受理, and the transfer slip (流转单) that goes with the file to the back office.

Built as DOCX (python-docx, A4, 黑体 title and 仿宋 body as the hall's other documents, mapped to
the free faces by the reports app's fonts.conf) and printed as PDF through ``core.office``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from servicehall.cases.models import Case, CaseEvent, EventKind
from servicehall.core import office
from servicehall.core.text import chinese_date
from servicehall.org.models import Center

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run


TITLE_FACE, BODY_FACE = "黑体", "仿宋_GB2312"


class SlipUnavailable(ValueError):
    """The case has not reached the step the slip records (shown to the clerk)."""


@dataclass(frozen=True)
class Slip:
    """One slip: what it is called, its file name, and its DOCX."""

    title: str
    filename: str
    docx: bytes

    def pdf(self) -> bytes:
        return office.docx_to_pdf(self.docx)


def _center_name(case: Case) -> str:
    """The center whose window prints the slip: the case's department's (a county's case, the
    county's name), else the default center's."""
    center = case.department.center if case.department is not None else None
    center = center or Center.objects.filter(is_default=True).first() or Center.objects.first()
    return center.name if center else "政务服务中心"


def _face(run: Run, face: str, size: float, bold: bool = False) -> None:
    run.font.name = face
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), face)


def _document() -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(26)
    return doc


def _para(doc: DocxDocument, text: str, *, size: float = 14, bold: bool = False,
          face: str = BODY_FACE, align: WD_ALIGN_PARAGRAPH | None = None,
          indent: bool = False, space_after: float = 6) -> Paragraph:  # fmt: skip
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    _face(paragraph.add_run(text), face, size, bold)
    return paragraph


def _table(doc: DocxDocument, rows: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Mm(40), Mm(118)
        for cell, text, bold in ((cells[0], label, True), (cells[1], value, False)):
            _face(cell.paragraphs[0].add_run(text), BODY_FACE, 12, bold)


def _bytes(doc: DocxDocument) -> bytes:
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _when(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{chinese_date(local.date())} {local:%H:%M}"


def _materials(case: Case) -> str:
    items = case.handling_item.material_list if case.handling_item else []
    return "\n".join(f"{n}. {m}" for n, m in enumerate(items, 1)) or "（办理项未登记材料清单）"


def acceptance_notice(case: Case) -> Slip:
    """受理通知书 of an accepted case."""
    if case.accepted_at is None:
        raise SlipUnavailable(f"办件 {case.case_no} 未在本中心受理，没有受理通知书")
    item = case.handling_item
    center = _center_name(case)
    doc = _document()
    _para(doc, "受理通知书", size=22, face=TITLE_FACE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, f"编号：{case.case_no}", size=12, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, f"{case.applicant or '申请人'}：")
    promise = (
        f"承诺办结时限为{case.promised_days}个工作日，承诺办结日期为"
        f"{chinese_date(case.promised_by)}（遇法定节假日顺延）。"
        if case.promised_by and case.promised_days
        else "该办理项未设承诺时限，办理结果将另行告知。"
    )
    _para(
        doc,
        f"你（单位）于{_when(case.accepted_at)}提交的“{item.name if item else '办件'}”申请，"
        "经审查，申请材料齐全、符合法定形式，本中心决定予以受理。" + promise,
        indent=True,
    )
    _table(
        doc,
        [
            ("办理部门", str(case.department or "")),
            ("办理项", f"{item.name}（{item.code}）" if item else ""),
            ("收取材料", _materials(case)),
            ("收费标准", item.fees if item and item.fees else "不收费"),
            ("受理窗口", case.accepted_window or ""),
            ("受理人", _staff(case, EventKind.ACCEPT)),
        ],
    )
    _para(doc, "")
    _para(doc, center, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, chinese_date(timezone.localtime(case.accepted_at).date()),
          align=WD_ALIGN_PARAGRAPH.RIGHT)  # fmt: skip
    return Slip("受理通知书", f"受理通知书-{case.case_no}", _bytes(doc))


def transfer_slip(case: Case) -> Slip:
    """流转单 of a case's latest 流转."""
    transfer = _latest(case, EventKind.TRANSFER)
    if transfer is None:
        raise SlipUnavailable(f"办件 {case.case_no} 尚未流转，没有流转单")
    item = case.handling_item
    count = _steps(case, EventKind.TRANSFER).count()
    doc = _document()
    _para(doc, "办件流转单", size=22, face=TITLE_FACE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, f"{_center_name(case)}综合窗口", size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _table(
        doc,
        [
            ("办件编号", case.case_no),
            ("申请人", case.applicant),
            ("办理部门", str(case.department or "")),
            ("办理项", f"{item.name}（{item.code}）" if item else ""),
            ("受理时间", _when(case.accepted_at) if case.accepted_at else "他处受理"),
            ("受理窗口", case.accepted_window or ""),
            ("承诺办结日期", chinese_date(case.promised_by) if case.promised_by else "无承诺时限"),
            ("流转时间", _when(transfer.occurred_at) + f"（第{count}次流转）"),
            ("流转窗口", transfer.window_code),
            ("移交材料", _materials(case)),
            ("移交人", transfer.staff_ref),
            ("接收人（签字）", ""),
            ("接收时间", ""),
        ],
    )
    return Slip("流转单", f"流转单-{case.case_no}", _bytes(doc))


SLIPS = {"accept": acceptance_notice, "transfer": transfer_slip}


def _steps(case: Case, kind: str) -> QuerySet[CaseEvent]:
    steps = case.events.filter(kind=kind)
    if case.accepted_at is not None:
        # The log keeps no index on its case (NOTES-performance): its day index bounds the scan.
        steps = steps.filter(occurred_on__gte=timezone.localtime(case.accepted_at).date())
    return steps


def _latest(case: Case, kind: str) -> CaseEvent | None:
    return _steps(case, kind).order_by("-occurred_at", "-id").first()


def _staff(case: Case, kind: str) -> str:
    event = _latest(case, kind)
    return event.staff_ref if event else ""
