from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.appeals import services
from gongkai.appeals.models import Appeal
from gongkai.applications import services as applications
from gongkai.applications.models import Application

# A case of 2026 answered in March, appealed in April, decided in May: told on 1 December 2026.
pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-01")]

FIELDS = {
    "applicant_type": "natural",
    "name": "张三",
    "id_type": "resident",
    "id_number": "110101199003077774",
    "phone": "13800000000",
    "info_name": "2026年低保名单",
    "delivery": "email",
    "email": "z@example.org",
}


@pytest.fixture
def answered(people, gaoshawo):
    case = applications.application_register(
        agency=gaoshawo, actor=people["alice"], fields=FIELDS, channel="in_person", received_on=date(2026, 3, 2)
    )
    return applications.case_decide(
        case=case, actor=people["alice"], on=date(2026, 3, 10), outcome="granted", reason=""
    )


def test_a_corrected_result_reopens_the_linked_application(people, gaoshawo, answered):
    alice = people["alice"]
    appeal = services.appeal_register(
        agency=gaoshawo,
        actor=alice,
        kind=Appeal.Kind.REVIEW,
        appellant="张三",
        body="盐池县人民政府",
        filed_on=date(2026, 4, 1),
        number="盐政复决〔2026〕3号",
        applications=[answered],
    )
    services.appeal_decide(appeal=appeal, actor=alice, result=Appeal.Result.CORRECTED, decided_on=date(2026, 5, 6))
    answered.refresh_from_db()
    assert answered.status == Application.Status.RECEIVED and answered.decided_on is None
    assert "盐政复决〔2026〕3号" in answered.events.order_by("-pk").first().reason


def test_an_application_of_another_agency_cannot_be_linked(people, gaoshawo, dashuikeng, answered):
    with pytest.raises(ValidationError, match="本机关"):
        services.appeal_register(
            agency=dashuikeng,
            actor=people["dave"],
            kind=Appeal.Kind.REVIEW,
            appellant="张三",
            body="盐池县人民政府",
            filed_on=date(2026, 4, 1),
            applications=[answered],
        )
    assert not Appeal.objects.exists()


def test_alice_registers_and_decides_an_appeal_through_the_pages(client, people, gaoshawo):
    client.force_login(people["alice"])
    r = client.post(
        reverse("appeals:new", args=["gaoshawo"]),
        {
            "kind": "litigation_direct",
            "number": "（2026）宁0323行初9号",
            "appellant": "王五",
            "body": "盐池县人民法院",
            "filed_on": "2026-06-01",
            "summary": "",
        },
    )
    appeal = Appeal.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("appeals:detail", args=["gaoshawo", appeal.pk])
    r = client.post(r["Location"], {"result": "upheld", "decided_on": "2026-05-01"})
    assert "决定日期不能早于受理日期" in r.content.decode()
    client.post(
        reverse("appeals:detail", args=["gaoshawo", appeal.pk]), {"result": "upheld", "decided_on": "2026-08-01"}
    )
    appeal.refresh_from_db()
    assert appeal.result == "upheld"
    body = client.get(reverse("appeals:list", args=["gaoshawo"])).content.decode()
    assert "结果维持" in body and "按受理（立案）日期统计" in body


def test_dave_and_bob_cannot_register_at_gaoshawo(client, people, gaoshawo):
    client.force_login(people["dave"])
    assert client.get(reverse("appeals:list", args=["gaoshawo"])).status_code == 403
    client.force_login(people["bob"])
    assert client.get(reverse("appeals:new", args=["gaoshawo"])).status_code == 403
