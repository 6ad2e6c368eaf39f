"""The task queue's real worker (django-tasks' db_worker), run in the test's process until no job
is ready: the bulk check's files, the notices of the outbox."""

from django.core.management import call_command


def run_worker():
    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
