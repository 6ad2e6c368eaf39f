"""Renderers: HTML page, DOCX, PDF and JSON. The parser reads back everything they write."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Report
from .docx import render_docx
from .html import render_html
from .pdf import render_pdf


def render_json(report: Report) -> str:
    return report.to_json()


RENDERERS: dict[str, Callable[[Report], str | bytes]] = {
    "html": render_html,
    "docx": render_docx,
    "pdf": render_pdf,
    "json": render_json,
}

__all__ = ["RENDERERS", "render_docx", "render_html", "render_json", "render_pdf"]
