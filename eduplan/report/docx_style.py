"""公文 page and type for the DOCX report (after GB/T 9704-2012).

Page: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; page number "— n —"
in 4号 宋体 at the outer edge as GB/T 9704 asks: odd pages right, even pages left, one
character in from the edge (odd and even footers).

Fonts requested in the document (East Asian font set with ``w:eastAsia``; the Latin
slots name the same font, so digits match the text; the template's theme-font attributes
are removed, because they override explicit fonts):

=============  ======================  =====  =================================
role           font requested          size   fallback named in ``fonts.conf``
=============  ======================  =====  =================================
title          方正小标宋简体             22 pt  Noto Serif CJK SC, WenQuanYi Micro Hei
body           仿宋_GB2312               16 pt  仿宋, FangSong, Noto Serif CJK SC, …
heading 一、    黑体                      16 pt  SimHei, Noto Sans CJK SC, …
heading （一）  楷体_GB2312               16 pt  楷体, KaiTi, Noto Serif CJK SC, …
tables         仿宋_GB2312               10.5   as body
captions       黑体                      12 pt  as heading 一、
page number    宋体                      14 pt  SimSun, Noto Serif CJK SC, …
=============  ======================  =====  =================================

A DOCX cannot carry a fallback list: Word and WPS use the named fonts where they are
installed (as on most government PCs). On this Linux machine none of them is installed;
LibreOffice then asks fontconfig, which by default maps every one of them to DejaVu Sans
and takes the Chinese glyphs from WenQuanYi Micro Hei — everything sans-serif. Pointing
``FONTCONFIG_FILE`` at ``eduplan/report/templates/fonts.conf`` (the tests do, see
``tests/report/test_pdf.py``) gives the fallbacks in the table: Noto Serif CJK SC for the
serif roles and Noto Sans CJK SC for 黑体 (``pdffonts`` then lists NotoSerifCJKjp and
NotoSansCJKjp: LibreOffice names the first face of the .ttc collection).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
TABLE_SIZE = Pt(10.5)  # 五号
CAPTION_SIZE = Pt(12)  # 小四
LINE = Pt(28)  # fixed line pitch: 22 lines on the type area
INDENT = Pt(32)  # two characters of 三号
BLACK = RGBColor(0, 0, 0)

TITLE_STYLE = "Report Title"
TABLE_STYLE = "Table Text"
TABLE_HEAD_STYLE = "Table Head"
CAPTION_STYLE = "Caption Text"
FIGURE_STYLE = "Figure"
DATE_STYLE = "Signature Date"
ADDRESSEE_STYLE = "Addressee"


def fontconfig_file() -> Path:
    """The fontconfig file naming the fallbacks of the table above."""
    return Path(str(files("eduplan.report") / "templates" / "fonts.conf"))


def set_font(style_or_run, name: str, size: Pt | None = None, *, bold: bool | None = None) -> None:
    """Name ``name`` for the Latin and East Asian slots of a style or run."""
    font = style_or_run.font
    font.name = name
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    element = style_or_run.element if hasattr(style_or_run, "style_id") else style_or_run._element
    rpr = element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def set_up(doc: DocxDocument) -> None:
    """Page size, margins, footer page numbers and every style the report uses."""
    _page(doc)
    _strip_theme_fonts(doc)
    styles = doc.styles
    normal = styles["Normal"]
    set_font(normal, BODY_FONT, BODY_SIZE)
    _spacing(normal, indent=INDENT, exact=LINE)
    for name, font in (("Heading 1", HEADING1_FONT), ("Heading 2", HEADING2_FONT)):
        st = styles[name]
        set_font(st, font, BODY_SIZE, bold=False)
        st.font.italic = False
        st.font.color.rgb = BLACK
        _spacing(st, indent=INDENT, exact=LINE)
        st.paragraph_format.keep_with_next = True
    _paragraph_style(doc, TITLE_STYLE, TITLE_FONT, TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(24))
    _paragraph_style(doc, TABLE_STYLE, BODY_FONT, TABLE_SIZE)
    _paragraph_style(doc, TABLE_HEAD_STYLE, HEADING1_FONT, TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(doc, CAPTION_STYLE, HEADING1_FONT, CAPTION_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER,
                     before=Pt(6), after=Pt(6)).paragraph_format.keep_with_next = True
    _paragraph_style(doc, FIGURE_STYLE, BODY_FONT, TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER,
                     before=Pt(6)).paragraph_format.keep_with_next = True
    date = _paragraph_style(doc, DATE_STYLE, BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.RIGHT, before=LINE)
    date.paragraph_format.right_indent = Pt(64)
    date.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    date.paragraph_format.line_spacing = LINE
    addressee = _paragraph_style(doc, ADDRESSEE_STYLE, BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT)
    addressee.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    addressee.paragraph_format.line_spacing = LINE


def _page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    doc.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(14)
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(14)
    _page_number(even)


def _page_number(paragraph) -> None:
    """"— n —" as a PAGE field in 4号 宋体."""
    paragraph.paragraph_format.first_line_indent = Pt(0)
    parts: list[tuple[str, str | None]] = [("text", "— "), ("begin", None), ("instr", " PAGE "), ("separate", None),
                                           ("text", "1"), ("end", None), ("text", " —")]
    for kind, value in parts:  # one element per run, as Word writes a field
        run = paragraph.add_run(value if kind == "text" else None)
        set_font(run, PAGE_NUMBER_FONT, Pt(14))
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = value
            run._element.append(instr)
        elif kind != "text":
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)


def _strip_theme_fonts(doc: DocxDocument) -> None:
    """Theme fonts override explicit ones; the template also declares eastAsia="en-US"."""
    root = doc.styles.element
    for el in root.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            el.attrib.pop(qn(attr), None)
    for el in root.iter(qn("w:lang")):
        el.set(qn("w:eastAsia"), "zh-CN")


def _spacing(style, *, indent=None, exact=None, before=Pt(0), after=Pt(0)) -> None:
    pf = style.paragraph_format
    pf.first_line_indent = indent if indent is not None else Pt(0)
    pf.space_before, pf.space_after = before, after
    if exact is not None:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = exact
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _paragraph_style(doc: DocxDocument, name: str, font: str, size: Pt, *, align=None, before=Pt(0),
                     after=Pt(0)) -> ParagraphStyle:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    set_font(style, font, size)
    _spacing(style, before=before, after=after)
    if align is not None:
        style.paragraph_format.alignment = align
    return style
