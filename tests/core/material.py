"""Test material made the way reports really come, from reports rendered by the project's own
renderers: portal pages with chrome, text whose cells ran together, plain pdftotext output
(numbers torn from their labels), PDFs with a table across a page break, split HTML tables."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from gongkai.core.report import Report
from gongkai.core.report.render import render_html, render_pdf

NAV = (
    '<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>'
    '<li><a href="/hd/">互动交流</a></li></ul></div>'
)
BREADCRUMB = (
    '<div class="{cls}">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a>'
    ' &gt; <a href="/zwgk/nb/">政府信息公开年报</a></div>'
)
SHARE = (
    '<div class="bdsharebuttonbox">分享到：<a>微信</a><a>微博</a><a>QQ空间</a></div>'
    "<p>【字体：<a>大</a> <a>中</a> <a>小</a>】</p><p>【打印本页】 【关闭窗口】</p>"
)
FOOTER = (
    '<div class="footer"><p>主办单位：{agency}办公室</p><p>版权所有：{agency}</p>'
    "<p>网站标识码：3208000001 苏ICP备05000000号</p></div>"
)


def article(report: Report) -> str:
    """The rendered report's body, without its <h1> title."""
    page = render_html(report)
    body = page[page.index("<article") : page.index("</article>") + len("</article>")]
    return re.sub(r"<h1[^>]*>.*?</h1>", "", body, count=1, flags=re.S)


def metadata_table(agency: str, year: int) -> str:
    return (
        '<table class="xxgk-meta"><tr><td>索引号：</td><td>01412345X/2020-00011</td>'
        "<td>分类：</td><td>政府信息公开年报</td></tr>"
        f"<tr><td>发布机构：</td><td>{agency}</td><td>发文日期：</td><td>{year + 1}-01-20</td></tr></table>"
    )


def portal_page(
    report: Report,
    title_html: str,
    page_title: str | None = None,
    meta_table: bool = True,
    crumb_class: str = "breadcrumb",
    signature: bool = False,
) -> bytes:
    """The report as a government portal publishes it: navigation, breadcrumb, share and
    font-size bar, a 发布机构 metadata table, a footer, a <title> with the site's name."""
    agency = report.agency
    page_title = (
        page_title
        if page_title is not None
        else (f"{agency}{report.year}年度政府信息公开工作年度报告_{agency}门户网站")
    )
    sign = f"<p>{agency}</p><p>{report.year + 1}年1月20日</p>" if signature else ""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{page_title}</title></head><body>"
        f"{NAV}{BREADCRUMB.format(cls=crumb_class)}"
        f"{metadata_table(agency, report.year) if meta_table else ''}"
        f'<div class="article">{title_html}{SHARE}{article(report)}{sign}</div>'
        f"{FOOTER.format(agency=agency)}</body></html>"
    ).encode()


def run_together(report: Report, title: str | None = None) -> str:
    """The report's text as a crawler gives it: every table one line, its cells run together."""
    import lxml.html

    root = lxml.html.document_fromstring(render_html(report))
    out = [title or f"{report.agency}{report.year}年政府信息公开工作年度报告"]
    for el in root.find("body").iter("h2", "p", "table"):
        if el.tag == "table":
            out.append("".join("".join(td.text_content().split()) for td in el.iter("td", "th")))
        elif el.getparent().tag not in ("td", "th"):
            out.append(el.text_content().strip())
    return "\n".join(out)


def pdftotext(pdf: bytes, layout: bool = False) -> str:
    """Plain pdftotext (Poppler) of a PDF: without -layout a table's numbers come on lines of
    their own, apart from their labels."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.pdf"
        path.write_bytes(pdf)
        args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def torn_text(report: Report) -> str:
    return pdftotext(render_pdf(report))


def pushed_to_page_bottom(report: Report, lines_of_prose: int) -> Report:
    """The same report with enough prose in 一 that table 三 starts low on a page and runs onto
    the next one."""
    from copy import deepcopy

    pushed = deepcopy(report)
    filler = "本机关认真落实政府信息公开工作要求，持续完善制度机制，提升公开质量。"
    pushed.sections["overview"] = "\n".join([pushed.sections.get("overview", "")] + [filler] * lines_of_prose).strip()
    return pushed


def split_three_table(report: Report, at: int = 14) -> bytes:
    """The report's HTML as a web editor leaves it: table 三 cut into two tables (the rowspan
    of the group cell cut with it), every cell's text inside <p><span>, blank cells holding
    <p><span>&nbsp;</span></p>, and an empty trailing column on every row."""
    page = render_html(report)
    start = page.index("<table", page.index('id="applications"'))
    end = page.index("</table>", start) + len("</table>")
    rows = re.findall(r"<tr.*?</tr>", page[start:end], flags=re.S)

    def wrap(row: str) -> str:
        row = re.sub(
            r"(<t[dh][^>]*>)(.*?)(</t[dh]>)",
            lambda m: f"{m.group(1)}<p><span>{m.group(2) or '&nbsp;'}</span></p>{m.group(3)}",
            row,
        )
        return row.replace("</tr>", "<td><p><span>&nbsp;</span></p></td></tr>")

    first = [wrap(r) for r in rows[:at]]
    rest = [wrap(re.sub(r'<td rowspan="\d+" class="group">.*?</td>', "", r, flags=re.S)) for r in rows[at:]]
    tables = (
        f'<table border="1">{"".join(first)}</table><p><span>&nbsp;</span></p><table border="1">{"".join(rest)}</table>'
    )
    return (page[:start] + tables + page[end:]).encode()


def with_repeated_header(report: Report, lines_of_prose: int) -> bytes:
    """A PDF whose table 三 runs across a page break with its header rows repeated on the next
    page (the header rows in a <thead>, which the PDF renderer repeats)."""
    from weasyprint import HTML

    page = render_html(pushed_to_page_bottom(report, lines_of_prose))
    start = page.index("<table", page.index('id="applications"'))
    body = page.index("<tr", start)
    rows = re.findall(r"<tr.*?</tr>", page[body : page.index("</table>", start)], flags=re.S)
    header = [r for r in rows if "<th" in r]
    page = (
        page[:body]
        + "<thead>"
        + "".join(header)
        + "</thead><tbody>"
        + page[body:].replace("".join(header), "", 1).replace("</table>", "</tbody></table>", 1)
    )
    return HTML(string=page).write_pdf()


def spreadsheet(report: Report, per_section: bool = False) -> bytes:
    """The report as a county office keys it into a spreadsheet (.xlsx): the title in the first
    row, each section's heading, its tables with the template's merged cells and numbers as
    numeric cells, its prose one paragraph a row; or, with per_section, one sheet per section
    (the title repeated on the first)."""
    import io

    from openpyxl import Workbook

    from gongkai.core.report.formats import SECTIONS
    from gongkai.core.report.render.html import report_title
    from gongkai.core.report.render.layout import appeals_grid, applications_grid, simple_grids

    book = Workbook()
    sheet = book.active
    sheet.title = "年报"
    spec = report.spec
    sheet.append([report_title(report)])
    for k, section in enumerate(SECTIONS):
        if per_section and k:
            sheet = book.create_sheet(section.number)
        sheet.append([section.heading])
        if section.code == "proactive":
            grids = simple_grids(report, spec)
        elif section.code == "applications":
            grids = [applications_grid(report, spec)]
        elif section.code == "appeals":
            grids = [appeals_grid(report, spec)]
        else:
            grids = []
            for paragraph in (report.sections.get(section.code) or "").split("\n"):
                if paragraph.strip():
                    sheet.append([paragraph.strip()])
        for grid in grids:
            _sheet_grid(sheet, grid)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_grid(sheet, grid) -> None:
    top = sheet.max_row + 1
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(grid.head + grid.body):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            value: object = cell.text
            if cell.kind == "value" and cell.text:
                value = float(cell.text) if "." in cell.text else int(cell.text)
            sheet.cell(row=top + r, column=1 + c, value=value)
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(
                    start_row=top + r,
                    start_column=1 + c,
                    end_row=top + r + cell.rowspan - 1,
                    end_column=c + cell.colspan,
                )
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan


def soffice_convert(data: bytes, suffix: str, target: str) -> bytes:
    """A file converted by LibreOffice as an office would save it (e.g. .xlsx saved as .xls)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"年报{suffix}"
        source.write_bytes(data)
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                tmp,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return (Path(tmp) / f"年报.{target.split(':')[0]}").read_bytes()
