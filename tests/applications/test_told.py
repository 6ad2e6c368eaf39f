"""What each side is told, on its own page (issue 12): the applicant's page says what they can do
now and prints a plain answer date; the staff's case page and list mark a date counted into a
year whose holiday schedule is not entered as provisional; and when that schedule is entered,
the clerk's 我的待办 lists every case whose promised date it would move, and what to send."""

from datetime import date as D

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.accounts.todo import todo_for
from gongkai.applications import services as s
from gongkai.applications.outbox import outbox_send
from gongkai.core.workdays import SpecialDay
from gongkai.workdays.services import calendar_import_year
from tests.worker import run_worker

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def next_steps(client, case):
    client.post(reverse("apply-status"), {"code": case.query_code})
    page = client.get(reverse("apply-case", args=[case.pk])).content.decode()
    return page.split('id="next-steps"', 1)[1].split("</section>", 1)[0]


@pytest.mark.today("2026-10-09")
def test_the_applicant_page_says_what_can_be_done_now(client, register, people):
    alice = people["alice"]
    waiting = register(received_on=D(2026, 10, 9))
    steps = next_steps(client, waiting)
    assert "给受理机关留言" in steps and "撤回申请" in steps and "在线补正" not in steps

    asked = s.case_request_correction(
        case=register(received_on=D(2026, 10, 9)), actor=alice, on=D(2026, 10, 9), limit=D(2026, 10, 23), note="年份"
    )
    assert "于 2026年10月23日 前在下方在线补正" in next_steps(client, asked)

    fee = s.case_fee_notice(
        case=register(received_on=D(2026, 10, 9)), actor=alice, on=D(2026, 10, 9), method="per_page", pages=120
    )
    assert "缴纳信息处理费" in next_steps(client, fee)

    def granted(**material):
        day = D(2026, 10, 9)
        return s.case_decide(
            case=register(received_on=day), actor=alice, on=day, outcome="granted", reason="", **material
        )

    with_files = granted(files=[SimpleUploadedFile("低保名单.pdf", PDF, "application/pdf")])
    steps = next_steps(client, with_files)
    assert "下载答复告知书和公开的政府信息" in steps and "申请行政复议或提起行政诉讼" in steps
    on_paper = granted(paper_note="复印件 3 页，随告知书挂号邮寄")
    assert "下载答复告知书和公开的政府信息" in next_steps(client, on_paper)
    page = client.get(reverse("apply-case", args=[on_paper.pk])).content.decode()
    assert "纸质材料：复印件 3 页，随告知书挂号邮寄" in page.split('id="released"', 1)[1]
    closed = s.case_close(
        case=s.case_serve(case=with_files, actor=alice, on=D(2026, 10, 9), method="电子邮件"),
        actor=alice,
        on=D(2026, 10, 9),
    )
    steps = next_steps(client, closed)
    assert "留言" not in steps and "撤回" not in steps


def test_a_date_into_an_unloaded_year_is_provisional_for_staff_and_plain_for_the_applicant(client, register, people):
    # From Sunday 2026-12-20, 20 working days, 2027 not entered: 2027-01-01 (元旦) is skipped
    # (hand count in test_applicant.py): Monday 18 January.
    with time_machine.travel(D(2026, 12, 21), tick=False):
        case = register(received_on=D(2026, 12, 20))
        client.force_login(people["alice"])
        staff = client.get(reverse("applications:case", args=[case.pk])).content.decode()
        listed = client.get(reverse("applications:list")).content.decode()
        client.logout()
        client.post(reverse("apply-status"), {"code": case.query_code})
        applicant = client.get(reverse("apply-case", args=[case.pk])).content.decode()
    assert 'id="due-date">2027-01-18</span> <span class="provisional">（暂定）' in staff
    assert "2027-01-18" in listed and "（暂定）" in listed
    assert 'id="due-date">2027-01-18</span>' in applicant and "暂定" not in applicant


@pytest.mark.today("2026-12-01")
def test_the_clerk_is_told_which_promised_dates_a_new_schedule_moves(
    client, register, people, django_capture_on_commit_callbacks
):
    alice = people["alice"]
    # From 2026-11-20, extended: 40 working days, Monday 2027-01-18 (test_remind.py counts it).
    later = s.case_extend(
        case=register(received_on=D(2026, 11, 20)), actor=people["grace"], on=D(2026, 11, 23), days=20, note="x"
    )
    untouched = register(received_on=D(2026, 11, 30))  # due in December: no 2027 day in its count
    with django_capture_on_commit_callbacks(execute=True):
        calendar_import_year(
            year=2027,
            days=[SpecialDay(D(2027, 1, 1), False, "元旦"), SpecialDay(D(2027, 1, 4), False, "元旦")],
            source="国办发明电",
        )
    [section] = [sec for sec in todo_for(alice) if sec.title == "答复期限需另行告知申请人"]
    [entry] = section.entries
    assert later.number in entry.title and untouched.number not in entry.title
    assert (
        entry.note
        == "已告知申请人 2027-01-18，按新公布的节假日安排应为 2027-01-19：仍须在 2027-01-18 前答复，或发出答复期限告知书"
    )
    client.force_login(alice)
    assert entry.url == reverse("applications:case", args=[later.pk]) + "#action-due_notice"
    page = client.get(entry.url).content.decode()
    assert 'id="action-due_notice"' in page


@pytest.mark.today("2026-10-09")
def test_every_notice_is_listed_on_the_case_and_a_failed_one_can_be_sent_again(client, register, people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 5  # nothing listens
    case = register(received_on=D(2026, 10, 9))
    outbox_send()
    client.force_login(people["alice"])
    page = client.get(reverse("applications:case", args=[case.pk])).content.decode()
    notices = page.split('id="notices"', 1)[1].split("</section>", 1)[0]
    # the receipt by e-mail (refused by the mail server, to be retried) and by SMS (sent)
    assert "电子邮件" in notices and "短信" in notices and "已发送" in notices
    assert "待发送" in notices and "重新发送" in notices
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    failed = case.notices.get(channel="email")
    r = client.post(reverse("applications:notice-retry", args=[case.pk, failed.pk]))
    assert r.status_code == 302
    run_worker()  # the task queue's worker sends it again right after the click
    failed.refresh_from_db()
    assert failed.state == "sent"
