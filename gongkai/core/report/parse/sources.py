"""Bring each kind of input to lines: HTML and DOCX tables and PDF tables become grid rows with
merged cells expanded (a covered position is dropped, an empty cell stays a blank), and text
outside tables becomes plain lines in reading order."""

from __future__ import annotations

import io
import re
from contextlib import contextmanager
from typing import Any, Iterator

from ..model import UnreadableReport
from .lines import Line, is_page_mark, text_lines
from .meta import PageMeta

COVERED = object()  # a grid position covered by a merged cell
ABSENT = object()  # a grid position no cell reaches (a short row)


def grid_line(row: list[object], page: int | None = None, line: int | None = None) -> Line | None:
    """One grid row as a line: covered and absent positions dropped, blanks kept."""
    # whitespace inside a cell is a line break of its label; it never joins two numbers
    cells = [re.sub(r"\s+", " ", c).strip() if isinstance(c, str) else c for c in row]
    kept = [c for c in cells if isinstance(c, str)]
    if not any(kept):
        return None
    filled = [c for c in kept if c]
    if len(filled) == 1 and len(kept) == 1:
        return Line(text=filled[0], page=page, line=line)
    return Line(text=" | ".join(filled), cells=kept, page=page, line=line)


def expand_grid(rows: list[list[tuple[str, int, int]]]) -> list[list[object]]:
    """Rows of (text, rowspan, colspan) cells to a rectangular grid of text/COVERED/ABSENT."""
    taken: dict[tuple[int, int], object] = {}
    width = 0
    for r, cells in enumerate(rows):
        c = 0
        for text, rowspan, colspan in cells:
            while (r, c) in taken:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[(r + dr, c + dc)] = text if dr == dc == 0 else COVERED
            c += colspan
            width = max(width, c)
        width = max(width, c)
    return [[taken.get((r, c), ABSENT) for c in range(width)] for r in range(len(rows))]


def _span(value: object, limit: int = 200) -> int:
    try:
        return max(1, min(int(str(value).strip() or 1), limit))
    except ValueError:
        return 1


# ---- HTML ----

_BLOCKS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "center",
    "tr",
    "caption",
    "title",
    "main",
    "aside",
    "figure",
    "figcaption",
    "form",
    "hr",
    "address",
}
_SKIP = {"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "select", "button", "nav"}


def decode_lenient(data: bytes, encodings: tuple[str, ...]) -> tuple[str, str]:
    """Text in the first encoding that decodes it whole; else in the one that decodes it with the
    fewest bad bytes, each bad byte U+FFFD, and a note saying on which lines."""
    best: tuple[int, str] | None = None
    for enc in encodings:
        try:
            return data.decode(enc), ""
        except LookupError:
            continue
        except UnicodeDecodeError:
            text = data.decode(enc, "replace")
            if best is None or text.count("\ufffd") < best[0]:
                best = (text.count("\ufffd"), text)
    if best is None:
        text = data.decode("utf-8", "replace")
        best = (text.count("\ufffd"), text)
    count, text = best
    lines: list[int] = []
    for number, line in enumerate(text.splitlines(), 1):
        if "\ufffd" in line:
            lines.append(number)
    shown = "、".join(f"第{n}行" for n in lines[:5]) + ("等" if len(lines) > 5 else "")
    return text, (
        f"文件中有{count}处字节既不是 UTF-8 也不是 GB18030 编码，已替换为“\ufffd”（{shown}），这些位置的文字请对照原件"
    )


def decode_html(data: bytes) -> tuple[str, str]:
    head = data[:4096].decode("ascii", "ignore")
    m = re.search(r"charset=[\"']?([A-Za-z0-9_-]+)", head)
    declared = m.group(1).lower() if m else ""
    declared = "gb18030" if declared in ("gb2312", "gbk") else declared
    return decode_lenient(data, tuple(e for e in (declared, "utf-8", "gb18030") if e))


# class or id words of page chrome: breadcrumbs, navigation, share and print bars, footers. Not
# "zoom" or "fontsize": Chinese government CMSs put the article itself in <div id="zoom">.
_CHROME_CLASS = re.compile(
    r"breadcrumb|crumb|position|location|nav|menu|share|footer|copyright"
    r"|toolbar|tool-bar|sidebar",
    re.IGNORECASE,
)


def html_lines(html: str) -> list[Line]:
    return html_page(html)[0]


def html_page(html: str) -> tuple[list[Line], PageMeta]:
    """The lines of a web page's body, without page chrome, and what its <head> says."""
    import lxml.html
    from lxml import etree

    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    if not html.strip():
        return [], PageMeta()
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableReport("无法读取 HTML：文件结构损坏") from exc
    out: list[Line] = []
    buf: list[str] = []

    def flush() -> None:
        text = "".join(buf).strip()
        buf.clear()
        for piece in text.splitlines():
            piece = piece.strip()
            if piece and not is_page_mark(piece):
                out.append(Line(text=re.sub(r"[ \t\u00a0\u3000]+", " ", piece)))

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP or not tag:
            return
        marks = f"{el.get('class') or ''} {el.get('id') or ''}"
        if marks.strip() and _CHROME_CLASS.search(marks) and tag not in ("table", "tr", "td", "th", "body"):
            return
        if tag == "table" and not el.xpath(".//table"):
            flush()
            emit_table(el)
            return
        if tag == "br":
            buf.append("\n")
            return
        block = tag in _BLOCKS or tag in ("td", "th", "table", "body")
        if block:
            buf.append("\n")
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if block:
            buf.append("\n")
            if tag in ("td", "th"):
                buf.append("\n")

    def emit_table(table: Any) -> None:
        rows = []
        for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
            cells = []
            for td in tr.xpath("./td|./th"):
                text = td.text_content()
                cells.append((text, _span(td.get("rowspan")), _span(td.get("colspan"))))
            rows.append(cells)
        for row in expand_grid(rows):
            ln = grid_line(row)
            if ln is not None:
                out.append(ln)

    body = root.find("body")
    walk(body if body is not None else root)
    flush()
    for i, ln in enumerate(out, 1):
        ln.line = i
    return out, _page_meta(root)


def _page_meta(root: Any) -> PageMeta:
    title = root.find(".//title")
    metas = {(m.get("name") or "").lower(): (m.get("content") or "").strip() for m in root.iter("meta")}
    text = title.text_content().strip() if title is not None else ""
    return PageMeta(title=metas.get("articletitle") or text, source=metas.get("contentsource", ""))


# ---- DOCX ----


def docx_lines(data: bytes) -> list[Line]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise UnreadableReport("无法读取 DOCX：文件不是有效的 Word 文档") from exc
    except Exception as exc:  # python-docx surfaces zip and XML damage as many types
        raise UnreadableReport("无法读取 DOCX：文件已损坏") from exc
    out: list[Line] = []
    body = document.element.body
    _docx_block(body, out)
    for i, ln in enumerate(out, 1):
        ln.line = i
    return out


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _para_text(p: Any) -> str:
    parts = []
    for node in p.iter():
        if node.tag == _W + "t" and node.text:
            parts.append(node.text)
        elif node.tag == _W + "tab":
            parts.append(" ")
        elif node.tag in (_W + "br", _W + "cr"):
            parts.append("\n")
    return "".join(parts)


def _docx_block(parent: Any, out: list[Line]) -> None:
    for child in parent:
        if child.tag == _W + "p":
            for piece in _para_text(child).splitlines():
                if piece.strip() and not is_page_mark(piece):
                    out.append(Line(text=piece.strip()))
        elif child.tag == _W + "tbl":
            _docx_table(child, out)
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                _docx_block(content, out)


def _docx_table(tbl: Any, out: list[Line]) -> None:
    if tbl.findall(f".//{_W}tc//{_W}tbl"):
        # a layout table holding other tables: read its content as blocks
        for tc in tbl.iter(_W + "tc"):
            if tc.getparent() is not None and tc.getparent().getparent() is tbl:
                _docx_block(tc, out)
        return
    grid: list[list[object]] = []
    for tr in tbl.findall(_W + "tr"):
        row: list[object] = []
        trpr = tr.find(_W + "trPr")
        before = trpr.find(_W + "gridBefore") if trpr is not None else None
        if before is not None:
            row.extend([ABSENT] * _span(before.get(_W + "val")))
        for tc in tr.findall(_W + "tc"):
            tcpr = tc.find(_W + "tcPr")
            span, continued = 1, False
            if tcpr is not None:
                gs = tcpr.find(_W + "gridSpan")
                if gs is not None:
                    span = _span(gs.get(_W + "val"))
                vm = tcpr.find(_W + "vMerge")
                if vm is not None and vm.get(_W + "val", "continue") != "restart":
                    continued = True
            text = "".join(_para_text(p) for p in tc.iter(_W + "p"))
            row.append(COVERED if continued else text)
            row.extend([COVERED] * (span - 1))
        grid.append(row)
    for row in grid:
        ln = grid_line(row)
        if ln is not None:
            out.append(ln)


# ---- PDF ----


@contextmanager
def open_pdf(data: bytes) -> Iterator[Any]:
    """pdfplumber's PDF, opened once for both readings (by tables and as plain text): the pages
    are parsed once and kept until it is closed."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for damaged or encrypted files
        raise UnreadableReport("无法读取 PDF：文件已损坏或已加密") from exc
    try:
        yield pdf
    finally:
        try:
            pdf.close()
        except Exception:  # closing walks the pages again: a damaged page tree fails here too, and
            pass  # the reading has already said why (raising now would hide its message)


def pdf_lines(pdf: Any) -> list[Line]:
    """The lines of an open PDF (open_pdf): ruled tables as grid rows, the rest as text lines."""
    out: list[Line] = []
    try:
        for number, page in enumerate(pdf.pages, 1):
            out.extend(_pdf_page(page, number))
    except UnreadableReport:
        raise
    except Exception as exc:
        raise UnreadableReport("无法读取 PDF：页面内容无法解析") from exc
    if not any(ln.text.strip() for ln in out):
        raise UnreadableReport("PDF 中没有可提取的文字（可能是扫描件），请先进行文字识别后再检查")
    return out


def _pdf_page(page: Any, number: int) -> list[Line]:
    from pdfplumber.utils.text import chars_to_textmap

    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(char: dict[str, Any]) -> bool:
        cx = (char["x0"] + char["x1"]) / 2
        cy = (char["top"] + char["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    placed: list[tuple[float, Line]] = []
    rest = [c for c in page.chars if outside(c)] if boxes else page.chars
    for tl in chars_to_textmap(rest, layout=False).extract_text_lines(strip=True, return_chars=False):
        text = tl["text"].strip()
        if text and not is_page_mark(text):
            placed.append((tl["top"], Line(text=text, page=number)))
    for table in tables:
        for top, row in _table_rows(table, page.chars):
            grid = [COVERED if c is None else c for c in row]
            single = [c for c in grid if isinstance(c, str) and c.strip()]
            if len(single) <= 1 and sum(1 for c in grid if isinstance(c, str)) <= 1:
                # a framed paragraph, not a data row
                for j, piece in enumerate((single[0] if single else "").splitlines()):
                    if piece.strip() and not is_page_mark(piece):
                        placed.append((top + j * 0.01, Line(text=piece.strip(), page=number)))
                continue
            ln = grid_line(grid, page=number)
            if ln is not None:
                placed.append((top, ln))
    placed.sort(key=lambda p: p[0])
    lines = [ln for _, ln in placed]
    for i, ln in enumerate(lines, 1):
        ln.line = i
    return lines


def _table_rows(table: Any, chars: list[dict[str, Any]]) -> list[tuple[float, list[str | None]]]:
    """(top, cells' text) of each row of a pdfplumber table: what its Table.extract() gives (a
    char belongs to the cell holding its middle; None for a position no cell covers), with the
    page's chars sorted once by height instead of all scanned again for every row."""
    from bisect import bisect_left

    x0, top, x1, bottom = table.bbox
    inside = []  # (vertical middle, horizontal middle, order on the page, char) in the table
    for k, c in enumerate(chars):
        h, v = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if x0 <= h < x1 and top <= v < bottom:
            inside.append((v, h, k, c))
    inside.sort(key=lambda t: t[0])
    heights = [t[0] for t in inside]
    rows = []
    for row in table.rows:
        rx0, rtop, rx1, rbottom = row.bbox
        band = inside[bisect_left(heights, rtop) : bisect_left(heights, rbottom)]
        in_row = sorted((t for t in band if rx0 <= t[1] < rx1), key=lambda t: t[2])
        rows.append((rtop, [None if cell is None else _cell_text(cell, in_row) for cell in row.cells]))
    return rows


def _cell_text(cell: tuple[float, float, float, float], in_row: list[tuple[float, float, int, Any]]) -> str:
    from pdfplumber.utils.text import extract_text

    x0, top, x1, bottom = cell
    return extract_text([c for v, h, _k, c in in_row if x0 <= h < x1 and top <= v < bottom])


def pdf_plain_lines(pdf: Any) -> list[Line]:
    """The text of an open PDF (open_pdf) without table structure, as a text extraction would
    give it."""
    out = []
    for number, page in enumerate(pdf.pages, 1):
        for ln in text_lines(page.extract_text() or ""):
            ln.page = number
            out.append(ln)
    return out
