"""The Django admin cannot write what the year lock or the review chain governs."""

import pytest

from gongkai.disclosure.models import DecisionTally, NormativeDocument, PowerKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    return user


def test_the_admin_adds_no_tally_to_a_published_year(client, root, gaoshawo, published_2025):
    r = client.post(
        "/admin/disclosure/decisiontally/add/",
        {
            "agency": gaoshawo.pk,
            "year": 2025,
            "month": 3,
            "kind": PowerKind.PENALTY,
            "count": 4,
        },
    )
    assert r.status_code == 403
    assert not DecisionTally.objects.exists()


def test_the_admin_adds_no_register_record(client, root, gaoshawo, published_2025):
    r = client.post(
        "/admin/disclosure/normativedocument/add/",
        {
            "agency": gaoshawo.pk,
            "kind": "normative",
            "doc_number": "高政发〔2025〕1号",
            "title": "办法",
            "made_on": "2025-03-01",
            "validity": "valid",
        },
    )
    assert r.status_code == 403
    assert not NormativeDocument.objects.exists()


def test_the_admin_changes_and_deletes_no_tally(client, root, gaoshawo, people):
    tally = DecisionTally.objects.create(
        agency=gaoshawo, year=2025, month=3, kind=PowerKind.PENALTY, count=4, entered_by=people["alice"]
    )
    page = client.get(f"/admin/disclosure/decisiontally/{tally.pk}/change/")
    assert (
        page.status_code == 200 and "删除" not in page.content.decode() and 'name="_save"' not in page.content.decode()
    )
    client.post(f"/admin/disclosure/decisiontally/{tally.pk}/change/", {"count": 40})
    client.post(f"/admin/disclosure/decisiontally/{tally.pk}/delete/", {"post": "yes"})
    tally.refresh_from_db()
    assert tally.count == 4


def test_a_special_day_entered_in_the_admin_goes_through_the_calendar_service(client, root):
    from gongkai.audit.models import RecordEvent
    from gongkai.workdays.models import SpecialDay

    r = client.post("/admin/workdays/specialday/add/", {"day": "2027-01-02", "name": "元旦", "workday": ""})
    assert r.status_code == 302
    day = SpecialDay.objects.get(day="2027-01-02")
    event = RecordEvent.objects.get(object_type="workdays.specialday", object_id=str(day.pk))
    assert (event.verb, event.actor, event.after["workday"]) == ("special_day.saved", root, False)
    client.post(f"/admin/workdays/specialday/{day.pk}/delete/", {"post": "yes"})
    assert not SpecialDay.objects.filter(day="2027-01-02").exists()
    assert RecordEvent.objects.filter(verb="special_day.deleted", before__name="元旦").exists()


GOVERNED = [
    "disclosure.Item",
    "disclosure.ItemAttachment",
    "disclosure.ItemVersion",
    "disclosure.ItemEvent",
    "disclosure.NormativeDocument",
    "disclosure.PowerListEntry",
    "disclosure.DecisionTally",
    "disclosure.FeeCollection",
    "disclosure.ProcurementProject",
    "disclosure.Category",
    "applications.Application",
    "applications.CaseEvent",
    "applications.Letter",
    "applications.ClockInterval",
    "appeals.Appeal",
    "appeals.AppealEvent",
    "reports.AnnualReport",
    "reports.ReportVersion",
    "reports.CellOverride",
    "reports.ReportEvent",
    "audit.RecordEvent",
]


@pytest.mark.parametrize("label", GOVERNED)
def test_the_admin_writes_nothing_the_lock_or_the_review_chain_governs(rf, root, label):
    from django.apps import apps
    from django.contrib import admin

    model_admin = admin.site._registry.get(apps.get_model(label))
    if model_admin is None:
        return  # not in the admin at all
    request = rf.get("/admin/")
    request.user = root
    assert not (
        model_admin.has_add_permission(request)
        or model_admin.has_change_permission(request)
        or model_admin.has_delete_permission(request)
    )
