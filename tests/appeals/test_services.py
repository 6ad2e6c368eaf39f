from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.appeals import selectors, services
from gongkai.appeals.models import Appeal, AppealEvent

pytestmark = pytest.mark.django_db
K, R = Appeal.Kind, Appeal.Result


def register(agency, actor, kind=K.REVIEW, filed_on=date(2026, 3, 2), **extra):
    return services.appeal_register(
        agency=agency,
        actor=actor,
        kind=kind,
        appellant="张某",
        body="盐池县人民政府",
        filed_on=filed_on,
        number=extra.pop("number", "盐政复〔2026〕1号"),
        **extra,
    )


def test_it_registers_a_review_with_its_audit_row(people, gaoshawo):
    appeal = register(gaoshawo, people["alice"])
    assert appeal.result == R.PENDING
    assert list(appeal.events.values_list("verb", flat=True)) == [AppealEvent.Kind.REGISTERED]


def test_bob_the_clerk_may_not_register_an_appeal(people, gaoshawo):
    with pytest.raises(PermissionDenied):
        register(gaoshawo, people["bob"])
    assert not Appeal.objects.exists()


def test_dave_may_not_register_for_another_township(people, gaoshawo):
    with pytest.raises(PermissionDenied):
        register(gaoshawo, people["dave"])


def test_a_decision_before_the_filing_date_is_refused(people, gaoshawo):
    appeal = register(gaoshawo, people["alice"])
    with pytest.raises(ValidationError) as e:
        services.appeal_decide(appeal=appeal, actor=people["alice"], result=R.UPHELD, decided_on=date(2026, 1, 5))
    assert "不能早于受理日期" in str(e.value)
    appeal.refresh_from_db()
    assert appeal.result == R.PENDING and appeal.events.count() == 1


def test_a_result_cannot_be_pending_or_recorded_twice(people, gaoshawo):
    appeal = register(gaoshawo, people["alice"])
    with pytest.raises(ValidationError):
        services.appeal_decide(appeal=appeal, actor=people["alice"], result=R.PENDING, decided_on=date(2026, 4, 1))
    services.appeal_decide(appeal=appeal, actor=people["alice"], result=R.UPHELD, decided_on=date(2026, 4, 1))
    with pytest.raises(ValidationError, match="不能重复登记"):
        services.appeal_decide(appeal=appeal, actor=people["alice"], result=R.OTHER, decided_on=date(2026, 4, 2))


def test_section_four_counts_cases_filed_in_the_year_with_results_known_by_31_december(people, gaoshawo, dashuikeng):
    alice = people["alice"]
    upheld = register(gaoshawo, alice, filed_on=date(2025, 3, 1))
    services.appeal_decide(appeal=upheld, actor=alice, result=R.UPHELD, decided_on=date(2025, 5, 1))
    corrected = register(gaoshawo, alice, kind=K.LITIGATION_DIRECT, filed_on=date(2025, 6, 1))
    services.appeal_decide(appeal=corrected, actor=alice, result=R.OTHER, decided_on=date(2025, 9, 1))
    late = register(gaoshawo, alice, kind=K.LITIGATION_AFTER_REVIEW, filed_on=date(2025, 11, 20))
    services.appeal_decide(appeal=late, actor=alice, result=R.UPHELD, decided_on=date(2026, 2, 1))
    register(gaoshawo, alice, filed_on=date(2025, 12, 30))  # still pending
    register(gaoshawo, alice, filed_on=date(2026, 1, 2))  # next year
    services.appeal_register(
        agency=dashuikeng,
        actor=people["dave"],
        kind=K.REVIEW,
        appellant="王某",
        body="盐池县人民政府",
        filed_on=date(2025, 4, 1),
    )

    table = selectors.section_four(agency=gaoshawo, year=2025)

    assert table["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
    assert table["litigation_direct"] == {"upheld": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1}
    # decided in 2026: its result does not reach the 2025 report
    assert table["litigation_after_review"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    assert set(selectors.cases_for_cell(agency=gaoshawo, year=2025, row="review", column="pending")) == {
        Appeal.objects.get(filed_on=date(2025, 12, 30))
    }
    assert selectors.section_four(agency=gaoshawo, year=2024)["review"]["total"] == 0


def test_section_four_is_one_query(people, gaoshawo, django_assert_num_queries):
    for day in range(1, 6):
        register(gaoshawo, people["alice"], filed_on=date(2025, 3, day))
    with django_assert_num_queries(1):
        selectors.section_four(agency=gaoshawo, year=2025)
