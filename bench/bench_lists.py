"""PAGES on the generated data set (SIZE): every staff and public list page of
tests/test_list_queries.py opened on the agency with the most records — its OGI office for the
staff pages, the county's supervisor for the supervisor's — with the queries each makes and its
time in process (the best of three renders; public pages with the page cache off, so each render
does its work). bench_pages.py checks that the counts do not grow with the rows; this shows them,
and the time, at the size of a province.

    SIZE=M python bench/bench_lists.py
"""

# bench: every database
from __future__ import annotations

import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.data import db_tag, django_for_bench, size  # noqa: E402
from bench.figures import record  # noqa: E402

ROUNDS = 3
LOCK_RETRIES = 12


def busiest_township():
    from django.db.models import Count

    from gongkai.accounts.models import Agency

    return (
        Agency.objects.filter(slug__startswith="g-", level=Agency.Level.TOWNSHIP)
        .annotate(n=Count("applications"))
        .order_by("-n", "pk")
        .first()
    )


def cast(agency):
    """The test's people and agency slug, standing for the generated ones."""
    from django.contrib.auth import get_user_model

    from gongkai.accounts.models import Membership, Role

    ogi = Membership.objects.filter(agency=agency, role=Role.OGI).select_related("user").first().user
    return {"alice": ogi, "erin": get_user_model().objects.get(username="g-supervisor")}


@contextmanager
def reading_only():
    """The pages are measured, not signing in: sessions kept in the cache and no `last_login`
    written, so the bench writes nothing to the database (a previous run at M failed with
    "database is locked" on `last_login` while another process wrote the search index)."""
    from django.contrib.auth.models import update_last_login
    from django.contrib.auth.signals import user_logged_in
    from django.test import override_settings

    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    try:
        with override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cache"):
            yield
    finally:
        user_logged_in.connect(update_last_login, dispatch_uid="update_last_login")


def get(client, url, params):
    """GET, waiting out a write lock held by another process for longer than the connection's
    timeout (a page that writes, e.g. an audit event) instead of failing the whole run."""
    from django.db import OperationalError

    for attempt in range(LOCK_RETRIES):
        try:
            return client.get(url, params)
        except OperationalError as error:
            if "locked" not in str(error) or attempt == LOCK_RETRIES - 1:
                raise
            print(f"  {url}: database locked by another process, retrying", flush=True)
            time.sleep(5)


def measure(client, url, params):
    """(queries, best time in ms) of GET url, after one request that fills per-process caches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = get(client, url, params)
    if response.status_code != 200:
        raise SystemExit(f"{url} {params}: HTTP {response.status_code}")
    best = None
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            get(client, url, params)
            took = (time.perf_counter() - start) * 1000
        best = took if best is None else min(best, took)
    return len(captured), best


def main():
    os.environ["CACHE_LOCATION"] = tempfile.mkdtemp(prefix="gongkai-bench-lists-")
    django_for_bench()
    from django.test import Client, override_settings
    from django.urls import reverse

    from tests.test_list_queries import PUBLIC_PAGES, STAFF_PAGES

    tag, name = db_tag(), size()
    agency = busiest_township()
    people = cast(agency)
    print(f"PAGES on {name} ({tag}): {agency.name}, {agency.applications.count()} applications")

    def url(page, kwargs):
        kwargs = {k: (agency.slug if v == "gaoshawo" else v) for k, v in kwargs.items()}
        return page.replace("gaoshawo", agency.slug) if page.startswith("/") else reverse(page, kwargs=kwargs)

    def params_of(params):
        return {k: (agency.slug if v == "gaoshawo" else v) for k, v in params.items()}

    rows = []
    # the page cache would serve the second render from the first: measure the work itself
    with override_settings(PORTAL_PAGE_CACHE_SECONDS=0), reading_only():
        for who, page, kwargs, params in STAFF_PAGES:
            client = Client()
            client.force_login(people[who])
            label = f"{page}{_shown(kwargs, params)} ({who})"
            rows.append((label, *measure(client, url(page, kwargs), params_of(params))))
        for page, kwargs, params in PUBLIC_PAGES:
            rows.append((page + _shown(kwargs, params), *measure(Client(), url(page, kwargs), params_of(params))))
    for label, queries, ms in rows:
        print(f"{label:<50} {queries:>4} queries {ms:>9.1f} ms")
    record("PAGES", f"lists_checked_{name}_{tag}", len(rows))
    record("PAGES", f"lists_max_queries_{name}_{tag}", max(q for _l, q, _ms in rows))
    slowest = max(rows, key=lambda row: row[2])
    print(f"slowest: {slowest[0]}")
    record("PAGES", f"lists_slowest_ms_{name}_{tag}", round(slowest[2], 1))
    return 0


def _shown(kwargs, params):
    """The page's arguments that tell two rows of the same page apart (`?status=closed`)."""
    extra = [v for k, v in kwargs.items() if k == "kind"] + [f"{k}={v}" for k, v in params.items() if k != "agency"]
    return f"?{'&'.join(extra)}" if extra else ""


if __name__ == "__main__":
    sys.exit(main())
