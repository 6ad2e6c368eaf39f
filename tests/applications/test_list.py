"""The staff list of applications: new unconfirmed ones first, paged, filtered, one budget of queries."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from gongkai.applications.services import application_submit

from .conftest import applicant

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_a_new_online_application_is_at_the_top_of_a_long_list(client, people, gaoshawo, register):
    from tests.disclosure.test_lists import queries_for

    register(received_on=date(2026, 10, 1), info_name="第1号登记的信息")
    client.force_login(people["alice"])
    _r, few = queries_for(client, reverse("applications:list"), {})
    for day in range(2, 28):
        register(received_on=date(2026, 10, day), info_name=f"第{day}号登记的信息")
    application_submit(agency=gaoshawo, fields=applicant(info_name="刚从网上提交的申请"), files=[])
    r, many = queries_for(client, reverse("applications:list"), {})
    assert many == few <= 25  # a fixed budget, whatever the list holds
    body = r.content.decode()
    assert "共 28 条" in body
    assert body.index("刚从网上提交的申请") < body.index("第1号登记的信息")


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_overdue_and_search_filters_count_what_they_show(client, people, gaoshawo, register):
    register(received_on=date(2026, 9, 1), info_name="九月的旧申请")  # due in early October: overdue
    register(received_on=date(2026, 11, 18), info_name="本周的新申请")
    client.force_login(people["alice"])
    body = client.get(reverse("applications:list"), {"overdue": "1"}).content.decode()
    assert "共 1 条" in body and "九月的旧申请" in body and "本周的新申请" not in body
    body = client.get(reverse("applications:list"), {"q": "本周"}).content.decode()
    assert "共 1 条" in body and "九月的旧申请" not in body


def test_page_three_of_sixty_cases(client, people, gaoshawo, register, clock):
    for i in range(110):
        register(received_on=clock.days_ago(30), info_name=f"批量申请{i}")
    client.force_login(people["alice"])
    body = client.get(reverse("applications:list"), {"page": 3}).content.decode()
    assert "第 3 / 3 页" in body and body.count("批量申请") == 10
