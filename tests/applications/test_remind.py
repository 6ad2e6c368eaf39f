from datetime import date as D
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from gongkai.applications.models import Reminder
from gongkai.applications.deadlines import broken_promises
from gongkai.applications.outbox import outbox_send
from gongkai.applications.services import case_notify_due
from gongkai.workdays.services import calendar_import_year
from gongkai.core.workdays import SpecialDay

# The dates below were counted by hand on the 2026 calendar (国庆节, 调休): the story is told on 1 December 2026.
pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-01")]


def remind(*args):
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def test_it_reminds_alice_and_grace_once(register):
    case = register()  # due 2026-10-30
    outbox_send()  # the applicant's receipt
    mail.outbox.clear()
    assert "新生成 1 条提醒；已发送 1 条通知" in remind("--today", "2026-10-27")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "即将到期" in message.subject and case.number in message.subject
    assert sorted(message.to) == ["alice@example.org", "gaoshawo@example.org", "grace@example.org"]
    assert "64032319900101123X" not in message.body and "13912345678" not in message.body
    assert "新生成 0 条提醒；已发送 0 条通知" in remind("--today", "2026-10-28")
    remind("--today", "2026-11-02")
    assert "已逾期" in mail.outbox[1].subject and len(mail.outbox) == 2
    remind("--today", "2026-11-03")
    assert Reminder.objects.count() == 2 and len(mail.outbox) == 2


def test_a_new_due_date_gets_its_own_reminder(register, people):
    from gongkai.applications.services import case_extend

    case = register()
    remind("--today", "2026-10-27")
    case_extend(case=case, actor=people["grace"], on=D(2026, 10, 27), days=20, note="需要调取档案")
    remind("--today", "2026-11-24")
    reminders = [m.subject[:6] for m in mail.outbox if m.subject.startswith("【")]
    assert reminders == ["【即将到期】", "【即将到期】"]


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        remind("--today", "2026-13-01")


def test_entering_the_2027_calendar_recomputes_provisional_due_dates(
    register, people, django_capture_on_commit_callbacks
):
    from gongkai.applications.services import case_extend

    # From 2026-11-20, 40 working days: 23 November … 31 December are 29, 2027-01-01 (元旦, a
    # statutory festival even before the 2027 schedule is entered) is skipped, 4–15 January make
    # 39, Monday 18 January is the 40th.
    case = case_extend(
        case=register(received_on=D(2026, 11, 20)), actor=people["grace"], on=D(2026, 11, 23), days=20, note="x"
    )
    assert case.due_provisional and case.due_date == D(2027, 1, 18)
    letter = case.letters.get(kind="extension")
    assert "2027年1月18日前作出答复" in letter.body and "暂定" not in letter.body
    # The official schedule adds Monday 4 January as a day off: the law's date is now the 19th,
    # but the applicant was promised the 18th, so the office keeps to it until a new letter.
    with django_capture_on_commit_callbacks(execute=True):
        calendar_import_year(
            year=2027,
            days=[SpecialDay(D(2027, 1, 1), False, "元旦"), SpecialDay(D(2027, 1, 4), False, "元旦")],
            source="国办发明电",
        )
    case.refresh_from_db()
    assert not case.due_provisional and case.due_date == D(2027, 1, 18)
    assert broken_promises([case.agency_id]) == [(case, D(2027, 1, 18), D(2027, 1, 19))]
    with time_machine.travel(D(2026, 12, 1)):
        case_notify_due(case=case, actor=people["alice"], on=D(2026, 12, 1))
    case.refresh_from_db()
    assert case.due_date == case.promised_due == D(2027, 1, 19) and broken_promises([case.agency_id]) == []
    assert "2027年1月19日前作出答复" in case.letters.get(kind="due_notice").body


def test_a_schedule_that_brings_the_date_earlier_binds_at_once(register, people, django_capture_on_commit_callbacks):
    from gongkai.applications.services import case_extend

    case = case_extend(
        case=register(received_on=D(2026, 11, 20)), actor=people["grace"], on=D(2026, 11, 23), days=20, note="x"
    )
    # Saturday 9 January 2027 becomes a make-up working day: the 40th working day is now the 15th.
    with django_capture_on_commit_callbacks(execute=True):
        calendar_import_year(
            year=2027,
            days=[SpecialDay(D(2027, 1, 1), False, "元旦"), SpecialDay(D(2027, 1, 9), True, "元旦")],
            source="国办发明电",
        )
    case.refresh_from_db()
    assert case.due_date == D(2027, 1, 15) and case.promised_due == D(2027, 1, 18)
    assert broken_promises([case.agency_id]) == [(case, D(2027, 1, 18), D(2027, 1, 15))]
