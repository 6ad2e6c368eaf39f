"""The one public application route: validation in the form, the rate limit as a decorator, and a
submission token that makes a retry after a lost response show the first receipt."""

import re
import uuid

import pytest

from gongkai.accounts.models import Agency
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


def token_of(page):
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', page.content.decode()).group(1)


def test_the_form_from_the_page_cache_gives_each_reader_a_new_token_and_their_own_csrf(gaoshawo):
    """The form page is kept in the page cache (it is the same for every reader), but each reader
    files with their own tokens: two readers, two applications."""
    from django.test import Client
    from django.utils.html import escape

    readers = [Client(enforce_csrf_checks=True) for _ in range(3)]
    pages = [reader.get("/apply/gaoshawo/") for reader in readers]
    Agency.objects.filter(pk=gaoshawo.pk).update(ogi_office="（未经服务的改动）")
    assert "未经服务的改动" not in readers[0].get("/apply/gaoshawo/").content.decode()  # from the cache
    assert len({token_of(p) for p in pages}) == 3 and b"gk-" not in b"".join(p.content for p in pages)
    for n, (reader, page) in enumerate(zip(readers[1:], pages[1:])):
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
        data = {**form_data(info_name=f"信息{n}"), "submission": token_of(page), "csrfmiddlewaretoken": csrf}
        assert reader.post("/apply/gaoshawo/", data).status_code == 302
    assert Application.objects.count() == 2
    # the agency's office changed through a save: the form shows it on the next request
    gaoshawo.ogi_office = "高沙窝镇便民服务中心"
    gaoshawo.save()
    assert escape("高沙窝镇便民服务中心") in readers[0].get("/apply/gaoshawo/").content.decode()


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


def test_the_receipt_opens_from_a_signed_cookie_without_a_session(client, gaoshawo):
    """Filing writes no session (one database write fewer per application): the browser that
    filed opens its receipts for as long as an idle session lasts; another browser, a forged
    cookie, an hour later or after 清除 it does not."""
    from datetime import timedelta

    import time_machine
    from django.contrib.sessions.models import Session
    from django.test import Client
    from django.utils import timezone

    client.post("/apply/gaoshawo/", {**form_data(), "submission": str(uuid.uuid4())})
    client.post("/apply/gaoshawo/", {**form_data(info_name="另一份信息"), "submission": str(uuid.uuid4())})
    first, second = Application.objects.order_by("pk")
    assert not Session.objects.exists()
    for case in (first, second):
        page = client.get(f"/apply/receipt/{case.pk}/")
        assert page.status_code == 200 and case.query_code in page.content.decode()
    assert Client().get(f"/apply/receipt/{first.pk}/").status_code == 404
    forged = Client()
    forged.cookies["gongkai_filed"] = client.cookies["gongkai_filed"].value.replace(str(second.pk), "1", 1)
    assert forged.get("/apply/receipt/1/").status_code == 404
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert client.get(f"/apply/receipt/{second.pk}/").status_code == 404
    client.post("/apply/status/forget/")
    assert client.get(f"/apply/receipt/{second.pk}/").status_code == 404


def test_a_query_code_drawn_twice_is_drawn_again_and_the_serials_stay_gap_free(client, gaoshawo, monkeypatch):
    """The public form does not ask whether its random query code is taken (one query less per
    application); the unique constraint refuses a taken one and the filing is made again."""
    client.post("/apply/gaoshawo/", {**form_data(), "submission": str(uuid.uuid4())})
    taken = Application.objects.get().query_code
    draws = iter([taken])  # the first draw is a taken code, the next ones are random again
    draw = services._draw_query_code
    monkeypatch.setattr(services, "_draw_query_code", lambda: next(draws, None) or draw())
    r = client.post("/apply/gaoshawo/", {**form_data(info_name="另一份信息"), "submission": str(uuid.uuid4())})
    assert r.status_code == 302
    first, second = Application.objects.order_by("pk")
    assert second.query_code != taken and len(second.query_code) == 12
    assert (first.serial, second.serial) == (1, 2) and second.notices.count() == 2
