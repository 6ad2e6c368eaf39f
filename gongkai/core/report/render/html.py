"""The report as the HTML page an agency publishes: six sections, template tables."""
from __future__ import annotations

from html import escape

from ..formats import SECTIONS
from ..model import Report
from .layout import Grid, appeals_grid, applications_grid, simple_grids

TITLE_FONTS = '"方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "小标宋", "华文中宋", ' \
              '"Noto Serif CJK SC", serif'
BODY_FONTS = '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", serif'
HEADING_FONTS = '"黑体", "SimHei", "Noto Sans CJK SC", sans-serif'

# GB/T 9704 page: A4, margins 37/26/35/28 mm, page number centred at the foot.
CSS = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-center {{ content: "— " counter(page) " —"; font-family: {BODY_FONTS}; font-size: 14pt; }} }}
body {{ font-family: {BODY_FONTS}; font-size: 16pt; line-height: 1.75; color: #000; }}
.gk-report {{ max-width: 960px; margin: 0 auto; }}
.gk-report h1 {{ font-family: {TITLE_FONTS}; font-size: 22pt; font-weight: normal; text-align: center;
  line-height: 1.4; margin: 0 0 1em; }}
.gk-report h2 {{ font-family: {HEADING_FONTS}; font-size: 16pt; font-weight: normal; margin: 0.6em 0 0.3em; }}
.gk-report p {{ text-indent: 2em; margin: 0; }}
.gk-report table {{ border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; font-size: 10pt;
  line-height: 1.35; page-break-inside: auto; }}
.gk-report th, .gk-report td {{ border: 0.75pt solid #000; padding: 2pt 3pt; text-align: center;
  vertical-align: middle; font-weight: normal; }}
.gk-report td.label {{ text-align: left; }}
.gk-report td.group {{ width: 1.6em; }}
.gk-report tr {{ page-break-inside: avoid; }}
"""


def render_html(report: Report) -> str:
    """A complete HTML page; the parser reads it back to the same Report."""
    spec = report.spec
    title = f"{report.agency}{report.year}年政府信息公开工作年度报告"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}</style></head><body>",
        '<article class="gk-report">',
        f"<h1>{escape(title)}</h1>",
    ]
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
    parts += ["</article>", "</body></html>"]
    return "\n".join(parts)


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


def _cell(cell, tag: str) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.kind in ("label", "group"):
        attrs += f' class="{cell.kind}"'
    return f"<{tag}{attrs}>{escape(cell.text)}</{tag}>"
