from datetime import date as D

import pytest
from django.core.management import call_command

from gongkai.applications.models import Application, Letter, LetterTemplate
from gongkai.applications.selectors import section_three
from tests.clock import demo_day

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_case_in_every_state_and_loads_twice_without_change(clock):
    clock.move_to(demo_day(clock.today))
    call_command("demo", stdout=None)
    counts = (Application.objects.count(), Letter.objects.count(), LetterTemplate.objects.count())
    call_command("demo", stdout=None)
    assert (Application.objects.count(), Letter.objects.count(), LetterTemplate.objects.count()) == counts
    assert set(Application.objects.values_list("status", flat=True)) == set(Application.Status.values)
    national_day = Application.objects.get(received_on=D(2026, 9, 28))
    assert national_day.due_date == D(2026, 10, 30)
    assert Application.objects.filter(due_date__year=2027, due_provisional=True).exists()
    t = section_three(agency=national_day.agency, year=2025)
    assert t["new"]["total"] == 6 and t["carried_forward"]["total"] == 1
    assert section_three(agency=national_day.agency, year=2026)["carried_over"]["total"] == 1


def test_the_demo_citizen_signs_in_and_sees_two_of_his_applications(clock, client, settings):
    from django.urls import reverse

    from gongkai.applications.demo import DEMO_CITIZEN

    clock.move_to(demo_day(clock.today))
    call_command("demo", stdout=None)
    login, password, infos = DEMO_CITIZEN
    settings.DEBUG = True
    page = client.get(reverse("account-login")).content.decode()
    assert login in page and password in page  # shown in debug mode, as the staff accounts are
    r = client.post(reverse("account-login"), {"login": login, "password": password})
    assert r.status_code == 302 and r["Location"] == reverse("account")
    home = client.get(reverse("account")).content.decode()
    assert all(info in home for info in infos) and home.count("/apply/my/") == 2
    assert "已作出答复，待送达" in home and "已提交，待确认收到" in home  # each with its state
