"""The benchmarks' data set (bench/generate.py) at its tiny size: realistic enough that the
annual reports it makes validate, with cases in every state and serials without gaps."""

import pytest
from django.db.models import Count, Max

from bench.generate import SIZES, generate

pytestmark = pytest.mark.django_db


def test_the_tiny_county_is_realistic_enough_to_report_on():
    """One generation (the costly part), every check of it."""
    summary = generate("tiny", out=lambda line: None)
    makes_the_county_the_size_asks()
    cases_and_items_stand_in_every_state_with_their_histories()
    serial_numbers_have_no_gaps_and_the_counters_know_the_last()
    the_reports_of_generated_agencies_validate_and_one_is_published()
    every_public_item_is_found_by_search(summary)


def makes_the_county_the_size_asks():
    from gongkai.accounts.models import Agency
    from gongkai.applications.models import Application
    from gongkai.disclosure.models import Item

    size = SIZES["tiny"]
    county = Agency.objects.get(slug="g-county")
    assert Agency.objects.filter(slug__startswith="g-").count() == size.agencies
    assert {a.pk for a in county.supervised_tree()} == set(
        Agency.objects.filter(slug__startswith="g-").exclude(pk=county.pk).values_list("pk", flat=True)
    )
    assert Application.objects.count() == size.applications
    assert Item.objects.count() == size.items


def cases_and_items_stand_in_every_state_with_their_histories():
    from gongkai.applications.models import Application
    from gongkai.disclosure.models import Item

    assert set(Application.objects.values_list("status", flat=True)) == set(Application.Status.values)
    assert {"published", "expired", "withdrawn", "draft"} <= set(Item.objects.values_list("state", flat=True))
    closed = Application.objects.filter(status="closed").annotate(steps=Count("events")).first()
    assert [e.verb for e in closed.events.order_by("on", "pk")][-3:] == ["decided", "served", "closed"]
    decided = Application.objects.exclude(decided_on=None)
    assert not decided.filter(counted_on=None).exists()
    assert all(c.counted_on >= c.received_on for c in decided)


def serial_numbers_have_no_gaps_and_the_counters_know_the_last():
    from gongkai.applications.models import Application, SerialCounter

    rows = Application.objects.values("agency_id", "year").annotate(n=Count("pk"), last=Max("serial"))
    counters = {(c.agency_id, c.year): c.last for c in SerialCounter.objects.all()}
    for row in rows:
        assert row["n"] == row["last"] == counters[(row["agency_id"], row["year"])]


def the_reports_of_generated_agencies_validate_and_one_is_published():
    from gongkai.accounts.models import Agency
    from gongkai.reports import selectors
    from gongkai.reports.models import AnnualReport

    for agency in Agency.objects.filter(slug__startswith="g-"):
        for year in (2024, 2025):
            value = selectors.export(agency=agency, year=year)
            assert selectors.errors(value.findings) == [], (agency.name, year)
            assert value.cell("applications", "new", "total") > 0
    assert AnnualReport.objects.filter(status="published", year=2025).count() == SIZES["tiny"].reports


def every_public_item_is_found_by_search(summary):
    from gongkai.disclosure.models import Item
    from gongkai.portal.models import SearchDoc

    assert summary["indexed"] == Item.objects.public().count() == SearchDoc.objects.count()
    # on PostgreSQL the GIN index was dropped for the first build and built again after it
    from django.db import connection

    from gongkai.portal.search import engine

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'portal_searchdoc_tsv'")
            assert "gin (tsv)" in cursor.fetchone()[0]
    title = Item.objects.public().order_by("pk").first().title
    assert engine.search(query=title).total >= 1
