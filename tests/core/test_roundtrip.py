"""Render → parse gives the same report, for random reports of both formats; JSON is identity."""

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from strategies import reports  # noqa: E402

from gongkai.core.report import Report, validate  # noqa: E402
from gongkai.core.report.parse import parse_bytes  # noqa: E402
from gongkai.core.report.render import render_docx, render_html, render_json, render_pdf  # noqa: E402

SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=15)


def assert_same(back: Report, report: Report):
    assert (back.format, back.year, back.agency) == (report.format, report.year, report.agency)
    assert back.tables == report.tables
    assert back.same_content(report)


@settings(deadline=None, max_examples=60)
@given(reports())
def test_json_is_identity(report):
    report.findings = validate(report)
    text = render_json(report)
    again = Report.from_json(text)
    assert again.to_json() == text
    assert again == report


@settings(deadline=None, max_examples=40)
@given(reports())
def test_html_round_trip(report):
    assert_same(parse_bytes(render_html(report).encode(), "r.html"), report)


@settings(deadline=None, max_examples=25)
@given(reports())
def test_docx_round_trip(report):
    assert_same(parse_bytes(render_docx(report), "r.docx"), report)


@SLOW
@given(reports())
def test_pdf_round_trip(report):
    assert_same(parse_bytes(render_pdf(report), "r.pdf"), report)
