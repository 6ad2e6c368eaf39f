"""The text of an attachment (PDF, DOCX, XLSX, image), page by page, for the personal-data check.

Read in a child process under limits, like a report; a scan (an image, or a PDF without text) is
read by OCR. A PDF's table rows come out as text extraction gives them, cells often run
together: the personal-data check looks inside such runs (gongkai.core.pii).
"""

from __future__ import annotations

import io

from . import ocr, pdfsafe
from .limits import LimitExceeded, Limits, office_zip_check, run_limited

# An attachment is read while its uploader waits: a few scanned pages at most.
LIMITS = Limits(max_ocr_pages=5, seconds=180)
KINDS = ("pdf", "docx", "xlsx", "image")


def read_pages(kind: str, data: bytes, limits: Limits = LIMITS) -> list[str]:
    """The text of each page (a DOCX is one page, an XLSX one page per sheet); LimitExceeded
    with the reason when it cannot be read."""
    if kind not in KINDS:
        return []
    return run_limited(_read_pages, kind, data, limits, limits=limits)


def _read_pages(kind: str, data: bytes, limits: Limits) -> list[str]:
    try:
        if kind == "pdf":
            return _pdf_pages(data, limits)
        if kind == "docx":
            return [_docx_text(data, limits)]
        if kind == "xlsx":
            return _xlsx_pages(data, limits)
        return _ocr_pages(data, "image", limits)
    except LimitExceeded:
        raise
    except Exception as exc:  # the libraries raise many types for damaged files
        raise LimitExceeded("文件已损坏或已加密，无法读取其中的文字") from exc


def _ocr_pages(data: bytes, kind: str, limits: Limits) -> list[str]:
    if not ocr.available():
        raise LimitExceeded("这是扫描件，服务器没有安装文字识别（Tesseract），无法读取其中的文字")
    return ["\n".join(item.text for item in page) for page in ocr.read_pages(data, kind, limits)]


def _pdf_pages(data: bytes, limits: Limits) -> list[str]:
    import pdfplumber

    pdfsafe.install()
    pdfsafe.check_pages(data, limits)
    if ocr.pdf_is_scan(data):
        return _ocr_pages(data, "pdf", limits)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _docx_text(data: bytes, limits: Limits) -> str:
    import docx

    office_zip_check(data, limits, "word/document.xml")
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _xlsx_pages(data: bytes, limits: Limits) -> list[str]:
    import openpyxl

    office_zip_check(data, limits, "xl/workbook.xml")
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    pages, chars = [], 0
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows(values_only=True):
            line = "\t".join("" if v is None else str(v) for v in row).rstrip("\t")
            chars += len(line)
            if chars > limits.max_chars:
                raise LimitExceeded(f"表格文字超过 {limits.max_chars} 字的上限，未能全部读取")
            rows.append(line)
        pages.append("\n".join(rows))
    return pages
