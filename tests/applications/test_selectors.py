"""The selectors the reports app reads through gongkai.reports.sources: overdue cases and fees."""

from datetime import date as D
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.accounts.models import Agency
from gongkai.applications import services as s
from gongkai.applications.models import Application
from gongkai.applications.selectors import fees_collected, overdue_count, overdue_counts
from gongkai.reports import sources

# Dates counted on the 2026 calendar: told on 1 December 2026.
pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-01")]
TODAY = D(2026, 10, 20)


def make(agency, n, status="received", due_date=None, fee_amount=None, fee_paid_on=None):
    return Application.objects.create(
        agency=agency,
        year=2026,
        serial=n,
        number=f"T{n}",
        query_code=f"S{agency.pk}{n:09d}",
        channel="in_person",
        status=status,
        applicant_type="natural",
        name="测试",
        id_number="x",
        phone="1",
        delivery="email",
        received_on=D(2026, 9, 1),
        due_date=due_date,
        fee_amount=fee_amount,
        fee_paid_on=fee_paid_on,
        applicant_key=f"k{n}",
    )


def test_it_counts_open_cases_past_their_deadline_per_agency_in_one_query(gaoshawo, dashuikeng):
    make(gaoshawo, 1, due_date=D(2026, 10, 19))  # overdue
    make(gaoshawo, 2, status="consulting", due_date=D(2026, 10, 1))  # overdue while consulting
    make(gaoshawo, 3, due_date=TODAY)  # due today: not yet overdue
    make(gaoshawo, 4, status="decided", due_date=D(2026, 10, 1))  # answered: never overdue
    make(dashuikeng, 5, status="fee", due_date=D(2026, 9, 30))
    with CaptureQueriesContext(connection) as q:
        counts = overdue_counts(agencies=[gaoshawo, dashuikeng], today=TODAY)
    assert len(q) == 1
    assert counts == {gaoshawo.pk: 2, dashuikeng.pk: 1}
    assert overdue_count(agency=gaoshawo, today=TODAY) == 2
    assert overdue_count(agency=gaoshawo, today=D(2026, 10, 1)) == 0
    assert sources.overdue_applications(agencies=Agency.objects.filter(slug="dashuikeng"), today=TODAY) == {
        dashuikeng.pk: 1
    }


def test_an_agency_without_overdue_cases_counts_zero(gaoshawo):
    make(gaoshawo, 1, due_date=D(2026, 11, 30))
    assert overdue_count(agency=gaoshawo, today=TODAY) == 0
    assert overdue_counts(agencies=[gaoshawo], today=TODAY) == {}


def test_fees_collected_sums_the_fees_paid_in_the_year(gaoshawo, dashuikeng):
    make(gaoshawo, 1, status="received", fee_amount=Decimal("100.00"), fee_paid_on=D(2026, 1, 1))
    make(gaoshawo, 2, status="received", fee_amount=Decimal("720.50"), fee_paid_on=D(2026, 12, 31))
    make(gaoshawo, 3, status="received", fee_amount=Decimal("300.00"), fee_paid_on=D(2025, 12, 31))  # last year
    make(gaoshawo, 4, status="fee", fee_amount=Decimal("200.00"))  # notified, not paid
    make(dashuikeng, 5, status="received", fee_amount=Decimal("50.00"), fee_paid_on=D(2026, 5, 1))
    assert fees_collected(agency=gaoshawo, year=2026) == Decimal("820.50")
    assert fees_collected(agency=gaoshawo, year=2025) == Decimal("300.00")
    assert sources.fees_collected(agency=dashuikeng, year=2026) == Decimal("50.00")


def test_fees_collected_is_a_decimal_zero_when_nothing_was_paid(gaoshawo):
    total = fees_collected(agency=gaoshawo, year=2026)
    assert total == 0 and isinstance(total, Decimal)


def test_a_fee_paid_through_the_case_counts_in_the_year_it_was_paid(register, people, gaoshawo):
    alice = people["alice"]
    case = s.case_fee_notice(case=register(), actor=alice, on=D(2026, 10, 12), method="per_page", pages=101)
    assert fees_collected(agency=gaoshawo, year=2026) == 0
    s.case_fee_paid(case=case, actor=alice, on=D(2026, 10, 16))
    assert fees_collected(agency=gaoshawo, year=2026) == Decimal(720)
