"""What staff and the public see; who may see what."""

import io
import zipfile
from datetime import date as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications import services as s
from gongkai.applications.models import Application

from .conftest import VALID_CREDIT_CODE, VALID_ID, applicant

# The dates below were counted by hand on the 2026 calendar (国庆节, 调休): the story is told on 1 December 2026.
pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-01")]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def form_data(**overrides):
    data = applicant(**overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_public_submits_an_application_and_follows_it_by_query_code(client, gaoshawo):
    r = client.post(
        "/apply/gaoshawo/",
        {**form_data(), "attachments": [SimpleUploadedFile("scan.png", PNG, "image/png")]},
    )
    case = Application.objects.get()
    # The receipt is opened from the session: the query code is never in a URL.
    assert r.status_code == 302 and r["Location"] == f"/apply/receipt/{case.pk}/"
    assert case.status == "submitted" and case.attachments.get().content_type == "image/png"
    body = client.get(r["Location"]).content.decode()
    assert case.number in body and case.query_code in body
    r = client.post("/apply/status/", {"code": case.query_code.lower()})
    assert r.status_code == 302 and case.query_code not in r["Location"]
    body = client.get(r["Location"]).content.decode()
    assert "已提交，待确认收到" in body
    assert VALID_ID not in body and "13912345678" not in body
    # Another browser without the code sees nothing.
    from django.test import Client

    assert Client().get(r["Location"]).status_code == 404


def test_a_bad_id_number_is_explained_at_the_field_and_nothing_is_saved(client, gaoshawo):
    r = client.post("/apply/gaoshawo/", form_data(id_number="640323199001011234", name=""))
    body = r.content.decode()
    assert r.status_code == 200 and "校验码不正确" in body and "这个字段是必填项" in body
    assert not Application.objects.exists()


def test_an_organization_needs_a_valid_credit_code(client, gaoshawo):
    body = client.post(
        "/apply/gaoshawo/",
        form_data(applicant_type="legal", org_name="宁夏某律师事务所", org_credit_code="91350100M000100Y44"),
    ).content.decode()
    assert "统一社会信用代码的校验码不正确" in body
    r = client.post(
        "/apply/gaoshawo/",
        form_data(applicant_type="legal", org_name="宁夏某律师事务所", org_credit_code=VALID_CREDIT_CODE),
    )
    assert r.status_code == 302


def test_an_attachment_is_checked_by_its_content_not_its_name(client, gaoshawo):
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    body = client.post("/apply/gaoshawo/", {**form_data(), "attachments": [fake]}).content.decode()
    assert "不是允许的格式" in body and not Application.objects.exists()


def test_an_oversize_attachment_is_refused(client, gaoshawo):
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (10 * 1024 * 1024), "image/png")
    body = client.post("/apply/gaoshawo/", {**form_data(), "attachments": [big]}).content.decode()
    assert "超过 10 MB" in body and not Application.objects.exists()


def test_an_unknown_query_code_says_so(client, people):
    body = client.post("/apply/status/", {"code": "ABCDEFGHJKLM"}).content.decode()
    assert "没有找到" in body


def test_wrong_query_codes_are_rate_limited(client, settings, register):
    case = register()
    settings.PORTAL_RATE_QUERY_CODE = (3, 3600)
    for _ in range(3):
        assert client.post("/apply/status/", {"code": "ABCDEFGHJKLM"}).status_code == 400
    # Even the right code waits once too many wrong ones were tried from this address.
    r = client.post("/apply/status/", {"code": case.query_code})
    assert r.status_code == 429 and "输错次数过多" in r.content.decode()


def test_a_ten_digit_mobile_number_is_refused(client, gaoshawo):
    body = client.post("/apply/gaoshawo/", form_data(phone="1391234567")).content.decode()
    assert "手机号码应为 11 位数字" in body and not Application.objects.exists()
    assert client.post("/apply/gaoshawo/", form_data(phone="0953-6088001")).status_code == 302


def test_alice_sees_the_full_id_number_and_it_is_recorded(client, people, register):
    case = register()
    client.force_login(people["alice"])
    body = client.get(reverse("applications:case", args=[case.pk])).content.decode()
    assert VALID_ID not in body and "6403**********123X" in body
    assert "2026-10-30" in body and "国庆节" in body
    body = client.post(reverse("applications:reveal", args=[case.pk])).content.decode()
    assert VALID_ID in body and "13912345678" in body
    event = case.events.get(verb="personal_data_viewed")
    assert event.actor == people["alice"] and "证件号码" in event.reason
    assert "查看完整个人信息" in body  # the case history shows who looked


def test_henry_cannot_reveal_personal_data(client, people, register):
    case = register()
    client.force_login(people["henry"])
    assert client.post(reverse("applications:reveal", args=[case.pk])).status_code == 403
    assert not case.events.filter(verb="personal_data_viewed").exists()


def test_henry_reads_the_case_with_masked_personal_data(client, people, register):
    case = register()
    client.force_login(people["henry"])
    body = client.get(reverse("applications:case", args=[case.pk])).content.decode()
    assert "6403**********123X" in body and "139****5678" in body and VALID_ID not in body


def test_erin_the_supervisor_reads_without_personal_data(client, people, register):
    case = register()
    client.force_login(people["erin"])
    r = client.get(reverse("applications:case", args=[case.pk]))
    body = r.content.decode()
    assert r.status_code == 200 and VALID_ID not in body and "13912345678" not in body
    assert "作出答复" not in body  # no transition forms
    assert case.number in client.get(reverse("applications:list")).content.decode()


def test_dave_gets_403_on_case_list_and_letters(client, people, register):
    case = s.case_decide(case=register(), actor=people["alice"], on=D(2026, 10, 20), outcome="granted", reason="")
    letter = case.letters.get()
    client.force_login(people["dave"])
    assert client.get(reverse("applications:case", args=[case.pk])).status_code == 403
    assert client.get(reverse("applications:letter", args=[case.pk, letter.pk, "pdf"])).status_code == 403
    assert case.number not in client.get(reverse("applications:list")).content.decode()
    assert client.get(reverse("applications:list"), {"agency": "gaoshawo"}).status_code == 403
    assert client.get(reverse("applications:list"), {"agency": "dashuikeng"}).status_code == 200
    assert client.post(reverse("applications:act", args=[case.pk, "serve"]), {}).status_code == 403


def test_bob_the_clerk_may_register_but_not_read_the_list(client, people):
    client.force_login(people["bob"])
    assert client.get(reverse("applications:list")).status_code == 403
    r = client.post(reverse("applications:new"), {**form_data(), "channel": "post_signed", "received_on": "2026-09-28"})
    case = Application.objects.get()
    assert r.status_code == 302 and case.received_on == D(2026, 9, 28) and case.channel == "post_signed"


def test_alice_confirms_and_decides_through_the_case_page(client, people, gaoshawo):
    case = s.application_submit(agency=gaoshawo, fields=applicant())
    client.force_login(people["alice"])
    url = reverse("applications:act", args=[case.pk, "confirm"])
    assert client.post(url, {"confirm-on": s.today().isoformat()}).status_code == 302
    r = client.post(
        reverse("applications:act", args=[case.pk, "decide"]),
        {"decide-on": s.today().isoformat(), "decide-outcome": "refused.4", "decide-reason": ""},
    )
    assert r.status_code == 400 and "请写明理由及依据" in r.content.decode()
    r = client.post(
        reverse("applications:act", args=[case.pk, "decide"]),
        {"decide-on": s.today().isoformat(), "decide-outcome": "granted"},
    )
    assert r.status_code == 400 and "请上传公开的材料，或写明纸质材料的提供情况" in r.content.decode()
    r = client.post(
        reverse("applications:act", args=[case.pk, "decide"]),
        {"decide-on": s.today().isoformat(), "decide-outcome": "granted", "decide-paper_note": "复印件 3 页，当面领取"},
    )
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.outcome == "granted" and case.paper_copy_note == "复印件 3 页，当面领取"


def test_a_step_that_is_not_allowed_shows_the_reason(client, people, register):
    case = register()
    client.force_login(people["alice"])
    r = client.post(
        reverse("applications:act", args=[case.pk, "serve"]), {"serve-on": "2026-10-20", "serve-method": "邮寄"}
    )
    assert r.status_code == 400 and "不能登记送达" in r.content.decode()


def test_a_wrong_date_order_is_explained_at_the_field(client, people, register):
    case = register()
    client.force_login(people["grace"])
    r = client.post(
        reverse("applications:act", args=[case.pk, "extend"]),
        {"extend-on": "2026-09-01", "extend-days": "20", "extend-note": "需要调取档案"},
    )
    assert r.status_code == 400 and "不能早于" in r.content.decode()


def test_letters_download_as_docx_and_pdf(client, people, register):
    case = s.case_extend(case=register(), actor=people["grace"], on=D(2026, 10, 20), days=20, note="需要调取档案")
    letter = case.letters.get()
    client.force_login(people["alice"])
    r = client.get(reverse("applications:letter", args=[case.pk, letter.pk, "docx"]))
    xml = zipfile.ZipFile(io.BytesIO(r.content)).read("word/document.xml").decode()
    assert "延期答复告知书" in xml and "2026年11月27日" in xml
    styles = zipfile.ZipFile(io.BytesIO(r.content)).read("word/styles.xml").decode()
    assert 'w:eastAsia="Noto Serif CJK SC"' in styles
    r = client.get(reverse("applications:letter", args=[case.pk, letter.pk, "pdf"]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_the_agency_edits_its_letter_template(people, register, gaoshawo):
    from gongkai.applications.letters import template_for

    tpl = template_for(gaoshawo, "granted")
    tpl.body = "{{ case.applicant_display }}：同意公开。{{ agency.name }}"
    tpl.save()
    case = s.case_decide(case=register(), actor=people["alice"], on=D(2026, 10, 20), outcome="granted", reason="")
    assert case.letters.get().body == "马文华：同意公开。高沙窝镇人民政府"


def test_alice_sees_her_cases_in_the_todo_list_by_due_date(client, people, register):
    register(received_on=D(2026, 10, 20), info_name="后收到的")
    register(received_on=D(2026, 9, 28), info_name="先收到的")
    client.force_login(people["alice"])
    body = client.get(reverse("staff-home")).content.decode()
    assert "政府信息公开申请" in body
    assert body.index("先收到的") < body.index("后收到的")
    assert "已逾期" in body
    client.force_login(people["dave"])
    assert "先收到的" not in client.get(reverse("staff-home")).content.decode()
