"""Reports and letters share one page (GB/T 9704): the report renderers take the correction note
and a letterhead as parameters instead of being patched afterwards."""

import io

import docx
import pdfplumber
from docx.shared import Mm, Pt

from gongkai.core import document as layout
from gongkai.core.report import empty_report, render_docx, render_html, render_pdf

NOTE = "更正说明：第三部分“（七）总计”行数字有误，已更正。"


def report():
    value = empty_report("2021", 2024, "某某镇人民政府")
    value.sections = {"overview": "本年度，某某镇认真贯彻落实《条例》。"}
    return value


def test_the_report_in_word_is_on_the_same_page_as_a_letter_with_the_note_under_the_title():
    document = docx.Document(io.BytesIO(render_docx(report(), note=NOTE, letterhead="某某镇人民政府")))
    page = document.sections[0]
    assert abs(page.page_width - Mm(layout.PAGE_WIDTH_MM)) < Mm(0.5)
    assert abs(page.top_margin - Mm(37)) < Mm(0.5) and abs(page.left_margin - Mm(28)) < Mm(0.5)
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == ["某某镇人民政府", "某某镇人民政府2024年政府信息公开工作年度报告", NOTE]
    overview = next(p for p in document.paragraphs if p.text.startswith("本年度"))
    assert overview.paragraph_format.first_line_indent == Pt(2 * layout.BODY_PT)


def test_the_report_page_and_pdf_print_the_note_once_under_the_title():
    page = render_html(report(), note=NOTE)
    assert page.count(NOTE) == 1 and page.index("</h1>") < page.index(NOTE) < page.index("一、总体情况")
    assert "margin: 37mm 26mm 35mm 28mm" in page
    with pdfplumber.open(io.BytesIO(render_pdf(report(), note=NOTE))) as pdf:
        first = pdf.pages[0]
        assert (round(first.width, 1), round(first.height, 1)) == (595.3, 841.9)
        assert "第三部分" in first.extract_text()


def test_without_a_note_nothing_is_added():
    assert "更正说明" not in render_html(report())
    assert docx.Document(io.BytesIO(render_docx(report()))).paragraphs[1].text.startswith("一、")
