"""Parse a published annual report — text, HTML, DOCX or PDF — into a Report with findings."""

from __future__ import annotations

import importlib
import os
import zipfile
import io

from ..model import DECODE_NOTE, Report, ReportError, UnreadableReport
from ..validate import validate
from ...limits import DEFAULT as DEFAULT_LIMITS, LimitExceeded, Limits, check_bytes, check_chars, run_limited
from .lines import Line, text_lines
from .reader import read_lines
from . import files
from ... import pdfsafe
from .sources import decode_html, decode_lenient, docx_lines, html_page, open_pdf, pdf_lines, pdf_plain_lines

MAX_BYTES = 50 * 1024 * 1024

# What parse_file reads; the CLI's folder walk and the staff bulk check both take their list from
# here so neither skips a kind of file the other reads.
READABLE_SUFFIXES = (
    ".txt",
    ".html",
    ".htm",
    ".shtml",
    ".docx",
    ".pdf",
    ".json",
    ".doc",
    ".wps",
    ".rtf",
    ".odt",
    ".xls",
    ".et",
    ".xlsx",
    ".ods",
    ".jpg",
    ".jpeg",
    ".png",
    ".tif",
    ".tiff",
)

__all__ = [
    "READABLE_SUFFIXES",
    "parse_file",
    "parse_bytes",
    "parse_text",
    "parse_html",
    "parse_docx",
    "parse_pdf",
    "sniff",
    "read_lines",
    "page_count",
]


def _finish(report: Report, previous: Report | None, level: str | None) -> Report:
    report.findings = validate(report, previous=previous, level=level)
    return report


def parse_text(text: str, previous: Report | None = None, level: str | None = None, damage: str = "") -> Report:
    """A report from text as PDF extraction, OCR or copy-paste produce it; `damage` says where
    bytes could not be decoded (kept in the notes, reported as a warning)."""
    return _finish(_noted(read_lines(text_lines(text)), damage), previous, level)


def parse_html(html: str | bytes, previous: Report | None = None, level: str | None = None) -> Report:
    damage = ""
    if isinstance(html, bytes):
        html, damage = decode_html(html)
    lines, meta = html_page(html)
    return _finish(_noted(read_lines(lines, meta), damage), previous, level)


def _noted(report: Report, damage: str) -> Report:
    if damage:
        report.notes[DECODE_NOTE] = damage
    return report


def parse_docx(data: bytes, previous: Report | None = None, level: str | None = None) -> Report:
    return _finish(_read(docx_lines(data)), previous, level)


def parse_pdf(data: bytes, previous: Report | None = None, level: str | None = None) -> Report:
    """Tables are read by position (pdfplumber's table finder), so scrambled text order and blank
    cells do not move numbers; a PDF without ruled tables is read as its text (from the pages
    already parsed: the file is opened and parsed once)."""
    with open_pdf(data) as pdf:
        report, reason = _read_pdf_tables(pdf)
        if report is None or _placed(report) == 0:
            try:
                plain = read_lines(pdf_plain_lines(pdf))
            except Exception:
                plain = None
            if plain is not None and (report is None or _placed(plain) > _placed(report)):
                report = plain
    if report is None:
        # the reading of the tables says best what was found (a title, headings, no cells)
        raise UnreadableReport(
            reason
            if reason.startswith("未能读出统计表")
            else "未识别出政府信息公开工作年度报告：PDF 中没有找到报告标题、六部分标题或统计表"
        )
    return _finish(report, previous, level)


def _read_pdf_tables(pdf: object) -> tuple[Report | None, str]:
    """(the report read from the PDF's tables and text, or None with the reason it was not)."""
    lines = pdf_lines(pdf)
    try:
        return read_lines(lines), ""
    except UnreadableReport as exc:
        return None, exc.message


def _placed(report: Report) -> int:
    return sum(1 for rows in report.tables.values() for cols in rows.values() for v in cols.values() if v is not None)


def _read(lines: list[Line]) -> Report:
    return read_lines(lines)


def _is_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF") or b"%PDF-" in data[:1024]


# The libraries that read a PDF, imported in this process before a file is read in a child: a
# forked child's imports die with it, so every file would import them again (pdfplumber, pdfminer
# and pdfium: 20-100 ms of each file's reading). Only a PDF's header is looked at here: the kind
# of anything else is found in the child, under the limits.
PDF_READERS = ("pdfplumber", "pypdfium2", "pypdfium2.raw")


def _import_readers(data: bytes) -> None:
    if _is_pdf(data):
        for module in PDF_READERS:
            importlib.import_module(module)


def sniff(data: bytes, filename: str = "") -> str:
    """The kind of a file: pdf, docx, html, json, text, image, or one of files.OFFICE_KINDS."""
    ext = os.path.splitext(filename.lower())[1]
    head = data[:8]
    if _is_pdf(data):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = z.namelist()
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
                if "content.xml" in names:  # OpenDocument: its mimetype says text or spreadsheet
                    mimetype = z.read("mimetype")[:100] if "mimetype" in names else b""
                    return "ods" if b"spreadsheet" in mimetype else "odt"
        except (zipfile.BadZipFile, ValueError, OSError):
            pass
        return "zip"
    image = files.sniff_image(head)
    if image:
        return image
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return files.sniff_ole(data)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"{") or (ext == ".json" and start.startswith(b"[")):
        return "json"
    if (
        ext in (".html", ".htm", ".shtml", ".xhtml")
        or start.startswith((b"<!doctype", b"<html", b"<?xml"))
        or b"<table" in start
        or b"<body" in start
        or b"<p" in start[:200]
    ):
        return "html"
    return "text"


def page_count(data: bytes, filename: str = "") -> int:
    """The pages a file holds, as a batch's page budget counts them: a PDF's pages, a picture's
    frames, 1 for anything else (and for a file whose pages cannot be counted)."""
    kind = sniff(data, filename)
    if kind == "pdf":
        return max(1, pdfsafe.page_count(data))
    if kind == "image":
        from PIL import Image

        try:
            with Image.open(io.BytesIO(data)) as image:
                return max(1, int(getattr(image, "n_frames", 1)))
        except (OSError, ValueError, Image.DecompressionBombError):
            return 1
    return 1


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a text file and, when some bytes were neither UTF-8 nor GB18030, where they
    were replaced by U+FFFD: one bad byte never makes the whole report unreadable."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, damage = decode_lenient(data, ("utf-16",))
    else:
        text, damage = decode_lenient(data, ("utf-8-sig", "gb18030"))
    if text.count("\ufffd") > max(20, len(text) // 10):
        raise UnreadableReport("无法读取文本：文件编码无法识别（应为 UTF-8 或 GB18030），大部分字节无法解码")
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\r\n\f")
    if "\x00" in text or controls > max(20, len(text[:20000]) // 100):
        raise UnreadableReport("无法读取：文件不是文本、HTML、DOCX、PDF 或 JSON 格式的年度报告")
    return text, damage


def parse_bytes(
    data: bytes,
    filename: str = "",
    previous: Report | None = None,
    level: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Report:
    """A report from a file's bytes, whatever its kind; UnreadableReport when there is none.

    The reading runs in a child process under `limits` (memory, CPU, wall time; pages, unpacked
    bytes, paragraphs, characters), so no file can stall the caller; a file over a limit is
    refused with a message naming it."""
    if not data or not data.strip():
        raise UnreadableReport("文件为空")
    try:
        check_bytes(len(data), limits)
        _import_readers(data)
        return run_limited(_parse_bytes, data, filename, previous, level, limits, limits=limits)
    except LimitExceeded as exc:
        raise UnreadableReport(exc.message) from None


def _parse_bytes(data: bytes, filename: str, previous: Report | None, level: str | None, limits: Limits) -> Report:
    kind = sniff(data, filename)
    try:
        if kind in files.OFFICE_KINDS:
            kind, data = files.convert_office(kind, data, filename, limits)
        if kind == "pdf":
            files.check_pdf(data, limits)
            try:
                return files.named_pdf_failure(parse_pdf, data, previous, level)
            except UnreadableReport:
                # a scan has no text to read; asked only then, so a text PDF's text is read once
                if not files.pdf_needs_ocr(data):
                    raise
            return _finish(_read(files.ocr_lines(data, "pdf", limits)), previous, level)
        if kind == "image":
            return _finish(_read(files.ocr_lines(data, "image", limits)), previous, level)
        if kind == "docx":
            files.check_docx(data, limits)
            return parse_docx(data, previous, level)
        if kind == "zip":
            raise UnreadableReport(
                "无法读取：压缩文件不是 Word（.docx）、Excel（.xlsx）或 OpenDocument 文档，或文件已损坏"
            )
        if kind == "json":
            report = Report.from_json(data)
            return _finish(report, previous, level)
        if kind == "html":
            return parse_html(data, previous, level)
        text, damage = decode_text(data)
        check_chars(text, limits)
        return parse_text(text, previous, level, damage=damage)
    except ReportError:
        raise
    except RecursionError as exc:
        raise UnreadableReport("无法读取：文件结构嵌套过深") from exc


def parse_file(path: str | os.PathLike[str], previous: Report | None = None, level: str | None = None) -> Report:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except IsADirectoryError as exc:
        raise UnreadableReport(f"{path} 是文件夹，不是文件") from exc
    except FileNotFoundError as exc:
        raise UnreadableReport(f"找不到文件：{path}") from exc
    except OSError as exc:
        raise UnreadableReport(f"无法打开文件：{path}") from exc
    return parse_bytes(data, os.fspath(path), previous, level)
