"""The year lock sits below the apps it guards: it knows no model, each app registers its own."""

import ast
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from gongkai.audit import yearlock
from gongkai.disclosure.models import NormativeDocument, PowerKind, PowerListEntry

pytestmark = pytest.mark.django_db


def test_the_lock_imports_no_project_module():
    tree = ast.parse(Path(yearlock.__file__).read_text(encoding="utf-8"))
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in imported if m and m.startswith("gongkai")]


def test_a_model_that_registered_no_years_is_a_loud_error(gaoshawo):
    with pytest.raises(ImproperlyConfigured, match="registers no report years"):
        yearlock.record_years(gaoshawo)


def test_each_register_says_which_years_it_counts_in(gaoshawo):
    entry = PowerListEntry(agency=gaoshawo, year=2024, kind=PowerKind.PENALTY, name="罚款")
    assert yearlock.record_years(entry) == {2024, 2025}  # also 上一年项目数量 of 2025
    document = NormativeDocument(
        agency=gaoshawo, doc_number="高政发〔2023〕1号", title="办法", made_on=date(2023, 5, 1)
    )
    assert {2023, 2024, date.today().year} <= yearlock.record_years(document)


def test_a_locked_year_is_refused_in_chinese(gaoshawo, published_2025):
    assert yearlock.year_locked(gaoshawo, 2025) and not yearlock.year_locked(gaoshawo, 2024)
    with pytest.raises(ValidationError, match="高沙窝镇人民政府 2025 年度报告已发布，该年度数据已锁定"):
        yearlock.ensure_years_open(gaoshawo, {2024, 2025})


# --- applications: refused only where a published figure would change ----------------------

APPLICANT = {
    "applicant_type": "natural",
    "name": "张三",
    "id_type": "resident",
    "id_number": "110101199003077774",
    "phone": "13800000000",
    "info_name": "2025年低保名单",
    "delivery": "email",
    "email": "z@example.org",
}


def received(people, agency, on, **extra):
    from gongkai.applications import services

    return services.application_register(
        agency=agency, actor=people["alice"], fields={**APPLICANT, **extra}, channel="in_person", received_on=on
    )


def test_an_application_counts_in_the_years_from_its_receipt_to_its_first_decision(people, gaoshawo, clock):
    from gongkai.applications.models import Application

    case = Application(agency=gaoshawo, applicant_type="natural", received_on=date(2024, 12, 20))
    # undecided: carried over into every year since, up to this one
    assert set(case.counted_figures()) == set(range(2024, clock.today.year + 1))
    case.counted_on, case.counted_outcome = date(2025, 1, 10), "granted"
    assert set(case.counted_figures()) == {2024, 2025}
    assert Application(agency=gaoshawo, applicant_type="natural").counted_figures() == {}  # not received yet


@pytest.mark.today("2026-11-30")  # the story runs from November 2025 to March 2026
def test_after_publication_only_changes_of_the_published_figures_are_refused(people, gaoshawo, request):
    from gongkai.applications import selectors
    from gongkai.applications import services as s
    from gongkai.applications.models import Application
    from gongkai.reports import services as reports

    alice = people["alice"]
    decided = received(people, gaoshawo, date(2025, 11, 3))
    s.case_decide(case=decided, actor=alice, on=date(2025, 11, 20), outcome="granted", reason="")
    pending = received(people, gaoshawo, date(2025, 12, 22), info_name="结转的申请")
    published = request.getfixturevalue("published_2025")
    figures_2025 = selectors.section_three(agency=gaoshawo, year=2025)

    # a decision dated back into 2025 would move the case from 结转下年度 to a 2025 outcome: refused
    with pytest.raises(ValidationError, match="2025 年度报告已发布，该年度数据已锁定"):
        s.case_decide(case=pending, actor=alice, on=date(2025, 12, 31), outcome="granted", reason="")
    pending.refresh_from_db()
    assert pending.status == Application.Status.RECEIVED and pending.counted_on is None
    # deciding it in 2026 leaves 2025's figures as published (it was carried over either way)
    s.case_decide(case=pending, actor=alice, on=date(2026, 1, 6), outcome="refused.4", reason="涉及个人隐私")

    # the case decided in 2025 is served, closed, reopened after a 复议 and answered again in 2026:
    # the report counts its first decision, so none of this touches 2025
    s.case_serve(case=decided, actor=alice, on=date(2026, 2, 2), method="电子邮件")
    s.case_close(case=decided, actor=alice, on=date(2026, 2, 3))
    s.case_reopen(
        case=decided,
        actor=people["grace"],
        reason="复议决定责令重新答复",
        basis="盐政复决字〔2026〕1号",
        on=date(2026, 3, 2),
    )
    s.case_decide(case=decided, actor=alice, on=date(2026, 3, 10), outcome="refused.4", reason="涉及个人隐私")
    decided.refresh_from_db()
    assert (decided.outcome, decided.counted_outcome, decided.counted_on) == (
        "refused.4",
        "granted",
        date(2025, 11, 20),
    )
    assert selectors.section_three(agency=gaoshawo, year=2025) == figures_2025

    # a paper application received in 2025 and entered late is refused until a correction is opened
    with pytest.raises(ValidationError, match="已锁定"):
        received(people, gaoshawo, date(2025, 12, 30), info_name="迟录入的申请")
    reports.report_correction_start(report=published, actor=alice, note="补录 12 月 30 日收到的申请")
    late = received(people, gaoshawo, date(2025, 12, 30), info_name="迟录入的申请")
    assert late.received_on == date(2025, 12, 30)
