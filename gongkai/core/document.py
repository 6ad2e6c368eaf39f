"""One document stack for everything gongkai prints: annual reports and letters to applicants.

The page follows GB/T 9704-2012 (党政机关公文格式): A4 paper; margins top 37 mm, bottom 35 mm,
left 28 mm, right 26 mm; the title in 小标宋 二号 (22 pt), the body in 仿宋_GB2312 三号 (16 pt),
headings in 黑体 三号; every body paragraph indented two characters; the 发文机关署名 and the
date at the right, four characters from the margin, with room above them for the seal; 附注 (the
contact person and phone) under the date; the page number centred at the foot. A font that is not
installed falls back to the installed Noto CJK family, so a PDF never shows empty boxes.

HTML (and the PDF WeasyPrint prints from it) and DOCX are drawn from these constants; nothing else
names a margin or a font.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # python-docx is imported when a DOCX is made, not at start-up
    from docx.document import Document
    from docx.section import Section
    from docx.text.paragraph import Paragraph


@dataclass(frozen=True)
class Margins:
    top: float
    bottom: float
    left: float
    right: float


PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGINS_MM = Margins(top=37, bottom=35, left=28, right=26)

TITLE_PT = 22.0  # 二号
BODY_PT = 16.0  # 三号
HEADING_PT = 16.0
LETTERHEAD_PT = 26.0  # 发文机关标志, a little larger than the title
FOOTER_PT = 14.0  # 四号 page number
TABLE_PT = 10.5  # 五号: a report's tables have up to 10 columns
INDENT_CHARS = 2  # first-line indent of a body paragraph
SIGN_RIGHT_CHARS = 4  # 成文日期右空四字 (with a seal)
SEAL_SPACE_LINES = 2  # blank lines above the 署名: the seal presses on 署名 and date (GB/T 9704 7.3.5.1)
LETTERHEAD_RGB = (0xC0, 0x00, 0x00)

TITLE_FONTS = ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "小标宋", "华文中宋", "Noto Serif CJK SC")
HEADING_FONTS = ("黑体", "SimHei", "Noto Sans CJK SC")
BODY_FONTS = ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC")
LATIN_FONT = "Times New Roman"  # digits and Latin letters, as GB/T 9704 documents print them


def css_fonts(fonts: tuple[str, ...], generic: str) -> str:
    return ", ".join(f'"{f}"' for f in fonts) + f", {generic}"


TITLE_CSS = css_fonts(TITLE_FONTS, "serif")
HEADING_CSS = css_fonts(HEADING_FONTS, "sans-serif")
BODY_CSS = css_fonts(BODY_FONTS, "serif")


def page_css() -> str:
    """The print page and the classes both reports and letters use."""
    m = MARGINS_MM
    red = "#{:02x}{:02x}{:02x}".format(*LETTERHEAD_RGB)
    return f"""
@page {{ size: A4; margin: {m.top:g}mm {m.right:g}mm {m.bottom:g}mm {m.left:g}mm;
  @bottom-center {{ content: "— " counter(page) " —"; font-family: {BODY_CSS}; font-size: {FOOTER_PT:g}pt; }} }}
body {{ font-family: {BODY_CSS}; font-size: {BODY_PT:g}pt; line-height: 1.75; color: #000; }}
.gk-doc h1 {{ font-family: {TITLE_CSS}; font-size: {TITLE_PT:g}pt; font-weight: normal; text-align: center;
  line-height: 1.4; margin: 0 0 1em; }}
.gk-doc h2 {{ font-family: {HEADING_CSS}; font-size: {HEADING_PT:g}pt; font-weight: normal; margin: 0.6em 0 0.3em; }}
.gk-doc p {{ text-indent: {INDENT_CHARS}em; margin: 0; }}
.gk-doc p.note {{ font-weight: bold; }}
.gk-doc .letterhead {{ font-family: {TITLE_CSS}; font-size: {LETTERHEAD_PT:g}pt; color: {red}; text-align: center;
  margin: 0 0 0.2em; text-indent: 0; }}
.gk-doc .rule {{ border: 0; border-top: 1.5pt solid {red}; margin: 0.2em 0 1.2em; }}
.gk-doc p.number {{ text-align: center; text-indent: 0; margin-bottom: 0.6em; }}
.gk-doc p.to {{ text-indent: 0; }}
.gk-doc .sign {{ margin-top: {SEAL_SPACE_LINES * 1.75:g}em; text-align: right; padding-right: {SIGN_RIGHT_CHARS}em; }}
.gk-doc .sign p {{ text-indent: 0; }}
.gk-doc p.contact {{ margin-top: 1em; }}
"""


# ---- fonts on this machine ----


@lru_cache(maxsize=1)
def installed_fonts() -> frozenset[str]:
    """Font family names fontconfig knows on this machine (empty when it cannot be asked)."""
    if not shutil.which("fc-list"):
        return frozenset()
    try:
        out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(","))


def pick_font(candidates: tuple[str, ...]) -> str:
    """The first GB/T 9704 font installed, else the first name (Word substitutes on its side)."""
    fonts = installed_fonts()
    return next((f for f in candidates if f in fonts), candidates[0])


# ---- PDF ----


def pdf_from_html(page: str) -> bytes:
    """Print an HTML page of this stack with WeasyPrint (CJK fonts embedded, subset)."""
    import weasyprint

    # WeasyPrint logs every CSS property it ignores; the page uses only what it supports.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    data: bytes = weasyprint.HTML(string=page).write_pdf()
    return data


def html_page(title: str, body: list[str], *, css: str = "", lang: str = "zh-CN") -> str:
    """A complete page of this stack around body parts (already escaped HTML); `css` adds the
    rules of one kind of document (a report's tables)."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{lang}"><head><meta charset="utf-8">',
            f"<title>{escape(title)}</title>",
            f"<style>{page_css()}{css}</style></head><body>",
            '<article class="gk-doc">',
            *body,
            "</article>",
            "</body></html>",
        ]
    )


# ---- DOCX ----


def docx_document() -> Document:
    """An empty A4 Word document with GB/T 9704 margins, body font and size."""
    import docx
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM.top), Mm(MARGINS_MM.bottom)
    section.left_margin, section.right_margin = Mm(MARGINS_MM.left), Mm(MARGINS_MM.right)
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_font(normal.element.get_or_add_rPr(), pick_font(BODY_FONTS))
    return document


def set_font(rpr: Any, name: str) -> None:
    """Chinese text in `name`; Word takes CJK fonts from w:eastAsia, not from the Latin name."""
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), name)


def docx_run(
    paragraph: Paragraph,
    text: str,
    fonts: tuple[str, ...] = BODY_FONTS,
    size: float = BODY_PT,
    *,
    bold: bool = False,
    rgb: tuple[int, int, int] | None = None,
) -> None:
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold or None
    if rgb is not None:
        run.font.color.rgb = RGBColor(*rgb)
    set_font(run._element.get_or_add_rPr(), pick_font(fonts))


def docx_title(document: Document, text: str) -> Paragraph:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    docx_run(paragraph, text, TITLE_FONTS, TITLE_PT)
    return paragraph


def docx_body(document: Document, text: str, *, indent: bool = True, bold: bool = False) -> Paragraph:
    """A body paragraph, indented two characters; line breaks inside `text` are kept."""
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(INDENT_CHARS * BODY_PT)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        docx_run(paragraph, line, bold=bold)
        if i < len(lines) - 1:
            paragraph.runs[-1].add_break()
    return paragraph


def docx_page_number(section: Section) -> None:
    """— N — centred in the footer, from a PAGE field."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    docx_run(paragraph, "— ", BODY_FONTS, FOOTER_PT)
    for kind, text in (("begin", ""), ("", " PAGE "), ("separate", ""), ("", "1"), ("end", "")):
        run = paragraph.add_run()
        run.font.size = Pt(FOOTER_PT)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._element.append(fld)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
        else:
            run.text = text
    docx_run(paragraph, " —", BODY_FONTS, FOOTER_PT)


def docx_bytes(document: Document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
