"""The report as PDF: the HTML page printed by WeasyPrint, CJK fonts embedded (subset)."""
from __future__ import annotations

import logging

from ..model import Report
from .html import render_html


def render_pdf(report: Report) -> bytes:
    import weasyprint

    # WeasyPrint logs every CSS property it ignores; the page uses only what it supports.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint.HTML(string=render_html(report)).write_pdf()
