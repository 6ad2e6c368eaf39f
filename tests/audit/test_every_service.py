"""Every service that writes leaves its event, written inside the service's own transaction.

The walk enumerates every public function of every services module (and `disclosure/registers.py`,
where the register services live). Each one is either named below as not a service that writes
(with why), or it is called by the tour, and every call must have written at least one event row
(an Event of gongkai.audit: ItemEvent, CaseEvent, AppealEvent, ReportEvent or RecordEvent) inside
the service's own atomic block. A new service with no place in the tour fails the walk by name.
"""

import functools
import importlib
import inspect
import io
from collections import defaultdict
from datetime import date as D
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models.signals import post_save

from gongkai.audit.models import Event
from tests.factories import open_day

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")

# Modules outside services.py that hold services (name → why).
EXTRA_MODULES = {
    "gongkai.disclosure.registers": "the register services (第二十条 records, tallies)",
    "gongkai.applications.citizens": "the citizen accounts' services",
}

NOT_WRITING = {
    "gongkai.applications.services.today": "reads the clock",
    "gongkai.applications.services.format_number": "formats a number",
    "gongkai.applications.services.new_query_code": "draws a code and reads whether it is taken",
    "gongkai.applications.services.applicant_key": "computes a key from the form",
    "gongkai.applications.services.monthly_position": "reads how many applications came before in the month",
    "gongkai.applications.services.settings_for": "creates an agency's default number prefixes inside the intake "
    "or the letter that needs them; that service writes the event",
    "gongkai.applications.services.next_serial": "steps a counter inside the intake or the letter that writes the "
    "event",
    "gongkai.applications.services.applicant_page_url": "builds a link",
    "gongkai.applications.services.may_sign": "reads who may sign the agency's letters",
    "gongkai.applications.services.letter_issue": "issues the letter of a transition, which writes the case event "
    "the letter points at",
    "gongkai.disclosure.services.personal_data_in": "reads an item's text",
    "gongkai.disclosure.services.items_recompute_due": "refreshes due dates, a cache of the calendar; the calendar "
    "change that triggers it is the event",
    "gongkai.disclosure.registers.read_table": "reads an uploaded file",
    "gongkai.disclosure.registers.parse_tallies": "reads an uploaded file",
    "gongkai.reports.services.default_year": "reads the clock",
    "gongkai.applications.citizens.citizen_authenticate": "checks a password",
    "gongkai.applications.citizens.login_of": "normalises an account name",
    "gongkai.applications.citizens.told_owner_at": "reads when an account's owner was last told of a registration",
    "gongkai.applications.citizens.seconds_to_wait": "computes from the clock",
}


def service_modules():
    names = [
        f"{c.name}.services"
        for c in apps.get_app_configs()
        if c.name.startswith("gongkai.") and importlib.util.find_spec(f"{c.name}.services")
    ]
    return [importlib.import_module(n) for n in names + list(EXTRA_MODULES)]


def public_functions():
    return {
        f"{m.__name__}.{name}": (m, name)
        for m in service_modules()
        for name, fn in vars(m).items()
        if inspect.isfunction(fn) and fn.__module__ == m.__name__ and not name.startswith("_")
    }


class Spy:
    """Wraps every writing service; counts the events saved deeper than the service's entry,
    i.e. inside its own transaction.atomic block."""

    def __init__(self):
        self.calls = defaultdict(list)
        self.stack = []

    def wrap(self, qualname, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            frame = {"depth": len(connection.savepoint_ids), "events": 0}
            self.stack.append(frame)
            try:
                result = fn(*args, **kwargs)
            finally:
                self.stack.pop()
            self.calls[qualname].append(frame["events"])
            return result

        return wrapper

    def saved(self, sender, created, **kwargs):
        if created and issubclass(sender, Event):
            depth = len(connection.savepoint_ids)
            for frame in self.stack:
                if depth > frame["depth"]:
                    frame["events"] += 1


@pytest.fixture
def spy(monkeypatch):
    spy = Spy()
    for qualname, (module, name) in public_functions().items():
        if qualname not in NOT_WRITING:
            monkeypatch.setattr(module, name, spy.wrap(qualname, getattr(module, name)))
    post_save.connect(spy.saved, dispatch_uid="audit-walk")
    yield spy
    post_save.disconnect(dispatch_uid="audit-walk")


def test_the_list_of_non_writing_functions_names_only_real_ones():
    assert set(NOT_WRITING) <= set(public_functions())


def png():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG")
    return SimpleUploadedFile("公示照片.png", out.getvalue(), content_type="image/png")


ALL_CLEAR = {
    "state_secret": True,
    "work_secret": True,
    "business_secret": True,
    "privacy": True,
    "process_info": True,
    "other_prohibited": True,
}
APPLICANT = {
    "applicant_type": "natural",
    "name": "马文华",
    "id_type": "resident",
    "id_number": "64032319900101123X",
    "phone": "13912345678",
    "email": "ma@example.org",
    "address": "宁夏盐池县高沙窝镇长流墩村",
    "info_name": "2026年高沙窝镇农村低保对象名单",
    "info_description": "长流墩村低保对象名单",
    "delivery": "email",
}


def tour_workdays(p):
    from gongkai.core.workdays import SpecialDay as CoreDay
    from gongkai.workdays import services as s
    from gongkai.workdays.models import CalendarYear, SpecialDay

    s.calendar_import_year(
        year=2027, days=[CoreDay(D(2027, 1, 1), False, "元旦")], source="国办发明电", actor=p["admin"]
    )
    CalendarYear.objects.filter(year=2019).delete()
    SpecialDay.objects.filter(day__year=2019).delete()
    assert s.calendar_seed() == [2019]
    day = s.special_day_save(actor=p["admin"], special_day=SpecialDay(day=D(2027, 1, 2), workday=False, name="元旦"))
    s.special_day_delete(actor=p["admin"], special_day=day)


def tour_disclosure(p, agency):
    from gongkai.disclosure import registers, services as s
    from gongkai.disclosure.models import Category, Channel, DecisionTally, PowerKind

    assert s.catalog_seed(agency=agency, actor=p["alice"]) > 0
    category = s.category_create(actor=p["alice"], agency=agency, name="走访记录", slug="visit-records")
    s.category_update(actor=p["alice"], category=category, name="入户走访记录")

    def draft(title):
        return s.item_create(
            actor=p["bob"],
            agency=agency,
            channels=[Channel.objects.get(code="website")],
            category=Category.objects.get(agency=agency, slug="temporary-relief"),
            unit=agency.units.get(name="民生保障服务中心"),
            title=title,
            body="<p>现予公示。</p>",
            formed_on=D(2026, 11, 2),
        )

    def reviewed(item):
        s.item_submit(actor=p["bob"], item=item)
        s.item_approve_unit(actor=p["heidi"], item=item)
        return s.item_approve_leader(actor=p["carol"], item=item)

    item = draft("高沙窝镇2026年第四季度临时救助对象名单公示")
    s.item_update(actor=p["bob"], item=item, title="高沙窝镇2026年第四季度临时救助名单公示")
    attachment = s.item_attach(actor=p["bob"], item=item, upload=png())
    s.item_remove_attachment(actor=p["bob"], attachment=attachment)
    now = datetime(2026, 11, 30, 10, tzinfo=SH)
    item = s.item_publish(actor=p["alice"], item=reviewed(item), secrecy=ALL_CLEAR, now=now)
    s.item_correct(actor=p["alice"], item=item, note="更正名单中的金额", body="<p>更正后的名单。</p>", now=now)
    s.item_set_validity(actor=p["alice"], item=item, validity="invalid", note="已过公示期")
    s.item_withdraw(actor=p["alice"], item=item, reason="公示期满", now=now)

    returned = reviewed(draft("退回的信息"))
    s.item_send_back(actor=p["alice"], item=returned, reason="请补充救助金额")
    scheduled = reviewed(draft("定时发布的信息"))
    s.item_publish(actor=p["alice"], item=scheduled, secrecy=ALL_CLEAR, publish_at=now + timedelta(hours=1), now=now)
    assert s.publish_scheduled(now=now + timedelta(hours=2))["published"] == 1

    registers.tallies_import(
        actor=p["alice"], agency=agency, rows=[{"year": 2026, "month": 3, "kind": PowerKind.PENALTY, "count": 4}]
    )
    tally = registers.register_record_save(
        actor=p["alice"],
        record=DecisionTally(agency=agency, year=2026, month=4, kind=PowerKind.PENALTY, count=2, entered_by=p["alice"]),
    )
    registers.register_record_delete(actor=p["alice"], record=tally)
    return scheduled


def tour_applications(p, agency):
    from gongkai.applications import services as s

    alice, grace = p["alice"], p["alice"]

    def register(**extra):
        return s.application_register(
            agency=agency, actor=alice, fields={**APPLICANT, **extra}, channel="in_person", received_on=D(2026, 9, 28)
        )

    case = register()
    s.case_request_correction(case=case, actor=alice, on=D(2026, 9, 30), limit=D(2026, 10, 16), note="请写明村名")
    s.case_correction_received(case=case, actor=alice, on=D(2026, 10, 9))
    s.case_consult(case=case, actor=alice, on=D(2026, 10, 12), kind="third_party", party="盐池县某合作社")
    s.case_consultation_answered(case=case, actor=alice, on=D(2026, 10, 16), note="同意公开")
    s.case_extend(case=case, actor=p["grace"], on=D(2026, 10, 20), days=20, note="需要调取档案")
    s.case_fee_notice(case=case, actor=alice, on=D(2026, 10, 21), method="per_page", pages=101)
    s.case_fee_paid(case=case, actor=alice, on=D(2026, 10, 23))
    s.case_decide(case=case, actor=alice, on=D(2026, 10, 26), outcome="granted", reason="")
    s.case_serve(case=case, actor=alice, on=D(2026, 10, 27), method="电子邮件")
    s.case_close(case=case, actor=alice, on=D(2026, 10, 28))
    s.case_reopen(
        case=case, actor=grace, reason="复议决定责令重新答复", basis="盐政复决字〔2026〕3号", on=D(2026, 11, 2)
    )

    abandoned = register(info_name="另一份文件")
    s.case_request_correction(case=abandoned, actor=alice, on=D(2026, 9, 30), limit=D(2026, 10, 16), note="x")
    s.case_abandon(case=abandoned, actor=alice, on=D(2026, 10, 19))
    unpaid = s.case_fee_notice(
        case=register(info_name="第三份文件"), actor=alice, on=D(2026, 10, 12), method="per_page", pages=40
    )
    s.case_fee_lapsed(case=unpaid, actor=alice, on=D(2026, 11, 10))
    asked = s.case_ask_reasons(case=register(info_name="第四份文件"), actor=alice, on=D(2026, 10, 9), note="请说明用途")
    s.case_judge_reasons(case=asked, actor=alice, on=D(2026, 10, 20), reasonable=False, note="未说明")
    online = s.application_submit(agency=agency, fields={**APPLICANT, "info_name": "网上申请的文件"})
    s.case_confirm_receipt(case=online, actor=alice, on=D(2026, 11, 30))
    s.application_personal_data_view(case=online, actor=alice, what="证件号码和联系电话")
    tour_applicant(p, agency, register)
    return case


def tour_applicant(p, agency, register):
    """The applicant's own steps, the extension request, 审签 and a new answer date."""
    from gongkai.applications import services as s
    from gongkai.applications.models import Application

    alice = p["alice"]
    corrected = register(info_name="第五份文件")
    s.case_request_correction(case=corrected, actor=alice, on=D(2026, 9, 30), limit=D(2026, 12, 16), note="请写明年份")
    s.case_applicant_correct(case=corrected, fields={"info_name": "2026年第五份文件"})
    message = s.case_applicant_message(case=corrected, body="已寄出补正材料")
    s.message_handle(message=message, actor=alice)
    request = s.case_extension_ask(case=corrected, actor=alice, on=D(2026, 11, 30), days=5, note="需要调取档案")
    s.extension_decide(request=request, actor=p["grace"], on=D(2026, 11, 30), approve=True)
    s.case_withdraw(case=register(info_name="第六份文件"))
    promised = register(info_name="第七份文件")
    Application.objects.filter(pk=promised.pk).update(promised_due=D(2026, 12, 1))  # told before a new calendar
    s.case_notify_due(case=promised, actor=alice, on=D(2026, 11, 30))
    agency_settings = s.settings_for(agency)
    agency_settings.sign_off = "leader"
    agency_settings.save()
    tour_citizen(register(info_name="第九份文件"))
    signed = register(info_name="第八份文件")
    s.case_decide(case=signed, actor=alice, on=D(2026, 11, 30), outcome="refused.4", reason="涉及个人隐私")
    s.letter_sign_off(letter=signed.letters.get(), actor=p["carol"])


def tour_citizen(case):
    """A citizen account: registered, a new code, verified, an older application claimed, the
    password reset (a wrong code first)."""
    from gongkai.applications import citizens as c
    from gongkai.applications.models import Citizen, Notice

    citizen = c.citizen_register(login="13912345678", password="Gaoshawo-2026")
    Citizen.objects.filter(pk=citizen.pk).update(code_sent_at=citizen.code_sent_at - timedelta(minutes=2))
    c.citizen_code_send(citizen=citizen)
    assert not c.citizen_verify(citizen=citizen, code="1234567")  # a wrong code is counted (an event too)
    code = Notice.objects.filter(kind="account_code").latest("pk").secret  # kept encrypted until sent
    assert c.citizen_verify(citizen=citizen, code=code)
    c.application_claim(citizen=citizen, code=case.query_code)
    Citizen.objects.filter(pk=citizen.pk).update(code_sent_at=citizen.code_sent_at - timedelta(minutes=2))
    assert c.citizen_reset_request(login="13912345678") is not None
    assert c.citizen_password_reset(login="13912345678", code="1234567", password="Changliudun-2027") is None
    code = Notice.objects.filter(kind="password_code").latest("pk").secret
    assert c.citizen_password_reset(login="13912345678", code=code, password="Changliudun-2027") is not None


def tour_appeals(p, agency, case):
    from gongkai.appeals import services as s
    from gongkai.appeals.models import Appeal

    appeal = s.appeal_register(
        agency=agency,
        actor=p["alice"],
        kind=Appeal.Kind.REVIEW,
        appellant="马文华",
        body="盐池县人民政府",
        filed_on=D(2026, 11, 3),
        number="盐政复〔2026〕1号",
    )
    s.appeal_update(appeal=appeal, actor=p["alice"], number="盐政复〔2026〕2号", applications=[case])
    s.appeal_decide(appeal=appeal, actor=p["alice"], result=Appeal.Result.UPHELD, decided_on=D(2026, 11, 20))


def tour_reports(p, agency):
    from gongkai.reports import services as s

    alice = p["alice"]
    report = s.report_start(agency=agency, actor=alice, year=2025)
    s.report_save_texts(
        report=report,
        actor=alice,
        overview="2025年，本镇依法公开政府信息。",
        problems="一是公开内容不够全面。改进措施：完善公开目录。",
        other="无。",
    )
    s.report_override_cell(
        report=report, actor=alice, table="20.6", row="penalty", column="decisions", value="3", reason="纸质台账"
    )
    s.report_remove_override(report=report, actor=alice, table="20.6", row="penalty", column="decisions")
    s.report_submit(report=report, actor=alice)
    s.report_approve(report=report, actor=p["henry"], on=D(2026, 1, 20))
    report.refresh_from_db()
    s.report_correction_start(report=report, actor=alice, note="补充整改情况")
    draft = s.report_start(agency=agency, actor=alice, year=2026)
    # section 五 starts with last year's problems under a 【…】 prompt (R12): written up first
    s.report_save_texts(report=draft, actor=alice, overview=draft.overview, problems="上年问题已整改。", other="无。")
    s.report_submit(report=draft, actor=alice)
    s.report_send_back(report=draft, actor=p["erin"], reason="请补充开放日情况")
    content = Path("tests/fixtures/corpus/gaoshawo-2020.txt").read_bytes()
    s.report_import(agency=agency, actor=alice, year=2020, filename="gaoshawo-2020.txt", content=content)


def tour_portal(p, agency, item):
    from gongkai.portal import services as s

    feedback = s.feedback_submit(item=item, rating=4, comment="希望公示时间再长一些")
    s.feedback_moderate(feedback=feedback, actor=p["alice"], approve=True, reply="已延长。")
    now = datetime(2026, 11, 30, 10, tzinfo=SH)
    day = open_day(agency, p["alice"], now=now, capacity=5, published=True)
    s.openday_update(open_day=day, actor=p["alice"], capacity=6)
    s.openday_register(open_day=day, name="张三", phone="13900000001", now=now)
    opinion = s.opinion_submit(open_day=day, content="希望多办几次", now=now + timedelta(days=10, hours=1))
    s.opinion_answer(opinion=opinion, actor=p["alice"], answer="明年每季度举办一次。")


def test_every_writing_service_writes_its_event_in_its_transaction(spy, people, gaoshawo, settings, tmp_path):
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "media", tmp_path / "private"
    with time_machine.travel(datetime(2026, 11, 30, 10, tzinfo=SH), tick=False):
        tour_workdays(people)
        item = tour_disclosure(people, gaoshawo)
        case = tour_applications(people, gaoshawo)
        tour_appeals(people, gaoshawo, case)
        tour_reports(people, gaoshawo)
        tour_portal(people, gaoshawo, item)
    writing = set(public_functions()) - set(NOT_WRITING)
    assert sorted(writing - set(spy.calls)) == [], (
        "services the tour never calls: give each a step in its tour_* function above, or, if it writes "
        "nothing, name it in NOT_WRITING with why"
    )
    silent = {name: calls for name, calls in spy.calls.items() if not all(calls)}
    assert silent == {}, "calls that wrote no event inside their own transaction (events per call)"
