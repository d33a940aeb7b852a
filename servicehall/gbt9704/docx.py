"""DOCX of a report issue in the layout of GB/T 9704-2012 (党政机关公文格式), with python-docx.

Fonts are the official names (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体); a PC with
them shows the official look, and ``fonts/fonts.conf`` maps them to free fonts for the PDF.
The output is byte-identical for the same ``Document`` (fixed dates, fixed zip timestamps),
so a published issue keeps its checksum.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import docx as python_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section as DocxSection
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from servicehall.gbt9704.blocks import (
    IMPRINT_KINDS,
    MASTHEAD_KINDS,
    SPLIT,
    Block,
    Kind,
    document_blocks,
    number_line,
    text_width,
    title_lines,
)
from servicehall.gbt9704.document import LEVEL_SECOND, LEVEL_THIRD, LEVEL_TOP, Document, Run

# GB/T 9704-2012 §5.1 paper A4; §5.2.1 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
TYPE_AREA_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156
# §5.2.3: 22 lines of 28 characters. 225 mm / 22 = 28.95 pt = 579 twips a line.
LINE_PITCH_TWIPS = 579
LINE_SPACING = Pt(28.95)
# 28 characters of 16 pt need 448 pt but the type area is 442.2 pt wide: −0.25 pt each
# (w:spacing counts twentieths of a point) gives 441 pt. NOTES: LibreOffice mis-reads
# Word's negative ``charSpace`` grid; plain character spacing works in both.
CHARACTER_SPACING_TWENTIETHS = -5
# §7.5: the folio's 一字线 sits 7 mm below the type area; a 四号 line needs ~3 mm below it.
FOOTER_DISTANCE_MM = 25

LATIN = "Times New Roman"  # digits and Latin letters (GB/T 9704 leaves them to the face)
FANGSONG = "仿宋_GB2312"  # body, §5.2.2 / §7.3.3
HEITI = "黑体"  # 一、 headings, §7.3.3
KAITI = "楷体_GB2312"  # （一） headings, §7.3.3
XIAOBIAOSONG = "方正小标宋简体"  # the 标志 and the title, §7.2.4 / §7.3.1
SONGTI = "宋体"  # page numbers, §7.5
# fontTable altName: what Word/WPS use on a PC that lacks the _GB2312 / 方正 faces.
ALT_NAMES = {
    FANGSONG: "仿宋",
    KAITI: "楷体",
    XIAOBIAOSONG: "宋体",
    HEITI: "SimHei",
    SONGTI: "SimSun",
}

SIZE_TITLE = Pt(22)  # 二号
# Characters of 二号 on a line of the type area (442 pt / 22 pt): a longer title is broken.
TITLE_CHARS_PER_LINE = int(TYPE_AREA_WIDTH_MM * 72 / 25.4 // SIZE_TITLE.pt)
SIZE_BANNER = Pt(36)  # 小初: a 简报's series name
SIZE_BODY = Pt(16)  # 三号
SIZE_SMALL = Pt(14)  # 四号: 版记 (§7.4.2) and page numbers (§7.5)
RED = RGBColor(0xFF, 0x00, 0x00)
RED_HEX = "FF0000"
# Border widths in eighths of a point. §7.4.1: 版记 first and last rules 0.35 mm (≈1 pt),
# inner rules 0.25 mm (≈0.75 pt). §7.2.7 gives no width for the red line; 1.5 pt is usual.
RULE_RED = 12
RULE_RED_SPACE_PT = 4
# §7.2.7: the red rule 4 mm under the 发文字号's ink (to the rule's middle; the line box's
# descent takes the rest). Measured on the rasterised PDF: 4.0 mm at 8 pt (5.4 mm at 13 pt).
RULE_FILE_NUMBER_SPACE_PT = 8
RULE_THICK = 8
RULE_THIN = 6

THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _tags(names: str) -> tuple[str, ...]:
    return tuple(names.split())


# Schema order of the children we touch (ECMA-376 CT_RPr / CT_PPr / CT_TcPr / CT_TblPr).
RPR_ORDER = _tags(
    "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline "
    "w:shadow w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color "
    "w:spacing w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd "
    "w:fitText w:vertAlign w:rtl w:cs w:em w:lang w:eastAsianLayout w:specVanish w:oMath"
)
PPR_ORDER = _tags(
    "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
    "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
    "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd "
    "w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc "
    "w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle "
    "w:rPr w:sectPr w:pPrChange"
)
TCPR_ORDER = _tags(
    "w:cnfStyle w:tcW w:gridSpan w:hMerge w:vMerge w:tcBorders w:shd w:noWrap w:tcMar "
    "w:textDirection w:tcFitText w:vAlign w:hideMark"
)
TBLPR_ORDER = _tags(
    "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize "
    "w:tblStyleColBandSize w:tblW w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd "
    "w:tblLayout w:tblCellMar w:tblLook"
)


@dataclass(frozen=True)
class StyleSpec:
    """A paragraph style of the issue: its East Asian face and layout."""

    name: str
    east_asia: str
    size: Pt = SIZE_BODY
    bold: bool = False
    red: bool = False
    align: WD_ALIGN_PARAGRAPH | None = None
    first_line_chars: float | None = None  # None: inherit Normal's 2-character indent
    left_chars: float = 0
    right_chars: float = 0
    outline_level: int | None = None
    keep_with_next: bool = False


STYLE_TITLE = StyleSpec(
    "GB Title",
    XIAOBIAOSONG,
    SIZE_TITLE,
    red=True,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    first_line_chars=0,
)
STYLE_BANNER = StyleSpec(
    "GB Banner",
    XIAOBIAOSONG,
    SIZE_BANNER,
    red=True,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    first_line_chars=0,
)
STYLE_MASTHEAD = StyleSpec(
    "GB Masthead", FANGSONG, align=WD_ALIGN_PARAGRAPH.CENTER, first_line_chars=0
)
# 红头文件 (§7.2.4): the 发文机关标志, red 小标宋, as large as the 简报's name when it fits.
STYLE_AUTHORITY = StyleSpec(
    "GB Authority",
    XIAOBIAOSONG,
    SIZE_BANNER,
    red=True,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    first_line_chars=0,
)
# §7.3.1: the file's title, 二号 小标宋, black, under the red rule.
STYLE_HEADLINE = StyleSpec(
    "GB Headline", XIAOBIAOSONG, SIZE_TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, first_line_chars=0
)
# §7.3.5.2: the 落款 of a file without a seal, set from the right.
STYLE_SIGNATURE = StyleSpec(
    "GB Signature", FANGSONG, align=WD_ALIGN_PARAGRAPH.RIGHT, first_line_chars=0
)
# §7.3.3: 一、 黑体, （一） 楷体, 1. 仿宋 (bold here, as the report series prints it).
STYLE_HEADING = {
    LEVEL_TOP: StyleSpec("GB Heading 1", HEITI, outline_level=0, keep_with_next=True),
    LEVEL_SECOND: StyleSpec("GB Heading 2", KAITI, outline_level=1, keep_with_next=True),
    LEVEL_THIRD: StyleSpec(
        "GB Heading 3", FANGSONG, bold=True, outline_level=2, keep_with_next=True
    ),
}
# §7.4.2: 版记 lines in 四号, one character in from either side; wrapped lines align after
# the colon (a hanging indent of the two characters "报：").
STYLE_IMPRINT = StyleSpec(
    "GB Imprint",
    FANGSONG,
    SIZE_SMALL,
    first_line_chars=-2,
    left_chars=3,
    right_chars=1,
    keep_with_next=True,
)
STYLE_COPIES = StyleSpec(
    "GB Copies",
    FANGSONG,
    SIZE_SMALL,
    align=WD_ALIGN_PARAGRAPH.RIGHT,
    first_line_chars=0,
    right_chars=1,
)  # the last row: kept with nothing after it, or the 版记 follows the document's end mark
ALL_STYLES = (
    STYLE_TITLE, STYLE_BANNER, STYLE_MASTHEAD, STYLE_AUTHORITY, STYLE_HEADLINE,
    STYLE_SIGNATURE, *STYLE_HEADING.values(), STYLE_IMPRINT, STYLE_COPIES,
)  # fmt: skip
MASTHEAD_STYLE = {
    Kind.TITLE: STYLE_TITLE,
    Kind.BANNER: STYLE_BANNER,
    Kind.AUTHORITY: STYLE_AUTHORITY,
    Kind.HEADLINE: STYLE_HEADLINE,
}
# §7.2.4: the 发文机关标志's ink starts 35 mm below the type area's top: three grid lines, less
# what ``authority_raise_pt`` computes; the 字号 and rule follow it up, and the line under the
# rule gives it back, so the title and body stay on the grid.
AUTHORITY_LINES_ABOVE = 3
AUTHORITY_DROP_MM = 35
MM_PT = 72 / 25.4
# Where the ink of a 小标宋 line of ``size`` pt begins below its exact-spaced line's top:
# 20.13 pt at 22 pt and 14.34 pt at 36 pt (Noto Serif CJK SC Bold, measured at 600 dpi).
AUTHORITY_INK_OFFSET_PT = (29.23, -0.4136)
# §7.2.4 leaves the size free; a long name is set smaller, never below 二号, then narrowed.
AUTHORITY_MIN_SIZE = SIZE_TITLE


# --- low-level XML helpers -------------------------------------------------------------


def _child(parent: BaseOxmlElement, tag: str, order: Sequence[str]) -> BaseOxmlElement:
    """The ``tag`` child of ``parent``, created in schema order if missing (Word is strict)."""
    found: BaseOxmlElement | None = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    later = {qn(t) for t in order[order.index(tag) + 1 :]}
    for sibling in parent:
        if sibling.tag in later:
            sibling.addprevious(element)
            return element
    parent.append(element)
    return element


def _set_attrs(element: BaseOxmlElement, **attrs: str) -> None:
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)


def set_fonts(rpr: BaseOxmlElement, east_asia: str, latin: str = LATIN) -> None:
    """Name all four faces of a run or style and drop theme fonts (NOTES: they would win).

    ``hint="eastAsia"`` makes Word set the shared punctuation (“”—…) in the Chinese face.
    """
    rfonts = _child(rpr, "w:rFonts", RPR_ORDER)
    for attr in THEME_FONT_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    _set_attrs(rfonts, ascii=latin, hAnsi=latin, cs=latin, eastAsia=east_asia, hint="eastAsia")


def _set_size(rpr: BaseOxmlElement, size: Pt) -> None:
    half_points = str(round(size.pt * 2))
    _set_attrs(_child(rpr, "w:sz", RPR_ORDER), val=half_points)
    _set_attrs(_child(rpr, "w:szCs", RPR_ORDER), val=half_points)


# --- styles and page ---------------------------------------------------------------------


def _strip_theme_fonts(styles_element: BaseOxmlElement) -> None:
    for rfonts in styles_element.iter(qn("w:rFonts")):
        for attr in THEME_FONT_ATTRS:
            rfonts.attrib.pop(qn(attr), None)


def _setup_doc_defaults(styles_element: BaseOxmlElement) -> None:
    """docDefaults: 仿宋 三号, Chinese language, exact grid line spacing, no space after."""
    defaults = styles_element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    set_fonts(rpr, FANGSONG)
    _set_size(rpr, SIZE_BODY)
    _set_attrs(_child(rpr, "w:lang", RPR_ORDER), val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    spacing = _child(ppr, "w:spacing", PPR_ORDER)
    spacing.attrib.clear()
    _set_attrs(spacing, before="0", after="0", line=str(LINE_PITCH_TWIPS), lineRule="exact")
    _declare_line_breaking(ppr)


def _declare_line_breaking(ppr: BaseOxmlElement) -> None:
    """避头尾 and hanging punctuation declared in the document, for every paragraph.

    ``w:kinsoku`` on: the settings' 公文 lists (``_declare_kinsoku_lists``) apply.
    ``w:overflowPunct``: LibreOffice (7.4 to today's writerfilter, DomainMapper.cxx
    ``LN_CT_PPrBase_overflowPunct``) reads it inverted — ``ParaIsHangingPunctuation =
    (val == 0)`` — and with hanging on it prints a justified line's last 、，。 outside the
    line and then drops it (measured: 1–3 marks per seed). ``val="1"`` is what makes every
    LibreOffice lay out without hanging, as the shipped PDF does; in Word and WPS ``1`` is
    their default, so they read the document as they always did. ``w:topLinePunct`` off.
    ``w:autoSpaceDE/DN`` are left at everyone's default (on): LibreOffice ignores them on
    import (the same file: ``break;``), so a declared "off" would part Word from LibreOffice.
    """
    _set_attrs(_child(ppr, "w:kinsoku", PPR_ORDER), val="1")
    _set_attrs(_child(ppr, "w:overflowPunct", PPR_ORDER), val="1")
    _set_attrs(_child(ppr, "w:topLinePunct", PPR_ORDER), val="0")


# GB/T 15834's marks that never start a line (closing) and never end one (opening), for the
# settings' 避头尾 lists (w:noLineBreaksBefore / w:noLineBreaksAfter, zh-CN). Word reads at most
# 100 characters of each (the Open XML SDK's limit: a longer list is a schema error, which Word
# may "repair"), so the list holds Chinese and Western marks only, not the Japanese kana.
KINSOKU_MAX = 100
NO_LINE_START = '!%),.:;?]}¢°·’”"†‡›℃∶、。〃〆〕〗〞﹚﹜！＂％＇），．：；？］｝～–—•〉》」︰︱︲︳﹐﹑﹒﹔﹕﹖﹘︶︸︺︼︾﹀﹂﹗｜､』】〙〟｠»‐〜‼⁇⁈⁉'
NO_LINE_END = "$(£¥·‘“〈《「『【〔〖〝﹙﹛＄（．［｛￡￥〘〚｟«"


def _declare_kinsoku_lists(document: DocxDocument) -> None:
    """settings.xml: the 避头尾 lists for Chinese and no punctuation compression.

    Word and WPS read ``w:noLineBreaksBefore/After`` (zh-CN) into their 自定义 line-breaking
    rules; ``w:characterSpacingControl="doNotCompress"`` keeps every mark a full cell of the
    28-character grid (Word's Chinese default compresses 。，、 at a line's end and breaks
    lines elsewhere); ``w:noPunctuationKerning`` kerns no mark. LibreOffice's writerfilter
    reads none of the four (SettingsTable.cxx: ``break;`` or unhandled): its own defaults — the
    zh-CN locale's forbidden characters, no compression (CharacterCompressionType 0), no kerning
    of Asian punctuation — are what these declare, so all three lay out the same lines.
    ``w:themeFontLang`` names Chinese (python-docx's template says ja-JP).
    """
    settings = document.settings.element
    for tag, marks in (
        ("w:noLineBreaksAfter", NO_LINE_END),
        ("w:noLineBreaksBefore", NO_LINE_START),
    ):
        _set_attrs(_child(settings, tag, SETTINGS_ORDER), lang="zh-CN", val=marks)
    _set_attrs(_child(settings, "w:noPunctuationKerning", SETTINGS_ORDER), val="1")
    _set_attrs(_child(settings, "w:characterSpacingControl", SETTINGS_ORDER), val="doNotCompress")
    _set_attrs(_child(settings, "w:themeFontLang", SETTINGS_ORDER), eastAsia="zh-CN")


# CT_Settings from w:noPunctuationKerning on (ECMA-376 order; Word refuses settings out of it).
SETTINGS_ORDER = _tags(
    "w:noPunctuationKerning w:characterSpacingControl w:printTwoOnOne "
    "w:strictFirstAndLastChars w:noLineBreaksAfter w:noLineBreaksBefore w:savePreviewPicture "
    "w:doNotValidateAgainstSchema "
    "w:saveInvalidXml w:ignoreMixedContent w:alwaysShowPlaceholderText "
    "w:doNotDemarcateInvalidXml w:saveXmlDataOnly w:useXSLTWhenSaving w:saveThroughXslt "
    "w:showXMLTags w:alwaysMergeEmptyNamespace w:updateFields w:hdrShapeDefaults w:footnotePr "
    "w:endnotePr w:compat w:docVars w:rsids m:mathPr w:attachedSchema w:themeFontLang "
    "w:clrSchemeMapping w:doNotIncludeSubdocsInStats w:doNotAutoCompressPictures "
    "w:forceUpgrade w:captions w:readModeInkLockDown w:smartTagType sl:schemaLibrary "
    "w:shapeDefaults w:doNotEmbedSmartTags w:decimalSymbol w:listSeparator"
)


def _setup_normal(document: DocxDocument) -> None:
    """Normal = body text, GB/T 9704-2012 §5.2.3 / §7.3.3: 仿宋 三号, indent 2 characters."""
    normal = document.styles["Normal"]
    rpr = normal.element.get_or_add_rPr()
    set_fonts(rpr, FANGSONG)
    _set_size(rpr, SIZE_BODY)
    _set_attrs(_child(rpr, "w:spacing", RPR_ORDER), val=str(CHARACTER_SPACING_TWENTIETHS))
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Pt(SIZE_BODY.pt * 2)
    fmt.line_spacing = LINE_SPACING
    fmt.space_before = fmt.space_after = Pt(0)
    # No paragraph's last line alone at the top of a page, nor its first alone at the foot
    # (w:widowControl: Word, WPS and LibreOffice keep two lines). The page then ends a line
    # short, its lines still on the grid; headings are kept with their text (keepNext).
    fmt.widow_control = True


def _add_style(document: DocxDocument, spec: StyleSpec) -> None:
    style = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.next_paragraph_style = document.styles["Normal"]
    style.quick_style = True
    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr, spec.east_asia)
    _set_size(rpr, spec.size)
    style.font.bold = spec.bold or None
    if spec.red:
        style.font.color.rgb = RED
    fmt = style.paragraph_format
    if spec.align is not None:
        fmt.alignment = spec.align
    if spec.first_line_chars is not None:
        fmt.first_line_indent = Pt(spec.size.pt * spec.first_line_chars)
    fmt.keep_with_next = spec.keep_with_next or None
    if spec.outline_level is not None:
        ppr = style.element.get_or_add_pPr()
        _set_attrs(_child(ppr, "w:outlineLvl", PPR_ORDER), val=str(spec.outline_level))
    if spec.left_chars:
        fmt.left_indent = Pt(spec.size.pt * spec.left_chars)
    if spec.right_chars:
        fmt.right_indent = Pt(spec.size.pt * spec.right_chars)


def _setup_styles(document: DocxDocument) -> None:
    styles_element = document.styles.element
    _strip_theme_fonts(styles_element)
    _setup_doc_defaults(styles_element)
    _setup_normal(document)
    for spec in ALL_STYLES:
        _add_style(document, spec)
    # The banner takes two lines of the grid exactly: page 1's body stays on the grid.
    document.styles[STYLE_BANNER.name].paragraph_format.line_spacing = Pt(2 * LINE_SPACING.pt)
    for spec in (STYLE_IMPRINT, STYLE_COPIES):
        ppr = document.styles[spec.name].element.get_or_add_pPr()
        _set_attrs(_child(ppr, "w:snapToGrid", PPR_ORDER), val="0")  # see _imprint_line


def _setup_page(section: DocxSection) -> None:
    """A4 portrait, GB/T 9704-2012 margins and the 22-line grid (§5.2)."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    section.header_distance = Mm(15)
    section.gutter = Mm(0)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.attrib.clear()
    _set_attrs(grid, type="lines", linePitch=str(LINE_PITCH_TWIPS))


def _prune_template(document: DocxDocument) -> None:
    """Drop python-docx's thumbnail and Word 2010's stylesWithEffects (theme fonts again)."""
    package_rels = document.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rid)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.rels.pop(rid)


def _add_font_alt_names(document: DocxDocument) -> None:
    """fontTable entries with ``w:altName`` (NOTES: 仿宋_GB2312 → 仿宋 for Word/WPS)."""
    part = document.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(part.blob)
    for name, alt in ALT_NAMES.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), "auto")
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- page numbers ------------------------------------------------------------------------


def _folio_run(
    paragraph: DocxParagraph, text: str = "", field: str | None = None, instr: str = ""
) -> None:
    """A run of the page number: 四号 宋体 in every face (§7.5: 半角宋体阿拉伯数字)."""
    run = paragraph.add_run()
    rpr = run._r.get_or_add_rPr()
    set_fonts(rpr, SONGTI, latin=SONGTI)
    _set_size(rpr, SIZE_SMALL)
    if field:
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), field)
        run._r.append(fld)
    elif instr:
        element = OxmlElement("w:instrText")
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        element.text = instr
        run._r.append(element)
    else:
        run.text = text


def _add_page_field(paragraph: DocxParagraph) -> None:
    """The folio — N — with N a PAGE field, so Word and LibreOffice number the pages."""
    _folio_run(paragraph, "— ")
    _folio_run(paragraph, field="begin")
    _folio_run(paragraph, instr=" PAGE ")
    _folio_run(paragraph, field="separate")
    _folio_run(paragraph, "1")
    _folio_run(paragraph, field="end")
    _folio_run(paragraph, " —")


def _setup_folio(paragraph: DocxParagraph, odd: bool) -> None:
    """§7.5: odd pages right, even pages left, each one character in from the edge."""
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing = 1.0
    if odd:
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = Pt(SIZE_SMALL.pt)
    else:
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.left_indent = Pt(SIZE_SMALL.pt)
    _add_page_field(paragraph)


def _add_footers(document: DocxDocument) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _setup_folio(section.footer.paragraphs[0], odd=True)
    _setup_folio(section.even_page_footer.paragraphs[0], odd=False)


# --- body --------------------------------------------------------------------------------


def _add_run(paragraph: DocxParagraph, text: str, east_asia: str, bold: bool = False) -> None:
    """A run with its East Asian face named on the run itself (Word otherwise guesses)."""
    run = paragraph.add_run(text)
    set_fonts(run._r.get_or_add_rPr(), east_asia)
    if bold:
        run.bold = True


def _add_runs(paragraph: DocxParagraph, runs: Iterable[Run], east_asia: str) -> None:
    for run in runs:
        _add_run(paragraph, run.text, east_asia, run.bold)


def _add_rule_below(paragraph: DocxParagraph, space_pt: float = RULE_RED_SPACE_PT) -> None:
    """§7.2.7 版头中的分隔线: a red line as wide as the type area, as a bottom border."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = _child(ppr, "w:pBdr", PPR_ORDER)
    bottom = OxmlElement("w:bottom")
    _set_attrs(bottom, val="single", sz=str(RULE_RED), space=f"{space_pt:g}", color=RED_HEX)
    borders.append(bottom)
    # The rule's space and width are added to its line: the line is that much shorter, off the
    # grid, so the body below starts on a grid line (before: page 1 a tenth of a line off it,
    # its last grid line left empty).
    paragraph.paragraph_format.line_spacing = Pt(LINE_SPACING.pt - space_pt - RULE_RED / 8)
    _set_attrs(_child(ppr, "w:snapToGrid", PPR_ORDER), val="0")


def _heading_spec(level: int) -> StyleSpec:
    return STYLE_HEADING.get(level, STYLE_HEADING[LEVEL_THIRD])


def _authority_size(text: str) -> float:
    """The 发文机关标志's size in points: 小初 when it fits, else smaller, down to 二号."""
    width = Mm(TYPE_AREA_WIDTH_MM).pt
    size: float = max(AUTHORITY_MIN_SIZE.pt, min(SIZE_BANNER.pt, width / max(len(text), 1)))
    return size


def authority_raise_pt(size: float) -> float:
    """How far above its grid line the 发文机关标志's line starts, for its ink's top edge to
    stand 35 mm below the type area's (§7.2.4): three grid lines are 30.6 mm, and LibreOffice
    sets a glyph's ink top ``a + b × size`` below its exact-spaced line's top (measured on the
    rasterised PDF: ``gbt9704.ink``)."""
    offset = AUTHORITY_INK_OFFSET_PT[0] + AUTHORITY_INK_OFFSET_PT[1] * size
    raise_pt: float = AUTHORITY_LINES_ABOVE * LINE_SPACING.pt + offset - AUTHORITY_DROP_MM * MM_PT
    return raise_pt


def _add_spacer(document: DocxDocument, height_pt: float) -> None:
    """An empty line ``height_pt`` tall, off the grid (exact spacing, not snapped)."""
    paragraph = document.add_paragraph(style=STYLE_MASTHEAD.name)
    paragraph.paragraph_format.line_spacing = Pt(height_pt)
    _set_attrs(_child(paragraph._p.get_or_add_pPr(), "w:snapToGrid", PPR_ORDER), val="0")


def _fit_authority(paragraph: DocxParagraph, text: str) -> None:
    """The 发文机关标志 on one line: 小初 when it fits, else smaller (down to 二号), then
    narrowed (character scale) to the type area's width."""
    width = Mm(TYPE_AREA_WIDTH_MM).pt
    size = _authority_size(text)
    scale = min(100, int(width / (len(text) * size) * 100))
    for run in paragraph.runs:
        rpr = run._r.get_or_add_rPr()
        _set_size(rpr, Pt(size))
        if scale < 100:
            _set_attrs(_child(rpr, "w:w", RPR_ORDER), val=str(scale))


def _write_masthead_block(document: DocxDocument, block: Block, raised: float = 0) -> None:
    """One 版头 line; ``raised``: points the 标志 above was raised by (file form)."""
    spec = MASTHEAD_STYLE.get(block.kind, STYLE_MASTHEAD)
    if block.kind == Kind.AUTHORITY:
        for _ in range(AUTHORITY_LINES_ABOVE - 1):
            document.add_paragraph(style=STYLE_MASTHEAD.name)
        _add_spacer(document, LINE_SPACING.pt - authority_raise_pt(_authority_size(block.text)))
    elif block.kind == Kind.FILE_NUMBER:
        for _ in range(2):  # §7.2.5: 发文机关标志下空二行
            document.add_paragraph(style=STYLE_MASTHEAD.name)
    elif block.kind == Kind.HEADLINE:
        document.add_paragraph(style=STYLE_MASTHEAD.name)  # §7.3.1: 红色分隔线下空二行
    paragraph = document.add_paragraph(style=spec.name)
    if any(run.text == SPLIT for run in block.runs):
        # Issuer left, date right (简报): a right tab stop at the type area's right edge.
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.tab_stops.add_tab_stop(
            Mm(TYPE_AREA_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT
        )
    _add_runs(paragraph, block.runs, spec.east_asia)
    if block.kind == Kind.AUTHORITY:
        _fit_authority(paragraph, block.text)
    if block.rule_below:
        _add_rule_below(
            paragraph,
            RULE_FILE_NUMBER_SPACE_PT if block.kind == Kind.FILE_NUMBER else RULE_RED_SPACE_PT,
        )
        if block.kind == Kind.FILE_NUMBER and raised:
            # The lines the 标志 was raised by come back here: the title is on the grid again.
            _add_spacer(document, LINE_SPACING.pt + raised)
        else:
            document.add_paragraph(style=STYLE_MASTHEAD.name)  # a blank grid line below the rule


def _write_body_block(document: DocxDocument, block: Block) -> None:
    if block.kind == Kind.SIGNATURE:
        paragraph = document.add_paragraph(style=STYLE_SIGNATURE.name)
        pitch = SIZE_BODY.pt + CHARACTER_SPACING_TWENTIETHS / 20  # a character on the grid
        if block.from_left:
            # The date's start, counted from the left edge: Word honours w:autoSpaceDE="0",
            # LibreOffice does not (3.2 pt more at each digit/Chinese change), so a date set
            # from the right would start at a different place in each.
            start = Mm(TYPE_AREA_WIDTH_MM).pt - pitch * (block.right_chars + text_width(block.text))
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.left_indent = Pt(start)
        else:
            paragraph.paragraph_format.right_indent = Pt(pitch * block.right_chars)
        paragraph.paragraph_format.keep_with_next = True  # the issuer never apart from its date
        # No extra space between digits and Chinese: the date's width is then what the 落款's
        # arithmetic counted (LibreOffice added 3.2 pt at each change, 1.5 characters in all).
        ppr = paragraph._p.get_or_add_pPr()
        for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
            _set_attrs(_child(ppr, tag, PPR_ORDER), val="0")
        for run in block.runs:
            _add_run(paragraph, joined_across_scripts(run.text), FANGSONG, run.bold)
        return
    if block.kind == Kind.NOTICE:
        # §7.3.1 标题: 二号 小标宋, centred, a blank grid line under it before the text.
        # A title longer than a line breaks where its words allow (blocks.title_lines), by a
        # line break of its own: LibreOffice, Word and WPS would each break it at the margin.
        paragraph = document.add_paragraph(style=STYLE_HEADLINE.name)
        paragraph.paragraph_format.keep_with_next = True
        for number, line in enumerate(title_lines(block.text, TITLE_CHARS_PER_LINE)):
            if number:
                paragraph.runs[-1].add_break()
            _add_run(paragraph, line, STYLE_HEADLINE.east_asia)
        document.add_paragraph(style=STYLE_MASTHEAD.name).paragraph_format.keep_with_next = True
        return
    if block.kind == Kind.HEADING:
        spec = _heading_spec(block.level)
        paragraph = document.add_paragraph(style=spec.name)
        _add_runs(paragraph, block.runs, spec.east_asia)
        return
    paragraph = document.add_paragraph(style="Normal")
    if block.head:
        # Run-in heading (2023 patrol items): the head in its level's face, then body text.
        spec = _heading_spec(block.level)
        _add_run(paragraph, block.head, spec.east_asia, bold=spec.bold)
    _add_runs(paragraph, block.runs, FANGSONG)


WORD_JOINER = "\u2060"
_SCRIPT_CHANGE = re.compile(
    r"(?<=[0-9A-Za-z])(?=[^\x00-\u2e7f])|(?<=[^\x00-\u2e7f])(?=[0-9A-Za-z])"
)


def joined_across_scripts(text: str) -> str:
    """The text with a word joiner (U+2060, invisible and zero-width) wherever a digit or Latin
    letter meets a Chinese character: "2024\u2060年\u20601\u2060月…".

    LibreOffice adds 20 % of the font's height (3.2 pt at 三号) between Chinese and Latin
    letters or digits unless the paragraph's ``ParaIsCharacterDistance`` is off, and its DOCX
    import ignores ``w:autoSpaceDE/DN="0"`` (``DomainMapper.cxx``: ``break;``); it adds that
    space only where both neighbours are letters or digits (``itrform2.cxx``,
    ``isLetterNumeric``), and a joiner is neither. So the 落款 is as wide in any LibreOffice as
    in Word with the declared "off", and as the 落款's arithmetic counts it, with nothing set
    after loading. The text-reading layer drops the joiner (``core.text.clean_characters``)."""
    return _SCRIPT_CHANGE.sub(WORD_JOINER, text)


def _set_cell_borders(cell_tc: BaseOxmlElement, top: int, bottom: int) -> None:
    tcpr = cell_tc.get_or_add_tcPr()
    borders = _child(tcpr, "w:tcBorders", TCPR_ORDER)
    for side, size in (("top", top), ("left", 0), ("bottom", bottom), ("right", 0)):
        edge = OxmlElement(f"w:{side}")
        if size:
            _set_attrs(edge, val="single", sz=str(size), space="0", color="000000")
        else:
            _set_attrs(edge, val="nil")
        borders.append(edge)


def _setup_imprint_table(table: Table) -> None:
    """A full-width table without cell margins, fixed layout (LibreOffice needs the column)."""
    width = Mm(TYPE_AREA_WIDTH_MM)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    table.columns[0].width = width  # NOTES: LibreOffice ignores widths set only on cells
    tblpr = table._tbl.tblPr
    _set_attrs(_child(tblpr, "w:tblW", TBLPR_ORDER), w=str(round(width.twips)), type="dxa")
    margins = _child(tblpr, "w:tblCellMar", TBLPR_ORDER)
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        _set_attrs(edge, w="0", type="dxa")
        margins.append(edge)
    for row in table.rows:
        row.cells[0].width = width
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))


def _imprint_line(rows: int) -> Pt:
    """The 版记's line spacing: LibreOffice adds each rule's width to its row, so the lines are
    that much shorter (and off the grid, which would round them up) for the rows to keep the
    grid's pitch and the last line to reach the page's last grid line. Before, the 版记 of
    2023-9 (4 rows, 4.25 pt of rules) could not come lower than a line above it."""
    rules_pt = (2 * RULE_THICK + (rows - 1) * RULE_THIN) / 8
    return Pt(LINE_SPACING.pt - rules_pt / max(rows, 1))


def _anchor_at_foot(table: Table) -> None:
    """§7.4.1 末条分隔线与版心下边缘重合, by the document's own structure: a floating table at the
    foot of the type area (vertAnchor margin, YSpec bottom) of its anchor's page — the empty
    paragraph after it. Placed across from the page's edge (horzAnchor page, X = the 订口):
    LibreOffice's writerfilter keeps a table as wide as the type area and placed by the margin
    in the flow (``FloatingTableConversion``), which would print the 版记 under the body."""
    tblpr = table._tbl.tblPr
    position = _child(tblpr, "w:tblpPr", TBLPR_ORDER)
    _set_attrs(
        position,
        leftFromText="0",
        rightFromText="0",
        topFromText="0",
        bottomFromText="0",
        vertAnchor="margin",
        horzAnchor="page",
        tblpX=str(round(Mm(MARGIN_LEFT_MM).twips)),
        tblpYSpec="bottom",
    )
    _set_attrs(_child(tblpr, "w:tblOverlap", TBLPR_ORDER), val="never")


def _write_imprint(document: DocxDocument, blocks: list[Block]) -> None:
    """§7.4.1: 版记 lines between rules, the first and last thicker than those between."""
    if not blocks:
        return
    table = document.add_table(rows=len(blocks), cols=1)
    _setup_imprint_table(table)
    _anchor_at_foot(table)
    last = len(blocks) - 1
    line = _imprint_line(len(blocks))
    for index, block in enumerate(blocks):
        cell = table.cell(index, 0)
        spec = STYLE_COPIES if block.kind == Kind.COPIES else STYLE_IMPRINT
        paragraph = cell.paragraphs[0]
        paragraph.style = document.styles[spec.name]
        paragraph.paragraph_format.line_spacing = line
        _add_runs(paragraph, block.runs, spec.east_asia)
        top = RULE_THICK if index == 0 else RULE_THIN
        bottom = RULE_THICK if index == last else RULE_THIN
        _set_cell_borders(cell._tc, top, bottom)
    document.add_paragraph(style="Normal")  # the table's anchor


def _write_blocks(document: DocxDocument, blocks: list[Block]) -> None:
    masthead = [b for b in blocks if b.kind in MASTHEAD_KINDS]
    authority = next((b for b in masthead if b.kind == Kind.AUTHORITY), None)
    raised = authority_raise_pt(_authority_size(authority.text)) if authority else 0.0
    for block in masthead:
        _write_masthead_block(document, block, raised)
    if masthead and not masthead[-1].rule_below:
        # issuer_first: title and period follow the rule; a blank line before the body.
        document.add_paragraph(style=STYLE_MASTHEAD.name)
    signature = next((b for b in blocks if b.kind == Kind.SIGNATURE), None)
    for block in blocks:
        if block is signature:
            # §7.3.5.2: 正文下空一行. A 落款 never stands on a page without text: the body's
            # last line goes with it.
            if document.paragraphs:
                document.paragraphs[-1].paragraph_format.keep_with_next = True
            document.add_paragraph(style="Normal").paragraph_format.keep_with_next = True
        if block.kind not in MASTHEAD_KINDS | IMPRINT_KINDS:
            _write_body_block(document, block)
    _write_imprint(document, [b for b in blocks if b.kind in IMPRINT_KINDS])


# --- determinism -------------------------------------------------------------------------

FALLBACK_DATE = dt.date(2000, 1, 1)


def _stamp(doc: Document) -> dt.datetime:
    """The issue date at midnight: the document's own date, never the clock."""
    day = doc.issue_date or FALLBACK_DATE
    return dt.datetime(max(day.year, 1980), day.month, day.day)


def _set_core_properties(document: DocxDocument, doc: Document) -> None:
    props = document.core_properties
    props.title = doc.title or ""
    props.subject = number_line(doc) or ""
    props.author = doc.issuer or "ServiceHall"
    props.last_modified_by = "ServiceHall"
    props.comments = ""
    props.revision = 1
    props.created = props.modified = _stamp(doc)


def _stable_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite the package with fixed entry timestamps (python-docx stamps the clock)."""
    date_time = stamp.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render_docx(doc: Document) -> bytes:
    """The issue as a GB/T 9704-2012 DOCX; the same ``doc`` always gives the same bytes."""
    document = python_docx.Document()
    _prune_template(document)
    _setup_styles(document)
    _setup_page(document.sections[0])
    _add_footers(document)
    _declare_kinsoku_lists(document)
    _add_font_alt_names(document)
    _write_blocks(document, document_blocks(doc))
    _set_core_properties(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue(), _stamp(doc))
