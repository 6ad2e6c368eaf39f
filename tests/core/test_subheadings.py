"""Imported reports keep their subheadings: a numbered heading on its own line stays a paragraph
of its own in the parse and in every render, also when the extraction wrapped the lines."""

import io
from pathlib import Path

import docx

from gongkai.core.report import parse_text, render_docx, render_html
from gongkai.core.report.parse.reader import paragraphs

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def test_the_2020_report_of_gaoshawo_keeps_its_five_subheadings_in_html_and_docx():
    report = parse_text((CORPUS / "gaoshawo-2020.txt").read_text(encoding="utf-8"))
    headings = [
        "（一）聚焦组织领导，明确责任分工",
        "（二）细化公开内容，突出工作重点",
        "（三）主动公开信息，提升服务水平",
        "（四）推动平台建设，健全公开渠道",
    ]
    html = render_html(report)
    for heading in headings:
        assert f"<p>{heading}</p>" in html
    texts = [p.text for p in docx.Document(io.BytesIO(render_docx(report))).paragraphs]
    for heading in headings:
        assert heading in texts
    after = texts[texts.index(headings[0]) + 1]
    assert after.startswith("以建设人民满意的服务型政府为目标")


def test_a_wrapped_paragraph_that_starts_with_a_number_is_still_joined():
    lines = [
        "（一）主动公开方面",
        "全年主动公开市政府规章 22 件、市政府及市政府办公厅行",
        "政规范性文件 34 件、人事任免文件 196 件、其他文件 84 件。",
        "（二）全年受理政府信息公开申请 1295 件，办结 1191 件，均",
        "在法定期限内答复。",
    ]
    assert paragraphs(lines) == [
        "（一）主动公开方面",
        "全年主动公开市政府规章 22 件、市政府及市政府办公厅行政规范性文件 34 件、人事任免文件 196 件、其他文件 84 件。",
        "（二）全年受理政府信息公开申请 1295 件，办结 1191 件，均在法定期限内答复。",
    ]


def test_a_heading_run_into_its_paragraph_stays_in_it():
    """淮安's headings are printed inline (“（二）依申请公开情况。定期…”): nothing to split."""
    report = parse_text((CORPUS / "huaian-city-2024.txt").read_text(encoding="utf-8"))
    lines = report.sections["overview"].splitlines()
    second = next(line for line in lines if line.startswith("（二）"))
    assert second.startswith("（二）依申请公开情况。定期对政府信息公开申请集中的领域和热点问题进行研判")
    assert len(lines) == 6
