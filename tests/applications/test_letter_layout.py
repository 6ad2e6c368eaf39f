"""Letters that can be sent as they are: DOCX and PDF on A4 with the GB/T 9704 margins and fonts,
the first line of each paragraph indented, the agency's name and the date at the right with room
for the seal, the contact person and phone, the remedies; and a receipt (回执) the applicant can
print."""

import io
from datetime import date as D
from datetime import datetime
from zoneinfo import ZoneInfo

import docx
import pdfplumber
import pytest
import time_machine
from django.urls import reverse
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from gongkai.applications import services as s
from gongkai.applications.models import Application
from gongkai.core import document as layout

from .conftest import applicant

pytestmark = pytest.mark.django_db

A4_POINTS = (595.3, 841.9)
MM = 72 / 25.4  # points per millimetre


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime(2026, 11, 2, 10, 15, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


@pytest.fixture
def agency(gaoshawo):
    gaoshawo.ogi_contact, gaoshawo.ogi_phone = "马丽", "0953-6088001"
    gaoshawo.save()
    return gaoshawo


@pytest.fixture
def decided(agency, people, register):
    """A paper application received on 28 September, refused on 20 October."""
    case = register(received_on=D(2026, 9, 28))
    return s.case_decide(
        case=case,
        actor=people["alice"],
        on=D(2026, 10, 20),
        outcome="refused.4",
        reason="涉及第三方个人隐私，第三方不同意公开。",
    )


def paragraph(document, text):
    return next(p for p in document.paragraphs if text in p.text)


def east_asia_font(run):
    from docx.oxml.ns import qn

    return run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_a_decision_letter_in_word_is_a4_with_gbt9704_margins_indent_seal_space_and_contact(client, people, decided):
    letter = decided.letters.get()
    client.force_login(people["alice"])
    r = client.get(reverse("applications:letter", args=[decided.pk, letter.pk, "docx"]))
    document = docx.Document(io.BytesIO(r.content))

    page = document.sections[0]
    assert abs(page.page_width - Mm(210)) < Mm(0.5) and abs(page.page_height - Mm(297)) < Mm(0.5)
    margins = (page.top_margin, page.bottom_margin, page.left_margin, page.right_margin)
    assert all(abs(m - Mm(v)) < Mm(0.5) for m, v in zip(margins, (37, 35, 28, 26)))

    assert document.paragraphs[0].text == "高沙窝镇人民政府"  # 发文机关标志
    title = paragraph(document, "政府信息不予公开告知书")
    assert east_asia_font(title.runs[0]) == layout.pick_font(layout.TITLE_FONTS)
    assert title.runs[0].font.size == Pt(22)
    body = paragraph(document, "经审查")
    assert body.paragraph_format.first_line_indent == Pt(32)  # two characters of 三号 (16 pt)
    assert body.runs[0].font.size == Pt(16)
    assert east_asia_font(body.runs[0]) == layout.pick_font(layout.BODY_FONTS)
    assert paragraph(document, "马文华：").paragraph_format.first_line_indent is None  # 主送 flush left

    remedy = paragraph(document, "行政复议").text
    assert "六十日内" in remedy and "六个月内" in remedy and "行政诉讼" in remedy

    sign = [p for p in document.paragraphs if p.text in ("高沙窝镇人民政府", "2026年10月20日")][-2:]
    assert [p.text for p in sign] == ["高沙窝镇人民政府", "2026年10月20日"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in sign)
    assert sign[0].paragraph_format.right_indent == Pt(64)  # 右空四字
    assert sign[0].paragraph_format.space_before >= Pt(48)  # room for the seal
    contact = document.paragraphs[-1].text
    assert contact == "（联系人：马丽；联系电话：0953-6088001）"


def test_the_same_letter_as_pdf_is_a4_with_its_text_margins_and_signature_at_the_right(client, people, decided):
    letter = decided.letters.get()
    client.force_login(people["alice"])
    r = client.get(reverse("applications:letter", args=[decided.pk, letter.pk, "pdf"]))
    with pdfplumber.open(io.BytesIO(r.content)) as pdf:
        page = pdf.pages[0]
        assert (round(page.width, 1), round(page.height, 1)) == A4_POINTS
        text = "".join(p.extract_text() for p in pdf.pages).replace(" ", "").replace("\n", "")
        words = [w for p in pdf.pages for w in p.extract_words()]
    for expected in ("政府信息不予公开告知书", "涉及第三方个人隐私", "联系人：马丽", "0953-6088001", "六个月内"):
        assert expected in text
    assert min(w["x0"] for w in words) >= 28 * MM - 1  # left margin 28 mm
    assert min(w["top"] for w in words) >= 37 * MM - 1  # top margin 37 mm
    date = next(w for w in words if "2026年10月20日" in w["text"])
    assert date["x0"] > page.width / 2 and date["x1"] <= page.width - 26 * MM - 4 * 16 + 2  # right, 四字 in


def test_the_applicant_prints_a_receipt_with_the_request_the_time_the_code_and_later_the_deadline(
    client, people, agency
):
    fields = {k: v for k, v in applicant().items() if v is not None}
    client.post(f"/apply/{agency.slug}/", fields)
    case = Application.objects.get()

    r = client.get(reverse("apply-receipt", args=[case.pk]))  # opened in this session by filing it
    pdf_url = reverse("apply-receipt-file", args=[case.pk, "pdf"])
    assert pdf_url in r.content.decode()
    with pdfplumber.open(io.BytesIO(client.get(pdf_url).content)) as pdf:
        assert (round(pdf.pages[0].width, 1), round(pdf.pages[0].height, 1)) == A4_POINTS
        text = "".join(p.extract_text() for p in pdf.pages).replace(" ", "").replace("\n", "")
    for expected in (
        "政府信息公开申请回执",
        case.number,
        case.query_code,
        "2026年11月2日10:15",
        "2026年第三季度长流墩村低保对象名单及补助标准",
        "20个工作日",
        "联系人：马丽",
    ):
        assert expected in text

    s.case_confirm_receipt(case=case, actor=people["alice"], on=D(2026, 11, 2))
    client.force_login(people["alice"])
    r = client.get(reverse("applications:receipt", args=[case.pk, "docx"]))
    document = docx.Document(io.BytesIO(r.content))
    assert abs(document.sections[0].page_width - Mm(210)) < Mm(0.5)
    words = "\n".join(p.text for p in document.paragraphs)
    # Received Monday 2 November; 20 working days (no holiday in November 2026) end on 30 November.
    assert "收到申请日：2026年11月2日" in words and "将于 2026年11月30日 前作出答复" in words
    assert paragraph(document, "查询码").paragraph_format.first_line_indent == Pt(32)


def test_nobody_else_gets_the_receipt_nor_in_another_format(client, agency):
    from django.test import Client

    fields = {k: v for k, v in applicant().items() if v is not None}
    client.post(f"/apply/{agency.slug}/", fields)
    case = Application.objects.get()
    assert client.get(reverse("apply-receipt-file", args=[case.pk, "exe"])).status_code == 404
    stranger = Client()  # another browser, which has not entered the query code
    assert stranger.get(reverse("apply-receipt-file", args=[case.pk, "pdf"])).status_code == 404
    assert stranger.get(reverse("applications:receipt", args=[case.pk, "pdf"])).status_code == 302  # sign in first
