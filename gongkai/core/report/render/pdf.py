"""The report as PDF: the HTML page printed by the one document stack (WeasyPrint, CJK fonts
embedded, subset)."""

from __future__ import annotations

from ... import document as doc
from ..model import Report
from .html import render_html


def render_pdf(report: Report, *, note: str = "", letterhead: str = "") -> bytes:
    return doc.pdf_from_html(render_html(report, note=note, letterhead=letterhead))
