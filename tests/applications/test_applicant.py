"""The applicant's side of a case: the page opened with the query code, the online 补正, messages,
withdrawal, released material; and inside the office the extension request and 审签."""

from datetime import date as D

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.accounts.todo import todo_for
from gongkai.applications import services as s
from gongkai.applications.models import Application, LetterKind, RequestVersion
from gongkai.applications.outbox import outbox_send

# Cases received on 28 September 2026 (the register fixture), told on 1 December 2026.
pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-01")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def october():
    with time_machine.travel(D(2026, 10, 9), tick=False):
        yield


def open_page(client, case):
    r = client.post("/apply/status/", {"code": case.query_code})
    assert r.status_code == 302 and case.query_code not in r["Location"]
    return r["Location"]


def todo_text(user):
    return "\n".join(f"{section.title}|{e.title}|{e.note}" for section in todo_for(user) for e in section.entries)


@pytest.fixture
def corrected(register, people):
    """Received Monday 28 September; on 9 October alice asks for a 补正 by 23 October."""
    case = register()
    return s.case_request_correction(
        case=case,
        actor=people["alice"],
        on=D(2026, 10, 9),
        limit=D(2026, 10, 23),
        note="请写明所需低保材料的年份和村名",
    )


def test_the_applicant_answers_the_correction_online(client, corrected, people):
    notice = corrected.letters.get(kind="correction").body
    # The 补正 letter says how to answer: online, or to the office (address and phone).
    assert "申请人页面（http" in notice and "在线补正" in notice and corrected.agency.ogi_phone in notice
    url = open_page(client, corrected)
    body = client.get(url).content.decode()
    assert "在线补正" in body and "2026年10月23日 前在下方在线补正" in body
    with time_machine.travel(D(2026, 10, 12), tick=False):
        open_page(client, corrected)  # sessions end after 30 idle minutes: the code is given again
        r = client.post(
            reverse("apply-correct", args=[corrected.pk]),
            {
                "info_name": "2026年长流墩村农村低保对象名单",
                "info_description": "2026年第三季度长流墩村低保对象名单及补助标准",
                "files": [SimpleUploadedFile("户口簿.pdf", PDF, "application/pdf")],
            },
        )
    assert r.status_code == 302
    case = Application.objects.get(pk=corrected.pk)
    assert case.status == "received" and case.info_name == "2026年长流墩村农村低保对象名单"
    # 第三十条: 20 working days from the day the correction arrived, Monday 12 October:
    # 13–16 October (4), 19–23 (9), 26–30 (14), 2–6 November (19), Monday 9 November the 20th.
    assert case.due_date == D(2026, 11, 9)
    original = RequestVersion.objects.get(case=case)
    assert original.info_name == "2026年高沙窝镇农村低保对象名单" and original.replaced_on == D(2026, 10, 12)
    assert case.attachments.filter(original_name="户口簿.pdf").exists()
    event = case.events.get(verb="correction_received")
    assert event.actor is None and "在线提交补正" in event.reason
    assert "申请人已在线补正" in todo_text(people["alice"])
    # Every later letter quotes the corrected request.
    with time_machine.travel(D(2026, 10, 14), tick=False):
        s.case_decide(
            case=case, actor=people["alice"], on=D(2026, 10, 14), outcome="unable.1", reason="本机关不掌握该信息。"
        )
    answer = case.letters.get(kind="unable")
    assert "“2026年长流墩村农村低保对象名单”" in answer.body and "高沙窝镇农村低保" not in answer.body


def test_a_correction_after_its_deadline_is_refused(client, corrected):
    with time_machine.travel(D(2026, 10, 26), tick=False):
        open_page(client, corrected)
        r = client.post(reverse("apply-correct", args=[corrected.pk]), {"info_name": "低保名单"})
    assert r.status_code == 400 and "补正期限（2026-10-23）已过" in r.content.decode()
    assert Application.objects.get(pk=corrected.pk).status == "correction"


def test_an_empty_correction_is_explained(client, corrected):
    open_page(client, corrected)
    r = client.post(reverse("apply-correct", args=[corrected.pk]), {"info_name": " "})
    assert r.status_code == 400 and "至少填写所需信息" in r.content.decode()


def test_the_applicant_writes_a_message_and_alice_handles_it(client, register, people):
    case = register()
    open_page(client, case)
    r = client.post(reverse("apply-message", args=[case.pk]), {"body": "请改为邮寄到银川市兴庆区某路 1 号"})
    assert r.status_code == 302
    assert "请改为邮寄" in todo_text(people["alice"])
    message = case.messages.get()
    s.message_handle(message=message, actor=people["alice"])
    assert "请改为邮寄" not in todo_text(people["alice"])
    assert client.post(reverse("apply-message", args=[case.pk]), {"body": ""}).status_code == 400


def test_the_applicant_withdraws(client, register):
    case = register()
    open_page(client, case)
    assert (
        client.post(reverse("apply-withdraw", args=[case.pk]), {"reason": "已从村委会取得"}).status_code == 400
    )  # not confirmed
    assert (
        client.post(
            reverse("apply-withdraw", args=[case.pk]), {"reason": "已从村委会取得", "confirm": "on"}
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.status == "decided" and case.outcome == "other.3" and case.decided_on == D(2026, 10, 9)
    assert "撤回申请" in case.outcome_reason and case.letters.get(kind="other")


def test_after_the_case_is_closed_the_page_offers_no_message_and_a_posted_one_is_refused(client, register, people):
    case = register()
    alice = people["alice"]
    s.case_decide(case=case, actor=alice, on=D(2026, 10, 9), outcome="granted", reason="")
    s.case_serve(case=case, actor=alice, on=D(2026, 10, 9), method="电子邮件")
    s.case_close(case=case, actor=alice, on=D(2026, 10, 9))
    url = open_page(client, case)
    body = client.get(url).content.decode()
    assert "发送留言" not in body and "撤回申请" not in body
    r = client.post(reverse("apply-message", args=[case.pk]), {"body": "还有一份材料没收到"})
    assert r.status_code == 400 and "申请当前状态为“已办结”，不能留言" in r.content.decode()
    assert not case.messages.exists()
    r = client.post(reverse("apply-withdraw", args=[case.pk]), {"reason": "不需要了", "confirm": "on"})
    assert r.status_code == 400 and "不能撤回申请" in r.content.decode()


def test_the_applicants_steps_are_the_applicants_alone(register, people):
    """The steps are declared in the case's transition table: staff cannot take them for the
    applicant, and the applicant takes no staff step."""
    from django.core.exceptions import PermissionDenied

    from gongkai.applications.transitions import APPLICANT, TRANSITIONS

    case = register()
    assert TRANSITIONS.offered(APPLICANT, case) == ["applicant_message", "withdraw"]
    assert not {"applicant_message", "withdraw"} & set(TRANSITIONS.offered(people["alice"], case))
    with pytest.raises(PermissionDenied):
        TRANSITIONS.check(people["alice"], case, "withdraw")
    with pytest.raises(PermissionDenied):
        TRANSITIONS.check(APPLICANT, case, "decide")
    case = s.case_request_correction(
        case=case, actor=people["alice"], on=D(2026, 10, 9), limit=D(2026, 10, 23), note="请写明年份"
    )
    assert TRANSITIONS.offered(APPLICANT, case) == ["applicant_correct", "applicant_message", "withdraw"]


def test_a_page_is_only_for_the_session_that_gave_the_code(client, register):
    case = register()
    assert client.get(reverse("apply-case", args=[case.pk])).status_code == 404
    assert client.post(reverse("apply-withdraw", args=[case.pk]), {"confirm": "on"}).status_code == 404
    open_page(client, case)
    assert client.get(reverse("apply-case", args=[case.pk])).status_code == 200
    client.post(reverse("apply-forget"))
    assert client.get(reverse("apply-case", args=[case.pk])).status_code == 404


def test_the_applicant_downloads_the_released_material(client, register, people):
    case = register()
    s.case_decide(
        case=case,
        actor=people["alice"],
        on=D(2026, 10, 9),
        outcome="granted",
        reason="",
        files=[SimpleUploadedFile("低保名单.pdf", PDF, "application/pdf")],
    )
    url = open_page(client, case)
    body = client.get(url).content.decode()
    released = case.released_files.get()
    assert "低保名单.pdf" in body and "政府信息公开告知书" in body
    r = client.get(reverse("apply-released", args=[case.pk, released.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert "attachment" in r["Content-Disposition"]
    letter = case.letters.get(kind="granted")
    r = client.get(reverse("apply-letter", args=[case.pk, letter.pk]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_the_clerks_extension_request_waits_for_grace(register, people):
    case = register()
    alice, grace = people["alice"], people["grace"]
    request = s.case_extension_ask(case=case, actor=alice, on=D(2026, 10, 9), days=10, note="需要调取 2019 年档案")
    assert not case.letters.filter(kind=LetterKind.EXTENSION).exists()
    assert "申请延长 10 个工作日" in todo_text(grace) and "申请延长" not in todo_text(alice)
    with pytest.raises(s.TransitionError, match="等待工作机构负责人审批"):
        s.case_extension_ask(case=case, actor=alice, on=D(2026, 10, 9), days=10, note="再次")
    with pytest.raises(s.PermissionDenied):
        s.extension_decide(request=request, actor=alice, on=D(2026, 10, 9), approve=True)
    s.extension_decide(request=request, actor=grace, on=D(2026, 10, 9), approve=True, note="同意")
    case.refresh_from_db()
    # 2026-10-30 plus 10 working days: 2–6 and 9–13 November → Friday 13 November.
    assert case.extension_days == 10 and case.due_date == D(2026, 11, 13)
    letter = case.letters.get(kind=LetterKind.EXTENSION)
    assert "2026年11月13日前作出答复" in letter.body and "暂定" not in letter.body
    request.refresh_from_db()
    assert request.state == "approved" and request.decided_by == grace
    assert "申请延长" not in todo_text(grace)


def test_a_refused_extension_is_recorded_and_sends_nothing(register, people):
    case = register()
    request = s.case_extension_ask(case=case, actor=people["alice"], on=D(2026, 10, 9), days=20, note="材料多")
    with pytest.raises(s.TransitionError):
        s.extension_decide(request=request, actor=people["grace"], on=D(2026, 10, 9), approve=False)  # no reason
    s.extension_decide(request=request, actor=people["grace"], on=D(2026, 10, 9), approve=False, note="期限内可以办完")
    case.refresh_from_db()
    assert case.extension_days == 0 and not case.letters.filter(kind=LetterKind.EXTENSION).exists()
    assert case.events.filter(verb="extension_refused", actor=people["grace"]).exists()


def test_with_sign_off_required_a_letter_waits_for_the_head(client, register, people, gaoshawo):
    settings_ = s.settings_for(gaoshawo)
    settings_.sign_off = "head"
    settings_.save()
    case = register()
    outbox_send()
    mail.outbox.clear()
    s.case_decide(case=case, actor=people["alice"], on=D(2026, 10, 9), outcome="refused.4", reason="涉及个人隐私。")
    letter = case.letters.get(kind="refused")
    assert not letter.released
    outbox_send()
    assert mail.outbox == []  # nothing leaves before the signature
    url = open_page(client, case)
    assert "不予公开告知书" not in client.get(url).content.decode()
    with pytest.raises(s.TransitionError, match="尚未审签"):
        s.case_serve(case=case, actor=people["alice"], on=D(2026, 10, 9), method="电子邮件")
    assert "《政府信息不予公开告知书》" in todo_text(people["henry"])
    with pytest.raises(s.PermissionDenied):
        s.letter_sign_off(letter=letter, actor=people["carol"])  # 分管领导, but this agency wants 主要领导
    s.letter_sign_off(letter=letter, actor=people["henry"])
    letter.refresh_from_db()
    assert letter.signed_by == people["henry"] and letter.signed_at is not None
    outbox_send()
    assert [m.attachments[0][0] for m in mail.outbox] == [f"{letter.title}-{letter.number}.pdf"]
    assert "不予公开告知书" in client.get(url).content.decode()
    s.case_serve(case=case, actor=people["alice"], on=D(2026, 10, 9), method="电子邮件")


def test_a_deadline_into_an_unloaded_year_skips_new_year_and_the_letter_prints_a_plain_date(register, people):
    # Hand count from Sunday 2026-12-20 (the calendar of 2027 is not entered): 21–25 and 28–31
    # December are 9 working days, Friday 2027-01-01 (元旦) is skipped, 4–8 and 11–15 January
    # make 19, Monday 18 January is the 20th.
    with time_machine.travel(D(2026, 12, 21), tick=False):
        case = register(received_on=D(2026, 12, 20))
        assert case.due_date == D(2027, 1, 18) and case.due_provisional
        s.case_extend(case=case, actor=people["grace"], on=D(2026, 12, 21), days=5, note="需要调取档案")
    case.refresh_from_db()
    # Five more: 19–22 and 25 January.
    assert case.due_date == D(2027, 1, 25) and case.due_provisional
    letter = case.letters.get(kind=LetterKind.EXTENSION)
    assert "最迟于 2027年1月25日前作出答复" in letter.body and "暂定" not in letter.body


def test_henry_signs_a_letter_on_its_page_and_alice_sees_who_signed(client, register, people, gaoshawo):
    settings_ = s.settings_for(gaoshawo)
    settings_.sign_off = "head"
    settings_.save()
    case = s.case_decide(
        case=register(), actor=people["alice"], on=D(2026, 10, 9), outcome="refused.4", reason="涉及个人隐私。"
    )
    letter = case.letters.get()
    url = reverse("applications:sign-off", args=[letter.pk])
    client.force_login(people["carol"])
    assert client.get(url).status_code == 403  # 分管领导: this agency wants the 主要领导
    client.force_login(people["henry"])
    body = client.get(url).content.decode()
    assert "审签同意发出" in body and "涉及个人隐私" in body
    assert client.post(url).status_code == 302
    client.force_login(people["alice"])
    body = client.get(reverse("applications:case", args=[case.pk])).content.decode()
    assert "于 2026-10-09" in body and "审签" in body and "待审签" not in body


def test_alice_marks_a_message_handled_on_the_case_page(client, register, people):
    case = register()
    s.case_applicant_message(case=case, body="已缴费")
    client.force_login(people["alice"])
    page = client.get(reverse("applications:case", args=[case.pk])).content.decode()
    assert "已缴费" in page and "标记已处理" in page
    message = case.messages.get()
    assert client.post(reverse("applications:message-handled", args=[case.pk, message.pk])).status_code == 302
    message.refresh_from_db()
    assert message.handled_by == people["alice"]
    client.force_login(people["dave"])  # another township
    assert client.post(reverse("applications:message-handled", args=[case.pk, message.pk])).status_code == 403


def test_coming_back_with_the_code_the_applicant_prints_the_receipt_from_the_page(client, register):
    """The 回执 is not only on the page right after filing: days later, with the query code, the
    applicant page links to it, and the printout carries the date of receipt."""
    import io
    import re

    import pdfplumber

    case = register()
    body = client.get(open_page(client, case)).content.decode()
    link = re.search(r'id="receipt-links">[^<]*<a href="([^"]+)"', body).group(1)
    assert link == reverse("apply-receipt-file", args=[case.pk, "pdf"])
    r = client.get(link)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(r.content)) as pdf:
        text = "".join(p.extract_text() for p in pdf.pages).replace(" ", "").replace("\n", "")
    assert "政府信息公开申请回执" in text and case.query_code in text and "2026年9月28日" in text
