"""The supervising office's roll-up at county scale (issue 15): all agencies' cells in a few
grouped queries, the same number for 2 agencies as for 6, and each row's cells exactly those of
that agency's own report."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.generate import add_records, cast_of
from gongkai.reports import selectors
from tests import factories

pytestmark = pytest.mark.django_db


def township(k, county, people):
    """A generated township under the county with a year and more of records."""
    from gongkai.disclosure.services import catalog_seed

    agency = factories.agency(f"town{k}", short_name=f"新{k}镇", supervisor=county)
    factories.unit(agency, "党政办")
    catalog_seed(agency=agency)
    cast = cast_of(agency, ogi=people["alice"], clerk=people["bob"])
    add_records(cast, items=12, applications=25, appeals=3, seed=k)
    return agency


def rollup_queries(agencies):
    with CaptureQueriesContext(connection) as captured:
        rows, totals = selectors.rollup(agencies=agencies, year=2025, today=date(2026, 11, 30))
    return rows, totals, len(captured)


def test_the_rollup_costs_the_same_queries_for_two_agencies_as_for_six(people, yanchi):
    towns = [township(k, yanchi, people) for k in range(6)]
    _rows, _totals, two = rollup_queries(towns[:2])
    _rows, _totals, six = rollup_queries(towns)
    assert six == two <= 30


def test_each_row_holds_the_cells_of_that_agencys_own_report(people, yanchi):
    from gongkai.reports.models import AnnualReport
    from gongkai.reports.services import report_override_cell, report_start

    towns = [township(k, yanchi, people) for k in range(3)]
    # one agency has a 2025 draft with an overridden cell: the roll-up shows the draft's figure
    report = report_start(agency=towns[1], actor=people["admin"], year=2025, today=date(2026, 1, 5))
    report_override_cell(
        report=report,
        actor=people["admin"],
        table="applications",
        row="new",
        column="legal",
        value="7",
        reason="纸质登记簿另有 7 件未录入",
    )
    rows, totals, _n = rollup_queries(towns)
    for row in rows:
        own = AnnualReport.objects.filter(agency=row.agency, year=2025).first()
        expected = selectors.report_value(own) if own else selectors.computed(agency=row.agency, year=2025)
        assert row.value.tables == expected.tables, row.agency.name
        assert row.errors == selectors.errors(selectors.findings_for(expected, agency=row.agency))
    assert rows[1].value.cell("applications", "new", "legal") == 7
    new = sum(r.value.cell("applications", "new", "total") for r in rows)
    assert totals.cell("applications", "new", "total") == new > 0


def test_last_years_report_is_compared_where_it_exists_and_only_there(people, yanchi):
    """R5 (carried over = last year's carried forward) against last year's draft or published
    version; an agency without a report last year is not compared, and the roll-up's errors are
    each agency's own report's."""
    from bench.generate import publish_report
    from gongkai.reports.models import AnnualReport
    from gongkai.reports.services import report_override_cell, report_start

    towns = [township(k, yanchi, people) for k in range(3)]
    draft = report_start(agency=towns[0], actor=people["admin"], year=2024, today=date(2025, 1, 5))
    report_override_cell(
        report=draft,
        actor=people["admin"],
        table="applications",
        row="carried_forward",
        column="legal",
        value="99",
        reason="纸质登记簿另有结转",
    )
    publish_report(cast_of(towns[1], ogi=people["admin"], clerk=people["bob"]), 2024)
    rows, _totals, _n = rollup_queries(towns)
    for row in rows:
        own = AnnualReport.objects.filter(agency=row.agency, year=2025).first()
        expected = selectors.report_value(own) if own else selectors.computed(agency=row.agency, year=2025)
        assert row.errors == selectors.errors(selectors.findings_for(expected, agency=row.agency))
    assert [f.rule for f in rows[0].errors] == ["R5"]
    assert "99" in rows[0].errors[0].message
    assert rows[1].errors == rows[2].errors == []


def test_the_rollup_page_asks_as_many_queries_for_six_townships_as_for_two(client, people, yanchi):
    """The supervisor's rights reach every agency under the county; the page finds them one query
    per level of the tree, not one per agency (316 queries at 300 agencies before)."""
    from django.urls import reverse

    client.force_login(people["erin"])

    def page_queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reports:supervise"), {"year": 2025}).status_code == 200
        return len(captured)

    for k in range(2):
        factories.agency(f"few{k}", short_name=f"少{k}镇", supervisor=yanchi)
    few = page_queries()
    for k in range(4):
        factories.agency(f"more{k}", short_name=f"多{k}镇", supervisor=yanchi)
    assert page_queries() == few


def reads_of(sql):
    """The plan's lines, with PostgreSQL allowed to read a table through an index alone only: a
    query that needs a column outside every index is then planned with a disabled scan of the
    table (the planner would pick the same index-only read at M, where the map of all-visible
    pages is set, but not on a test's fresh rows)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for method in ("seqscan", "indexscan", "bitmapscan"):
                cursor.execute(f"SET LOCAL enable_{method} = off")
            cursor.execute("EXPLAIN " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return [str(row[-1]) for row in cursor.fetchall()]


def test_late_items_and_overdue_cases_of_every_agency_are_counted_from_an_index_alone(people, yanchi):
    """At 2,000,000 items PostgreSQL counted them from the rows (6 s and 0.7 s of the roll-up)."""
    towns = [township(k, yanchi, people) for k in range(2)]
    with CaptureQueriesContext(connection) as captured:
        selectors.rollup(agencies=towns, year=2025, today=date(2026, 11, 30))
    counts = {
        index: [q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"] and "COUNT(" in q["sql"]]
        for table, index in (
            ("disclosure_item", "item_agency_published_late"),
            ("applications_application", "application_open_due"),
        )
    }
    for index, (sql,) in counts.items():
        steps = reads_of(sql)
        if connection.vendor == "postgresql":
            assert any(f"Index Only Scan using {index}" in s for s in steps), steps
            assert not any("Seq Scan" in s or " Index Scan" in s for s in steps), steps
        else:
            assert any(f"USING COVERING INDEX {index}" in s for s in steps), steps
