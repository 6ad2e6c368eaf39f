"""Every staff and public list page costs the same number of queries whatever it lists (issue 15):
each page is read with a few rows behind it, then with several times as many (made by the bench
generator, bench/generate.py), and must not make one query more."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.generate import add_records, cast_of

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    ("alice", "disclosure:items", {}, {"agency": "gaoshawo"}),
    ("alice", "disclosure:items", {}, {"agency": "gaoshawo", "state": "published"}),
    ("alice", "applications:list", {}, {}),
    ("alice", "applications:list", {}, {"status": "closed"}),
    ("erin", "applications:list", {}, {}),
    ("alice", "appeals:list", {"slug": "gaoshawo"}, {}),
    ("erin", "appeals:index", {}, {}),
    *[
        ("alice", "disclosure:register", {"kind": kind}, {})
        for kind in ("normative", "powers", "tallies", "fees", "procurement")
    ],
    ("alice", "portal:staff-feedback", {}, {}),
    ("alice", "portal:staff-open-days", {}, {}),
    ("erin", "reports:staff-index", {}, {}),
    ("alice", "disclosure:boards", {}, {}),
    ("alice", "staff-home", {}, {}),
    ("erin", "staff-home", {}, {}),
    ("erin", "reports:supervise", {}, {}),
    ("alice", "reports:staff-list", {"slug": "gaoshawo"}, {}),
]
PUBLIC_PAGES = [
    ("home", {}, {}),
    ("portal:column", {"agency_slug": "gaoshawo"}, {}),
    ("portal:catalog", {"agency_slug": "gaoshawo"}, {}),
    ("portal:catalog-category", {"agency_slug": "gaoshawo", "category_slug": "farm-subsidies"}, {}),
    ("portal:search", {}, {"q": "补贴"}),
    ("portal:boards", {"agency_slug": "gaoshawo"}, {}),
    ("portal:feed-rss", {"agency_slug": "gaoshawo"}, {}),
    ("portal:kiosk-agency", {"agency_slug": "gaoshawo"}, {}),
    ("reports:public-list", {"slug": "gaoshawo"}, {}),
    ("/api/items", {}, {"agency": "gaoshawo"}),
    ("/api/agencies/gaoshawo/categories", {}, {}),
]


@pytest.fixture
def grow(people, gaoshawo):
    """Adds generated items, applications, appeals and registers to 高沙窝镇 (and reindexes search,
    as publishing does)."""
    from gongkai.disclosure.services import catalog_seed
    from gongkai.portal.search import engine

    catalog_seed(agency=gaoshawo)
    cast = cast_of(gaoshawo, ogi=people["alice"], clerk=people["bob"], head=people["henry"])
    rounds = iter(range(1, 100))

    def more(n):
        add_records(cast, items=n * 3, applications=n, appeals=max(1, n // 4), seed=next(rounds))
        engine.reindex()

    return more


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(captured)


def report(name, params, few, many):
    # bench/bench_pages.py reads these lines (pytest -s) for its figure
    print(f"PAGE-QUERIES {name}{'?' + '&'.join(f'{k}={v}' for k, v in params.items()) if params else ''} {few} {many}")
    assert many <= few, f"{name} {params}: {few} queries with few rows, {many} with more"


def _page(name, kwargs):
    return name if name.startswith("/") else reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("who", "name", "kwargs", "params"), STAFF_PAGES)
def test_a_staff_list_costs_the_same_queries_with_more_rows(client, people, grow, who, name, kwargs, params):
    client.force_login(people[who])
    grow(10)
    url = _page(name, kwargs)
    count_queries(client, url, params)  # the first request fills per-process caches (calendar, places)
    few = count_queries(client, url, params)
    grow(40)
    many = count_queries(client, url, params)
    report(name, params, few, many)


@pytest.mark.parametrize(("name", "kwargs", "params"), PUBLIC_PAGES)
def test_a_public_list_costs_the_same_queries_with_more_rows(client, grow, name, kwargs, params):
    grow(10)
    url = _page(name, kwargs)
    count_queries(client, url, params)
    few = count_queries(client, url, params)
    grow(40)
    many = count_queries(client, url, params)
    report(name, params, few, many)
