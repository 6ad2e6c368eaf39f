"""The worker's job sends every notice that is due, and a notice asks for a job only when none is
waiting: many applications, one job; an application filed while the job sends asks for the next
one; a wake-up whose job died is replaced; and a notice committed while the job starts is sent."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import override_settings

from gongkai.applications import outbox
from gongkai.applications.models import Notice, OutboxWake
from tests.worker import run_worker

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-01")]


def jobs(**filters):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path="gongkai.applications.outbox.send_due", **filters)


def test_many_applications_wait_for_one_job_which_sends_them_all(register):
    cases = [register() for _ in range(5)]
    assert jobs(status="READY").count() == 1
    assert OutboxWake.objects.get().requests == 5
    run_worker()
    assert Notice.objects.filter(case__in=cases, state="sent").count() == 10  # e-mail and SMS each
    assert not OutboxWake.objects.exists() and jobs().count() == 1


class FilingWhileSending:
    """An SMS backend that, at its first message, files another application: it arrives after the
    job has taken its wake-up, while the job is sending."""

    file = None
    ready_jobs_after_filing = None

    def send(self, *, number, text, params):
        if FilingWhileSending.file is not None:
            file, FilingWhileSending.file = FilingWhileSending.file, None
            file()
            FilingWhileSending.ready_jobs_after_filing = jobs(status="READY").count()


@override_settings(SMS_BACKEND=f"{__name__}.FilingWhileSending")
def test_an_application_filed_while_the_job_sends_asks_for_the_next_job(register):
    first = register()
    later = []
    FilingWhileSending.file = lambda: later.append(register())
    run_worker()
    assert FilingWhileSending.ready_jobs_after_filing == 1  # the running job's wake-up was gone
    assert set(Notice.objects.values_list("state", flat=True)) == {"sent"}
    assert Notice.objects.filter(case__in=[first, *later]).count() == 4


def test_a_wake_up_whose_job_died_is_replaced_and_a_recent_one_is_not(register):
    now = int(time.time())
    OutboxWake.objects.create(name=outbox.WAKE, requests=1, since=now - 60)  # its job is waiting
    register()
    assert jobs().count() == 0
    OutboxWake.objects.update(since=now - 16 * 60)  # older than the lease: its job never started
    register()
    assert jobs(status="READY").count() == 1
    register()  # the new job is waiting: no other one
    assert jobs(status="READY").count() == 1
    run_worker()
    assert set(Notice.objects.values_list("state", flat=True)) == {"sent"}


def test_a_job_that_reached_its_limit_asks_for_the_next(register, monkeypatch):
    cases = [register() for _ in range(3)]
    run_worker_limit = outbox.outbox_send
    monkeypatch.setattr(outbox, "outbox_send", lambda **kw: run_worker_limit(limit=4, **kw))
    run_worker()
    assert Notice.objects.filter(case__in=cases, state="sent").count() == 6
    assert jobs(status="SUCCESSFUL").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_notice_committed_while_the_job_starts_is_sent_by_it(register):
    """The job's taking of the wake-up waits for the transaction that stepped it: what that
    transaction wrote is read by the job, not left for a job nobody asked for."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("a shared-cache in-memory SQLite database cannot wait for a lock; PostgreSQL runs this")
    register()
    stepped, commit, results, errors = threading.Event(), threading.Event(), [], []

    def filing():
        try:
            with transaction.atomic():
                register()  # steps the waiting job's wake-up, then holds its transaction open
                stepped.set()
                commit.wait(10)
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    def job():
        try:
            results.append(outbox.send_due.call())
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    filer = threading.Thread(target=filing)
    filer.start()
    assert stepped.wait(10)
    sender = threading.Thread(target=job)
    sender.start()
    sender.join(1)
    assert sender.is_alive()  # waiting for the filing's transaction
    commit.set()
    filer.join(10)
    sender.join(10)
    assert errors == [] and results == [(4, 0)]
    assert set(Notice.objects.values_list("state", flat=True)) == {"sent"}
