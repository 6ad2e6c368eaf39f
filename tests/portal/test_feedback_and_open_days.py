"""监督评议 and 政府开放日: what the public submits, what the office moderates and answers."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.portal import selectors, services
from gongkai.audit.models import RecordEvent
from gongkai.portal.models import Feedback, OpenDay, OpenDayRegistration

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def item(publish):
    return publish("2025年涉农补贴发放公示", "<p>每亩补贴 100 元。</p>")


def post_feedback(client, item, **data):
    return client.post(reverse("portal:item-feedback", args=["gaoshawo", item.pk]), {"rating": "4", **data})


def test_feedback_shows_only_after_alice_approves_it_with_her_reply(client, item, people):
    r = post_feedback(client, item, comment="希望公示时间再长一些")
    assert r.status_code == 302
    page = reverse("portal:item", args=["gaoshawo", item.pk])
    assert "希望公示时间再长一些" not in client.get(page).content.decode()
    feedback = Feedback.objects.get()
    assert feedback.status == "pending"
    services.feedback_moderate(feedback=feedback, actor=people["alice"], approve=True, reply="公示期已延长至 15 天。")
    body = client.get(page).content.decode()
    assert "希望公示时间再长一些" in body and "公示期已延长至 15 天。" in body and "★★★★☆" in body
    assert RecordEvent.objects.filter(
        verb="feedback.approved", actor=people["alice"], object_type="portal.feedback"
    ).exists()


def test_a_rejected_comment_never_shows(client, item, people):
    post_feedback(client, item, comment="无关广告内容")
    services.feedback_moderate(feedback=Feedback.objects.get(), actor=people["alice"], approve=False)
    assert "无关广告内容" not in client.get(reverse("portal:item", args=["gaoshawo", item.pk])).content.decode()
    with pytest.raises(ValidationError):
        services.feedback_moderate(feedback=Feedback.objects.get(), actor=people["alice"], approve=True)


def test_only_the_ogi_office_of_the_agency_moderates(item, people):
    feedback = services.feedback_submit(item=item, rating=3, comment="好")
    for name in ("bob", "dave", "erin"):
        with pytest.raises(PermissionDenied):
            services.feedback_moderate(feedback=feedback, actor=people[name], approve=True)


def test_alice_moderates_from_her_staff_page(client, item, people):
    post_feedback(client, item, comment="请补充附件")
    client.force_login(people["alice"])
    assert "待审核的监督评议" in client.get(reverse("staff-home")).content.decode()
    body = client.get(reverse("portal:staff-feedback")).content.decode()
    assert "请补充附件" in body and "开放日管理" in body
    feedback = Feedback.objects.get()
    r = client.post(
        reverse("portal:staff-feedback-moderate", args=[feedback.pk]), {"decision": "approve", "reply": "已补充。"}
    )
    assert r.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == "approved" and feedback.reply == "已补充。"
    client.force_login(people["dave"])
    assert client.get(reverse("portal:staff-feedback")).content.decode().count("请补充附件") == 0


def test_the_feedback_form_refuses_script_oversize_and_missing_rating(client, item):
    body = post_feedback(client, item, comment="<script>alert(1)</script>").content.decode()
    assert "不要包含网页代码" in body and "<script>alert(1)" not in body
    body = post_feedback(client, item, comment="长" * 501).content.decode()
    assert "不能超过 500 字" in body
    r = client.post(reverse("portal:item-feedback", args=["gaoshawo", item.pk]), {"comment": "好"})
    assert r.status_code == 400 and "请选择满意度评分" in r.content.decode()
    assert not Feedback.objects.exists()


def test_the_honeypot_and_the_rate_limit_stop_robots(client, item, settings):
    r = post_feedback(client, item, comment="spam", website="http://spam.example")
    assert r.status_code == 302 and not Feedback.objects.exists()
    settings.PORTAL_RATE_FEEDBACK = (2, 3600)
    assert post_feedback(client, item).status_code == 302
    assert post_feedback(client, item).status_code == 302
    r = post_feedback(client, item)
    assert r.status_code == 429 and "过于频繁" in r.content.decode()
    assert Feedback.objects.count() == 2


def test_the_application_form_has_a_honeypot_and_a_rate_limit(client, people, settings):
    from gongkai.applications.models import Application

    page = client.get("/apply/gaoshawo/").content.decode()
    assert 'name="website"' in page and 'class="req"' in page and "data-check" in page
    r = client.post("/apply/gaoshawo/", {"name": "x", "website": "http://spam.example"})
    assert r.status_code == 400 and not Application.objects.exists()
    r = client.post("/apply/gaoshawo/", {"name": "<script>alert(1)</script>", "info_description": "x" * 3000})
    body = r.content.decode()
    assert r.status_code == 400 and "不要包含网页代码" in body and "不能超过 2000 字" in body
    settings.PORTAL_RATE_APPLICATION = (1, 3600)
    client.post("/apply/gaoshawo/", {"name": "x"})
    r = client.post("/apply/gaoshawo/", {"name": "x"})
    assert r.status_code == 429 and "过于频繁" in r.content.decode()


def test_a_wrong_query_code_gets_a_clear_page(client, people):
    for code in ["ABCDEFGHJKLM", "<script>", "x" * 500, ""]:
        r = client.post("/apply/status/", {"code": code})
        assert r.status_code == 400 and "查询码" in r.content.decode()


# ---- 政府开放日 ----


def register(client, event, phone, name="张三"):
    return client.post(
        reverse("portal:open-day-register", args=["gaoshawo", event.pk]),
        {"name": name, "phone": phone, "organization": "村民代表"},
    )


def test_registration_stops_at_the_capacity(client, event):
    assert register(client, event, "13900000001").status_code == 302
    r = register(client, event, "13900000001")
    assert r.status_code == 400 and "该电话号码已报名" in r.content.decode()
    assert register(client, event, "13900000002").status_code == 302
    r = register(client, event, "13900000003")
    assert r.status_code == 400 and "名额已满" in r.content.decode()
    assert OpenDayRegistration.objects.count() == 2


def test_the_capacity_is_checked_under_a_lock(event):
    services.openday_register(open_day=event, name="甲", phone="13900000001")
    stale = OpenDay.objects.get(pk=event.pk)  # an object loaded before the second registration
    services.openday_register(open_day=event, name="乙", phone="13900000002")
    with pytest.raises(ValidationError, match="名额已满"):
        services.openday_register(open_day=stale, name="丙", phone="13900000003")


def test_registrants_are_never_shown_publicly(client, event):
    register(client, event, "13912345678", name="李四")
    body = client.get(reverse("portal:open-day", args=["gaoshawo", event.pk])).content.decode()
    assert "2026年政府开放日" in body and "民生保障服务中心" in body and "已报名 1 人" in body
    assert "李四" not in body and "13912345678" not in body


def test_a_bad_phone_is_refused_at_the_field(client, event):
    body = register(client, event, "12345").content.decode()
    assert "请填写 11 位手机号码" in body


def test_opinions_open_when_the_event_begins_and_answers_are_public(client, event, people):
    url = reverse("portal:open-day-opinion", args=["gaoshawo", event.pk])
    r = client.post(url, {"content": "建议增加参观点"})
    assert r.status_code == 400 and "活动开始后" in r.content.decode()
    OpenDay.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), registration_closes_at=timezone.now() - timedelta(days=1)
    )
    assert client.post(url, {"content": "建议增加参观点"}).status_code == 302
    opinion = event.opinions.get()
    client.force_login(people["alice"])
    r = client.post(reverse("portal:staff-opinion-answer", args=[opinion.pk]), {"answer": "明年增加养殖园区。"})
    assert r.status_code == 302
    client.logout()
    body = client.get(reverse("portal:open-day", args=["gaoshawo", event.pk])).content.decode()
    assert "建议增加参观点" in body and "明年增加养殖园区。" in body


def test_open_day_counts_feed_the_annual_report(people, gaoshawo, dashuikeng, clock):
    alice = people["alice"]
    clock.move_to(date(2025, 11, 1))

    def open_day(title, day):
        starts = datetime.combine(day, time(9, 0), tzinfo=TZ)
        return services.openday_create(
            agency=gaoshawo,
            actor=alice,
            title=title,
            plan="走进镇政府",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            place="民生保障服务中心",
            agenda="9:00 签到",
            capacity=30,
            registration_closes_at=starts - timedelta(days=2),
            published=True,
        )

    held = open_day("2025年政府开放日", date(2025, 11, 20))
    services.openday_register(open_day=held, name="王某某", phone="13900000001")
    second = open_day("2025年政府开放日（第二场）", date(2025, 12, 10))
    for phone in ("13900000002", "13900000003"):
        services.openday_register(open_day=second, name="李某", phone=phone)
    clock.move_to(datetime(2025, 11, 20, 11, 0, tzinfo=TZ))
    first = services.opinion_submit(open_day=held, content="建议在各村公开栏同步公示涉农补贴发放明细。")
    services.opinion_submit(open_day=held, content="希望开放日活动每年多办几次。")
    services.opinion_answer(opinion=first, actor=alice, answer="已要求各村（社区）在村务公开栏同步公示。")
    services.openday_update(open_day=held, actor=alice, participants_attended=24)
    # The first held its attendance (24, not its one registration); the second counts its two registrations.
    assert selectors.open_day_counts(agency=gaoshawo, year=2025) == {
        "events": 2,
        "participants": 26,
        "opinions": 2,
        "answered": 1,
    }
    assert selectors.open_day_counts(agency=gaoshawo, year=2026)["events"] == 0
    assert selectors.open_day_counts(agency=dashuikeng, year=2025)["events"] == 0


def test_only_the_ogi_office_edits_open_days(client, event, people):
    client.force_login(people["bob"])
    assert client.get(reverse("portal:staff-open-days")).status_code == 403
    client.force_login(people["dave"])
    assert client.get(reverse("portal:staff-openday", args=[event.pk])).status_code == 403
    client.force_login(people["alice"])
    body = client.get(reverse("portal:staff-openday", args=[event.pk])).content.decode()
    assert "报名名单" in body
    with pytest.raises(PermissionDenied):
        services.openday_update(open_day=event, actor=people["dave"], capacity=5)


def test_alice_creates_an_open_day_from_her_page(client, people):
    client.force_login(people["alice"])
    r = client.post(
        reverse("portal:staff-openday-new"),
        {
            "title": "开放日",
            "plan": "方案",
            "starts_at": "2026-12-20T09:00",
            "ends_at": "2026-12-20T08:00",
            "place": "镇政府",
            "capacity": "10",
            "registration_closes_at": "2026-12-18T18:00",
            "published": "on",
        },
    )
    assert r.status_code == 200 and "结束时间应晚于开始时间" in r.content.decode()
    r = client.post(
        reverse("portal:staff-openday-new"),
        {
            "title": "开放日",
            "plan": "方案",
            "starts_at": "2026-12-20T09:00",
            "ends_at": "2026-12-20T12:00",
            "place": "镇政府",
            "capacity": "10",
            "registration_closes_at": "2026-12-18T18:00",
            "published": "on",
        },
    )
    assert r.status_code == 302 and OpenDay.objects.get().agency.slug == "gaoshawo"
