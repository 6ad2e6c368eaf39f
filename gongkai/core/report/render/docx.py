"""The report as a Word document in the GB/T 9704 manner (gongkai.core.document): A4, 小标宋
title, 黑体 section headings, 仿宋 body, template tables with merged cells, page numbers from a
PAGE field in the footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ... import document as doc
from ..formats import SECTIONS
from ..model import Report
from .html import report_title
from .layout import Grid, appeals_grid, applications_grid, simple_grids

if TYPE_CHECKING:
    from docx.document import Document


def render_docx(report: Report, *, note: str = "", letterhead: str = "") -> bytes:
    """`note` (a correction's 更正说明) goes under the title, `letterhead` (发文机关标志) above it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = doc.docx_document()
    if letterhead:
        head = document.add_paragraph()
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.docx_run(head, letterhead, doc.TITLE_FONTS, doc.LETTERHEAD_PT, rgb=doc.LETTERHEAD_RGB)
    doc.docx_title(document, report_title(report))
    if note:
        doc.docx_body(document, note, bold=True)
    spec = report.spec
    for s in SECTIONS:
        doc.docx_run(document.add_paragraph(), s.heading, doc.HEADING_FONTS, doc.HEADING_PT)
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
                    doc.docx_body(document, line.strip())
        for grid in grids:
            _table(document, grid)
            document.add_paragraph()
    doc.docx_page_number(document.sections[0])
    return doc.docx_bytes(document)


def _table(document: Document, grid: Grid) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    rows = grid.head + grid.body
    table = document.add_table(rows=len(rows), cols=grid.width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Fetch every cell once: table.cell() rebuilds the whole grid on each call. Merged regions
    # never overlap, so the fetched cells stay valid while others are merged.
    flat = table._cells
    fetched = [flat[i * grid.width : (i + 1) * grid.width] for i in range(len(rows))]
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
            doc.docx_run(paragraph, cell.text, doc.BODY_FONTS, doc.TABLE_PT)
            c += cell.colspan
