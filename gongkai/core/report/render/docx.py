"""The report as a Word document in the GB/T 9704 manner: A4, 小标宋 title, 黑体 section headings,
仿宋 body, template tables with merged cells, page numbers from a PAGE field in the footer."""
from __future__ import annotations

import io
import shutil
import subprocess
from functools import lru_cache

from ..formats import SECTIONS
from ..model import Report
from .layout import Grid, appeals_grid, applications_grid, simple_grids

TITLE_FONTS = ("方正小标宋简体", "方正小标宋_GBK", "小标宋", "华文中宋", "Noto Serif CJK SC")
HEADING_FONTS = ("黑体", "SimHei", "Noto Sans CJK SC")
BODY_FONTS = ("仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC")


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
    """The first GB/T 9704 font installed, else the installed CJK fallback, else the first name."""
    fonts = installed_fonts()
    return next((f for f in candidates if f in fonts), candidates[0])


def render_docx(report: Report) -> bytes:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    title_font, heading_font, body_font = (pick_font(TITLE_FONTS), pick_font(HEADING_FONTS),
                                           pick_font(BODY_FONTS))
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    _set_font(normal.element.get_or_add_rPr(), body_font)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, f"{report.agency}{report.year}年政府信息公开工作年度报告", title_font, Pt(22))
    spec = report.spec
    for s in SECTIONS:
        _run(document.add_paragraph(), s.heading, heading_font, Pt(16))
        if s.code == "proactive":
            grids = simple_grids(report, spec)
        elif s.code == "applications":
            grids = [applications_grid(report, spec)]
        elif s.code == "appeals":
            grids = [appeals_grid(report, spec)]
        else:
            grids = []
            for line in report.sections.get(s.code, "").splitlines():
                if line.strip():
                    p = document.add_paragraph()
                    p.paragraph_format.first_line_indent = Pt(32)
                    _run(p, line.strip(), body_font, Pt(16))
        for grid in grids:
            _table(document, grid, body_font, WD_TABLE_ALIGNMENT.CENTER, Pt(10.5))
            document.add_paragraph()
    _page_number_footer(section, body_font)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _set_font(rpr, name: str) -> None:
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    # Latin digits in Times New Roman as GB/T 9704 documents do; Chinese in the CJK font.
    fonts.set(qn("w:ascii"), "Times New Roman")
    fonts.set(qn("w:hAnsi"), "Times New Roman")
    fonts.set(qn("w:eastAsia"), name)


def _run(paragraph, text: str, font: str, size) -> None:
    run = paragraph.add_run(text)
    run.font.size = size
    _set_font(run._element.get_or_add_rPr(), font)


def _table(document, grid: Grid, font: str, align, size) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    rows = grid.head + grid.body
    table = document.add_table(rows=len(rows), cols=grid.width)
    table.style = "Table Grid"
    table.alignment = align
    # Fetch every cell once: table.cell() rebuilds the whole grid on each call. Merged regions
    # never overlap, so the fetched cells stay valid while others are merged.
    flat = table._cells
    fetched = [flat[i * grid.width:(i + 1) * grid.width] for i in range(len(rows))]
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            target = fetched[r][c]
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(fetched[r + cell.rowspan - 1][c + cell.colspan - 1])
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            paragraph = target.paragraphs[0]
            if cell.kind != "label":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(paragraph, cell.text, font, size)
            c += cell.colspan


def _page_number_footer(section, font: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", font, Pt(14))
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(14)
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
    _run(paragraph, " —", font, Pt(14))
