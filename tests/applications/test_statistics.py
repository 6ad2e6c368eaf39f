"""Section 三 of the annual report from the case records."""

from datetime import date as D
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.applications.models import Application
from gongkai.applications.outcomes import APPLICANT_TYPES, OUTCOME_CODES, result_rows
from gongkai.applications.selectors import cases_for_cell, section_three

pytestmark = pytest.mark.django_db
TYPES = [code for code, _ in APPLICANT_TYPES]


def make(agency, n, received_on, decided_on=None, outcome="", applicant_type="natural"):
    return Application.objects.create(
        agency=agency,
        year=received_on.year,
        serial=n,
        number=f"T{n}",
        query_code=f"Q{n:011d}",
        channel="in_person",
        status="decided" if outcome else "received",
        applicant_type=applicant_type,
        name="测试",
        id_number="x",
        phone="1",
        delivery="email",
        received_on=received_on,
        decided_on=decided_on,
        outcome=outcome,
        counted_on=decided_on,
        counted_outcome=outcome,
        applicant_key=f"k{n}",
    )


def check_rules(table, report_format):
    for col in [*TYPES, "total"]:
        assert table["new"][col] + table["carried_over"][col] == table["total"][col] + table["carried_forward"][col]
        assert table["total"][col] == sum(table[row][col] for row in result_rows(report_format))
    for row, cells in table.items():
        assert cells["total"] == sum(cells[c] for c in TYPES), row


def test_it_counts_new_carried_and_decided_cases(gaoshawo):
    make(gaoshawo, 1, D(2025, 12, 20))  # carried over, still open → carried forward
    make(gaoshawo, 2, D(2025, 12, 22), D(2026, 1, 10), "granted", "commercial")  # carried over, decided
    make(gaoshawo, 3, D(2025, 11, 2), D(2025, 11, 20), "granted")  # decided last year: nowhere
    make(gaoshawo, 4, D(2026, 3, 1), D(2026, 3, 20), "other.2", "legal")
    make(gaoshawo, 5, D(2026, 12, 20), D(2027, 1, 8), "partial")  # carried forward
    t = section_three(agency=gaoshawo, year=2026)
    assert t["new"] == {"natural": 1, "commercial": 0, "research": 0, "social": 0, "legal": 1, "other": 0, "total": 2}
    assert t["carried_over"]["total"] == 2 and t["carried_over"]["commercial"] == 1
    assert t["granted"]["commercial"] == 1 and t["other.2"]["legal"] == 1
    assert t["total"]["total"] == 2 and t["carried_forward"]["total"] == 2
    check_rules(t, "2021")
    t2019 = section_three(agency=gaoshawo, year=2026, report_format="2019")
    assert t2019["other"]["legal"] == 1 and "other.2" not in t2019
    check_rules(t2019, "2019")


def test_it_uses_a_fixed_number_of_queries(gaoshawo):
    for n in range(1, 30):
        make(gaoshawo, n, D(2026, 1, 1) + timedelta(days=n), D(2026, 3, 1), OUTCOME_CODES[n % 21], TYPES[n % 6])
    with CaptureQueriesContext(connection) as q:
        section_three(agency=gaoshawo, year=2026)
    assert len(q) == 1  # one grouped query, whatever the number of cases


def test_each_cell_drills_down_to_its_cases(gaoshawo):
    a = make(gaoshawo, 1, D(2026, 3, 1), D(2026, 3, 20), "other.3", "research")
    make(gaoshawo, 2, D(2026, 3, 1))
    assert list(cases_for_cell(agency=gaoshawo, year=2026, row="other", column="research")) == [a]
    assert list(cases_for_cell(agency=gaoshawo, year=2026, row="other.3", column="total")) == [a]
    assert cases_for_cell(agency=gaoshawo, year=2026, row="new", column="total").count() == 2
    assert cases_for_cell(agency=gaoshawo, year=2026, row="carried_forward", column="natural").count() == 1


def test_other_agencies_do_not_count(gaoshawo):
    from gongkai.accounts.models import Agency

    make(Agency.objects.get(slug="dashuikeng"), 1, D(2026, 3, 1))
    assert section_three(agency=gaoshawo, year=2026)["new"]["total"] == 0


history = st.lists(
    st.tuples(
        st.dates(D(2024, 6, 1), D(2027, 6, 30)),
        st.one_of(st.none(), st.integers(0, 400)),
        st.sampled_from(OUTCOME_CODES),
        st.sampled_from(TYPES),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases=history, year=st.integers(2025, 2027), report_format=st.sampled_from(["2019", "2021"]))
def test_r1_to_r3_hold_for_any_history(gaoshawo, cases, year, report_format):
    with transaction.atomic():
        for n, (received, after, outcome, kind) in enumerate(cases, start=1):
            decided = received + timedelta(days=after) if after is not None else None
            make(gaoshawo, n, received, decided, outcome if decided else "", kind)
        check_rules(section_three(agency=gaoshawo, year=year, report_format=report_format), report_format)
        transaction.set_rollback(True)
