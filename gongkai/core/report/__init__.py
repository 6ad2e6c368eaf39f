"""The statutory annual report (第五十条) as data: formats, the Report value, validation,
parsing of published reports and rendering. Pure Python, no Django."""
from .formats import FORMAT_2019, FORMAT_2021, FORMATS, format_for_year, get_format
from .model import Finding, Report, ReportError, UnreadableReport, empty_report
from .parse import parse_bytes, parse_file, parse_text
from .validate import validate

__all__ = [
    "FORMATS", "FORMAT_2019", "FORMAT_2021", "Finding", "Report", "ReportError", "UnreadableReport",
    "empty_report", "format_for_year", "get_format", "parse_bytes", "parse_file", "parse_text",
    "validate",
]
