"""Concurrent submissions never share or skip a serial number."""

import threading
import time

import pytest
from django.db import connection, connections

from gongkai.applications.models import Application
from gongkai.applications.services import application_submit

from .conftest import applicant

THREADS = 8


def submit_all_at_once(agency, n):
    return all_at_once(lambda: application_submit(agency=agency, fields=applicant()), n)


def all_at_once(job, n):
    """Run `job` in `n` threads released together, each on its own database connection; the
    exceptions they raised."""
    barrier = threading.Barrier(n)
    errors = []

    def work():
        try:
            barrier.wait()
            job()
        except Exception as exc:  # collected and reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wait_for_sessions_to_end()
    return errors


def wait_for_sessions_to_end():
    """PostgreSQL ends a closed session's backend asynchronously; the test database can only be
    dropped once the threads' sessions are gone."""
    if connection.vendor != "postgresql":
        return
    for _ in range(100):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_consecutive_numbers(gaoshawo):
    agency = gaoshawo
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
def test_the_database_refuses_a_duplicate_serial(register, clock):
    from django.db import IntegrityError, transaction

    case = register(received_on=clock.today)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            agency=case.agency,
            year=case.year,
            serial=case.serial,
            number="x",
            query_code="DUPLICATE0001",
            channel="online",
            applicant_type="natural",
            name="x",
            id_number="x",
            phone="1",
            delivery="email",
        )
