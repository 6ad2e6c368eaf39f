"""The one public application route: validation in the form, the rate limit as a decorator, and a
submission token that makes a retry after a lost response show the first receipt."""

import re
import uuid

import pytest

from gongkai.applications import services
from gongkai.applications.models import Application

from .conftest import applicant

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    return {k: v for k, v in applicant(**overrides).items() if v is not None}


def test_the_form_carries_a_fresh_submission_token(client, gaoshawo):
    tokens = [
        re.search(r'name="submission" value="([0-9a-f-]{36})"', client.get("/apply/gaoshawo/").content.decode())
        for _ in range(2)
    ]
    assert all(tokens) and tokens[0].group(1) != tokens[1].group(1)


def test_a_retry_with_the_same_token_shows_the_first_receipt_and_files_nothing(client, gaoshawo):
    token = str(uuid.uuid4())
    first = client.post("/apply/gaoshawo/", {**form_data(), "submission": token})
    case = Application.objects.get()
    assert first.status_code == 302 and first["Location"] == f"/apply/receipt/{case.pk}/"
    # The connection dropped before the receipt arrived; the browser sends the same form again.
    again = client.post("/apply/gaoshawo/", {**form_data(), "submission": token}, follow=True)
    assert Application.objects.count() == 1
    body = again.content.decode()
    assert again.redirect_chain[-1][0] == f"/apply/receipt/{case.pk}/"
    assert case.number in body and "已经提交过" in body and "没有重复提交" in body
    # Another submission (a new form, a new token) is another application, with the next number.
    client.post("/apply/gaoshawo/", {**form_data(info_name="另一份信息"), "submission": str(uuid.uuid4())})
    assert Application.objects.count() == 2
    assert sorted(Application.objects.values_list("serial", flat=True)) == [1, 2]


def test_the_service_returns_the_first_application_for_a_repeated_token(gaoshawo):
    token = uuid.uuid4()
    fields = {k: v for k, v in applicant().items()}
    one = services.application_submit(agency=gaoshawo, fields=fields, token=token)
    two = services.application_submit(agency=gaoshawo, fields=fields, token=token)
    assert one.pk == two.pk and Application.objects.count() == 1
    assert one.events.count() == 1


def test_a_form_without_a_token_still_files(client, gaoshawo):
    r = client.post("/apply/gaoshawo/", form_data())
    assert r.status_code == 302 and Application.objects.get().submission_token is None


def test_the_portal_and_the_applications_app_share_one_route(client, gaoshawo):
    from django.urls import resolve, reverse

    assert reverse("apply", args=["gaoshawo"]) == "/apply/gaoshawo/"
    assert resolve("/apply/gaoshawo/").func.__module__ == "gongkai.applications.views"
    assert resolve("/apply/status/").url_name == "apply-status"


@pytest.mark.django_db(transaction=True)
def test_racing_retries_with_one_token_file_one_application_and_keep_serials_gap_free(people):
    """Two requests with the same token at the same moment (a double click, a proxy's retry): one
    application, and the loser's serial number is rolled back so the next one follows on."""
    import threading

    from django.db import connection, connections

    from gongkai.accounts.models import Agency

    from .test_concurrency import wait_for_sessions_to_end

    agency, token = Agency.objects.get(slug="gaoshawo"), uuid.uuid4()
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("a shared-cache in-memory SQLite database cannot wait for a lock; PostgreSQL runs this")
    barrier, found, errors = threading.Barrier(4), [], []

    def work():
        try:
            barrier.wait()
            found.append(services.application_submit(agency=agency, fields=applicant(), token=token).pk)
        except Exception as exc:  # collected and reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wait_for_sessions_to_end()
    assert errors == [] and len(set(found)) == 1 and Application.objects.count() == 1
    later = services.application_submit(agency=agency, fields=applicant())
    assert sorted(Application.objects.values_list("serial", flat=True)) == [1, 2] and later.serial == 2
