"""State machines declared once: the services refuse what the declaration refuses, the pages offer
what it allows; composite permissions are spelled out in the permission module only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.accounts import permissions as perms
from gongkai.reports import services as reports
from gongkai.reports.models import AnnualReport

pytestmark = pytest.mark.django_db
S = AnnualReport.Status


def test_composites_combine_rules_once(people, gaoshawo, dashuikeng):
    erin, alice, dave, bob = people["erin"], people["alice"], people["dave"], people["bob"]
    assert perms.can(erin, "application.view", gaoshawo) and not perms.can(erin, "application.read", gaoshawo)
    assert perms.can(alice, "application.view", gaoshawo) and not perms.can(dave, "application.view", gaoshawo)
    assert not perms.can(bob, "application.view", gaoshawo)
    assert set(perms.agencies_where(erin, "application.view").values_list("slug", flat=True)) >= {
        "gaoshawo",
        "dashuikeng",
    }
    assert perms.may_somewhere(alice, "application.reopen") and not perms.may_somewhere(bob, "application.reopen")
    assert perms.can(people["henry"], "report.review", gaoshawo) and perms.can(erin, "report.review", gaoshawo)


def test_the_report_chain_offers_each_step_to_the_right_person(people, gaoshawo):
    report = reports.report_start(agency=gaoshawo, actor=people["alice"], year=2025)
    offered = reports.TRANSITIONS.offered
    assert offered(people["alice"], report) == ["edit", "submit"]
    assert offered(people["henry"], report) == [] and offered(people["erin"], report) == []
    report.status = S.SUBMITTED
    assert offered(people["henry"], report) == ["approve", "send_back"]
    assert offered(people["erin"], report) == ["send_back"] and offered(people["alice"], report) == []
    report.status = S.PUBLISHED
    assert offered(people["erin"], report) == ["send_back"]
    assert offered(people["henry"], report) == []  # once published, only the supervisor sends back
    assert offered(people["alice"], report) == ["correct"]


def test_the_services_refuse_what_the_declaration_refuses(people, gaoshawo):
    report = reports.report_start(agency=gaoshawo, actor=people["alice"], year=2025)
    with pytest.raises(ValidationError, match="只有待审批的报告才能批准发布"):
        reports.report_approve(report=report, actor=people["henry"])
    with pytest.raises(PermissionDenied):
        reports.report_submit(report=report, actor=people["henry"])
    with pytest.raises(ValidationError, match="无需退回"):
        reports.report_send_back(report=report, actor=people["erin"], reason="x")
    with pytest.raises(PermissionDenied):  # a stranger is refused as one, whatever the state
        reports.report_send_back(report=report, actor=people["dave"], reason="x")


def test_a_page_refuses_a_step_before_reading_its_form(client, people, gaoshawo):
    """The report's submit button posts to a step that checks its own rule (not report.read)."""
    from django.urls import reverse

    reports.report_start(agency=gaoshawo, actor=people["alice"], year=2025)
    client.force_login(people["henry"])  # may read the report, may not submit it
    assert client.post(reverse("reports:submit", args=["gaoshawo", 2025])).status_code == 403
    assert AnnualReport.objects.get().status == S.DRAFT
