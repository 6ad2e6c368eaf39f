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
    r = client.post("/admin/disclosure/decisiontally/add/", {
        "agency": gaoshawo.pk, "year": 2025, "month": 3, "kind": PowerKind.PENALTY, "count": 4,
    })
    assert r.status_code == 403
    assert not DecisionTally.objects.exists()


def test_the_admin_adds_no_register_record(client, root, gaoshawo, published_2025):
    r = client.post("/admin/disclosure/normativedocument/add/", {
        "agency": gaoshawo.pk, "kind": "normative", "doc_number": "高政发〔2025〕1号", "title": "办法",
        "made_on": "2025-03-01", "validity": "valid",
    })
    assert r.status_code == 403
    assert not NormativeDocument.objects.exists()


def test_the_admin_changes_and_deletes_no_tally(client, root, gaoshawo, people):
    tally = DecisionTally.objects.create(agency=gaoshawo, year=2025, month=3, kind=PowerKind.PENALTY, count=4,
                                         entered_by=people["alice"])
    page = client.get(f"/admin/disclosure/decisiontally/{tally.pk}/change/")
    assert page.status_code == 200 and "删除" not in page.content.decode() and 'name="_save"' not in page.content.decode()
    client.post(f"/admin/disclosure/decisiontally/{tally.pk}/change/", {"count": 40})
    client.post(f"/admin/disclosure/decisiontally/{tally.pk}/delete/", {"post": "yes"})
    tally.refresh_from_db()
    assert tally.count == 4
