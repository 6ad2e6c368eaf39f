"""The task queue's real worker (django-tasks' db_worker), run in the test's process until no job
is ready: the bulk check's files, the notices of the outbox."""

from contextlib import nullcontext
from unittest import mock

from django.core.management import call_command
from django.db import connection


def run_worker():
    # Between jobs the worker closes connections it finds in a transaction (a deployed worker
    # never is); inside a test's own transaction that would end the test's database on
    # PostgreSQL, so there the worker keeps the test's connection.
    keep = mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    with keep if connection.in_atomic_block else nullcontext():
        call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
