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
