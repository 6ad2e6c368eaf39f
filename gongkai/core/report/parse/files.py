"""How a file that is not plain text, HTML, DOCX or a text PDF becomes lines: legacy office files
through LibreOffice, scans through OCR; and the cheap checks that refuse an oversized file before
the expensive reading starts."""

from __future__ import annotations

from typing import Any, Callable

from ... import ocr, office, pdfsafe
from ...limits import LimitExceeded, Limits, office_zip_check
from ..model import Report, UnreadableReport
from .lines import Line, is_page_mark
from .sources import grid_line

# kind → (suffix LibreOffice reads it by, what it becomes)
OFFICE_KINDS = {
    "doc": (".doc", "docx"),
    "wps": (".wps", "docx"),
    "rtf": (".rtf", "docx"),
    "odt": (".odt", "docx"),
    "xls": (".xls", "html"),
    "et": (".et", "html"),
    "xlsx": (".xlsx", "html"),
    "ods": (".ods", "html"),
}


def sniff_image(head: bytes) -> str | None:
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")):
        return "image"
    return None


def sniff_ole(data: bytes) -> str:
    """An OLE2 compound file: Word 97-2003 / WPS, or Excel / WPS 表格 by its streams' names."""
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data[:65536]:
        return "xls"
    return "doc"


def convert_office(kind: str, data: bytes, filename: str, limits: Limits) -> tuple[str, bytes]:
    suffix, target = OFFICE_KINDS[kind]
    if kind == "doc" and filename.lower().endswith(".wps"):
        suffix = ".wps"
    if kind == "xls" and filename.lower().endswith(".et"):
        suffix = ".et"
    if kind == "xlsx":
        office_zip_check(data, limits, "xl/workbook.xml")
    if kind in ("odt", "ods"):  # ZIP-based too: the same caps on what it unpacks to
        office_zip_check(data, limits, "content.xml")
    return target, office.convert(data, suffix, target, limits)


def check_pdf(data: bytes, limits: Limits) -> None:
    pdfsafe.install()
    pdfsafe.check_pages(data, limits)


def named_pdf_failure(parse_pdf: Callable[..., Report], data: bytes, *args: Any) -> Report:
    """parse_pdf, with a reference cycle named as such rather than as a damaged PDF."""
    before = pdfsafe.cycles_met()
    try:
        return parse_pdf(data, *args)
    except UnreadableReport:
        if pdfsafe.cycles_met() > before:
            raise pdfsafe.ReferenceCycle() from None
        raise


def check_docx(data: bytes, limits: Limits) -> None:
    office_zip_check(data, limits, "word/document.xml")


def pdf_needs_ocr(data: bytes) -> bool:
    """True when no page has text to extract but pages have images: a scan saved as PDF."""
    return ocr.pdf_is_scan(data)


def ocr_lines(data: bytes, kind: str, limits: Limits) -> list[Line]:
    """The lines of a scan: ruled tables become grid rows (blank where OCR had no confident
    reading), other text becomes plain lines in reading order."""
    if not ocr.available():
        raise UnreadableReport(
            "这是扫描件，需要文字识别，但服务器没有安装 Tesseract（Debian 软件包 tesseract-ocr、tesseract-ocr-chi-sim）"
        )
    try:
        pages = ocr.read_pages(data, kind, limits)
    except LimitExceeded:
        raise
    out: list[Line] = []
    for number, page in enumerate(pages, 1):
        for item in page:
            if item.cells is not None:
                cells = ["" if c == ocr.UNSURE else c for c in item.cells]
                ln = grid_line(list(cells), page=number)
                if ln is not None:
                    ln.scanned = True
                    ln.unsure = ocr.UNSURE in item.cells
            elif item.text.strip() and not is_page_mark(item.text):
                ln = Line(text=item.text.strip(), page=number)
            else:
                ln = None
            if ln is not None:
                out.append(ln)
    if not any(ln.text.strip() for ln in out):
        raise UnreadableReport("扫描件中没有识别出文字（图像可能过于模糊或不是报告）")
    for i, ln in enumerate(out, 1):
        ln.line = i
    return out
