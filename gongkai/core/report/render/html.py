"""The report as the HTML page an agency publishes: six sections, template tables."""

from __future__ import annotations

from html import escape

from ... import document as doc
from ..formats import SECTIONS
from ..model import Report
from .layout import Cell, Grid, appeals_grid, applications_grid, simple_grids

TABLE_CSS = f"""
.gk-report {{ max-width: 960px; margin: 0 auto; }}
.gk-report table {{ border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; font-size: {doc.TABLE_PT:g}pt;
  line-height: 1.35; page-break-inside: auto; }}
.gk-report th, .gk-report td {{ border: 0.75pt solid #000; padding: 2pt 3pt; text-align: center;
  vertical-align: middle; font-weight: normal; }}
.gk-report td.label {{ text-align: left; }}
.gk-report td.group {{ width: 1.6em; }}
.gk-report tr {{ page-break-inside: avoid; }}
"""


def report_title(report: Report) -> str:
    return f"{report.agency}{report.year}年政府信息公开工作年度报告"


def render_html(report: Report, *, note: str = "", letterhead: str = "") -> str:
    """A complete HTML page; the parser reads it back to the same Report.

    `note` (a correction's 更正说明, as the page should print it) goes under the title; `letterhead`
    (发文机关标志) above it."""
    spec = report.spec
    title = report_title(report)
    parts = ['<div class="gk-report">']
    if letterhead:
        parts += [f'<p class="letterhead">{escape(letterhead)}</p>', '<hr class="rule">']
    parts.append(f"<h1>{escape(title)}</h1>")
    if note:
        parts.append(f'<p class="correction note"><strong>{escape(note)}</strong></p>')
    for section in SECTIONS:
        parts.append(f'<h2 id="{section.code}">{escape(section.heading)}</h2>')
        if section.code == "proactive":
            parts += [_table(g) for g in simple_grids(report, spec)]
        elif section.code == "applications":
            parts.append(_table(applications_grid(report, spec)))
        elif section.code == "appeals":
            parts.append(_table(appeals_grid(report, spec)))
        else:
            parts += _paragraphs(report.sections.get(section.code, ""))
    parts.append("</div>")
    return doc.html_page(title, parts, css=TABLE_CSS)


def _paragraphs(text: str) -> list[str]:
    return [f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip()]


def _table(grid: Grid) -> str:
    out = [f'<table class="gk-table" data-table="{grid.code}">', "<thead>"]
    for row in grid.head:
        out.append("<tr>" + "".join(_cell(c, "th") for c in row) + "</tr>")
    out.append("</thead><tbody>")
    for row in grid.body:
        out.append("<tr>" + "".join(_cell(c, "td") for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _cell(cell: Cell, tag: str) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.kind in ("label", "group"):
        attrs += f' class="{cell.kind}"'
    return f"<{tag}{attrs}>{escape(cell.text)}</{tag}>"
