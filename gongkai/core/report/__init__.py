"""The statutory annual report (第五十条) as data: formats, the Report value, validation,
parsing of published reports and rendering. Pure Python, no Django.

    report = empty_report("2021", 2024, "某某镇人民政府")     # or parse_file(path)
    report.fill("applications", {"new": {"natural": 3, "total": 3}})
    report.findings = validate(report, previous=last_year, level="township")
    render_pdf(report) / render_docx(report) / render_html(report) / render_json(report)
"""

from .formats import FORMAT_2019, FORMAT_2021, FORMATS, format_for_year, get_format
from .model import Finding, Report, ReportError, UnreadableReport, empty_report
from .parse import parse_bytes, parse_file, parse_text
from .render import render_docx, render_html, render_json, render_pdf
from .validate import is_township, validate

__all__ = [
    "FORMATS",
    "FORMAT_2019",
    "FORMAT_2021",
    "Finding",
    "Report",
    "ReportError",
    "UnreadableReport",
    "empty_report",
    "format_for_year",
    "get_format",
    "is_township",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "render_docx",
    "render_html",
    "render_json",
    "render_pdf",
    "validate",
]
