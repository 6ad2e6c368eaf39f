"""Publication locks the year's figures in every app that feeds the report."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gongkai.disclosure.models import DecisionTally, PowerKind
from gongkai.disclosure.registers import register_record_delete, register_record_save, tallies_import
from gongkai.reports import services

pytestmark = pytest.mark.django_db


def test_a_tally_of_a_published_year_needs_a_correction(people, gaoshawo, published_2025):
    alice = people["alice"]
    with pytest.raises(ValidationError, match="2025 年度报告已发布"):
        tallies_import(
            actor=alice, agency=gaoshawo, rows=[{"year": 2025, "month": 3, "kind": PowerKind.PENALTY, "count": 4}]
        )
    assert not DecisionTally.objects.exists()
    tally = register_record_save(
        actor=alice,
        record=DecisionTally(agency=gaoshawo, year=2026, month=1, kind=PowerKind.PENALTY, count=3, entered_by=alice),
    )
    tally.year = 2025  # moving a 2026 tally into 2025 touches the locked year
    with pytest.raises(ValidationError, match="已锁定"):
        register_record_save(actor=alice, record=tally)
    services.report_correction_start(report=published_2025, actor=alice, note="补录 3 月处罚决定")
    register_record_save(actor=alice, record=tally)
    register_record_delete(actor=alice, record=tally)


def test_an_application_received_in_a_published_year_needs_a_correction(people, gaoshawo, published_2025):
    from gongkai.applications import services as applications

    fields = {
        "applicant_type": "natural",
        "name": "张三",
        "id_type": "resident",
        "id_number": "110101199003077774",
        "phone": "13800000000",
        "info_name": "2025年低保名单",
        "delivery": "email",
        "email": "z@example.org",
    }
    with pytest.raises(ValidationError, match="已锁定"):
        applications.application_register(
            agency=gaoshawo, actor=people["alice"], fields=fields, channel="in_person", received_on=date(2025, 12, 30)
        )
