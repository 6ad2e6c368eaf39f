"""The reports app's door to the core readers and renderers (pure, no Django)."""

from gongkai.core.report.parse import parse_bytes


def parse(filename, content, previous=None, level=None):
    """A Report from an uploaded file (TXT / HTML / DOCX / PDF / JSON); raises ReportError."""
    return parse_bytes(content, filename, previous=previous, level=level)
