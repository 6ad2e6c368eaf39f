from datetime import date as D
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from gongkai.applications.models import Application, Reminder
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
    assert "已发送 1 条" in remind("--today", "2026-10-27")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "即将到期" in message.subject and case.number in message.subject
    assert sorted(message.to) == ["alice@example.org", "grace@example.org"]
    assert "64032319900101123X" not in message.body and "13912345678" not in message.body
    assert "已发送 0 条" in remind("--today", "2026-10-28")
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
    assert [m.subject[:6] for m in mail.outbox] == ["【即将到期】", "【即将到期】"]


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        remind("--today", "2026-13-01")


def test_entering_the_2027_calendar_recomputes_provisional_due_dates(register, people, django_capture_on_commit_callbacks):
    from gongkai.applications.services import case_extend

    case = case_extend(case=register(received_on=D(2026, 11, 20)), actor=people["grace"], on=D(2026, 11, 23), days=20, note="x")
    assert case.due_provisional and case.due_date == D(2027, 1, 15)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_import_year(year=2027, days=[SpecialDay(D(2027, 1, 1), False, "元旦")], source="国办发明电")
    case.refresh_from_db()
    assert not case.due_provisional and case.due_date == D(2027, 1, 18)
