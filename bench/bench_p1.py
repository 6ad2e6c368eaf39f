"""P1: the annual report of one agency and the county roll-up, on the generated data set (SIZE,
bench/data.py), on SQLite or on PostgreSQL (under scripts/with-postgres.sh).

- report_queries: queries of one agency's full report (cells, findings, last year's comparison);
- report_vs_sql: time of the report's cells (sections 二–四) against a hand-written SQL floor
  computing the same cells, one query per table, on the database driver's own cursor;
- report_peak_rss_mb: the process's peak memory after the reports;
- rollup_<n>_s and rollup_query_growth: the supervising office's roll-up of every agency, and the
  queries it makes for all agencies against two.

    SIZE=S python bench/bench_p1.py
"""

# bench: every database
from __future__ import annotations

import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.data import db_tag, django_for_bench, size  # noqa: E402
from bench.figures import figure, record  # noqa: E402

YEAR = 2025


def best_of(rounds, fn):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def queries(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


# ---- the floor: the same cells by hand, one query per table ----

FLOOR_SQL = {
    "applications": """
        SELECT applicant_type, counted_outcome,
               SUM(CASE WHEN received_on >= %(first)s THEN 1 ELSE 0 END),
               SUM(CASE WHEN received_on < %(first)s AND (counted_on IS NULL OR counted_on >= %(first)s) THEN 1 ELSE 0 END),
               SUM(CASE WHEN counted_on IS NULL OR counted_on > %(last)s THEN 1 ELSE 0 END),
               SUM(CASE WHEN counted_on >= %(first)s AND counted_on <= %(last)s AND counted_outcome <> '' THEN 1 ELSE 0 END)
        FROM applications_application
        WHERE agency_id = %(agency)s AND received_on IS NOT NULL AND received_on <= %(last)s
        GROUP BY applicant_type, counted_outcome""",
    "appeals": """
        SELECT kind, result, CASE WHEN decided_on IS NOT NULL AND decided_on <= %(last)s THEN 1 ELSE 0 END, COUNT(*)
        FROM appeals_appeal WHERE agency_id = %(agency)s AND filed_on >= %(first)s AND filed_on <= %(last)s
        GROUP BY 1, 2, 3""",
    "documents": """
        SELECT kind,
               SUM(CASE WHEN made_on >= %(first)s AND made_on <= %(last)s THEN 1 ELSE 0 END),
               SUM(CASE WHEN published_on >= %(first)s AND published_on <= %(last)s THEN 1 ELSE 0 END),
               SUM(CASE WHEN published_on <= %(last)s THEN 1 ELSE 0 END),
               SUM(CASE WHEN repealed_on >= %(first)s AND repealed_on <= %(last)s THEN 1 ELSE 0 END),
               SUM(CASE WHEN made_on <= %(last)s AND (repealed_on IS NULL OR repealed_on > %(last)s) THEN 1 ELSE 0 END)
        FROM disclosure_normativedocument WHERE agency_id = %(agency)s GROUP BY kind""",
    "powers": """
        SELECT kind, SUM(CASE WHEN year = %(year)s - 1 THEN 1 ELSE 0 END), SUM(CASE WHEN year = %(year)s THEN 1 ELSE 0 END)
        FROM disclosure_powerlistentry WHERE agency_id = %(agency)s AND year IN (%(year)s - 1, %(year)s) GROUP BY kind""",
    "tallies": """
        SELECT kind, SUM(count) FROM disclosure_decisiontally WHERE agency_id = %(agency)s AND year = %(year)s GROUP BY kind""",
    "fees": "SELECT SUM(amount) FROM disclosure_feecollection WHERE agency_id = %(agency)s AND year = %(year)s",
    "procurement": """
        SELECT COUNT(*), SUM(amount) FROM disclosure_procurementproject WHERE agency_id = %(agency)s AND year = %(year)s""",
}


def floor(agency_id, year):
    """The cells of table 三 and table 四 (and the register sums of 二) by hand-written SQL."""
    from django.db import connection

    from gongkai.core.report import formats

    params = {"agency": agency_id, "first": date(year, 1, 1), "last": date(year, 12, 31), "year": year}
    spec = formats.format_for_year(year)
    rows = {}
    with connection.cursor() as cursor:
        for table, sql in FLOOR_SQL.items():
            cursor.execute(sql, params)
            rows[table] = cursor.fetchall()
    three: dict = {}
    for kind, outcome, new, over, forward, decided in rows["applications"]:
        cells = three.setdefault(kind, {})
        for row, n in ((formats.NEW, new), (formats.CARRIED_OVER, over), (formats.CARRIED_FORWARD, forward)):
            cells[row] = cells.get(row, 0) + n
        if decided:
            for row in (formats.counting_row(spec, outcome), formats.TOTAL):
                cells[row] = cells.get(row, 0) + decided
    four: dict = {}
    for kind, result, decided_by_end, n in rows["appeals"]:
        column = result if decided_by_end and result != "pending" else "pending"
        cells = four.setdefault(kind, {})
        cells[column] = cells.get(column, 0) + n
        cells[formats.TOTAL] = cells.get(formats.TOTAL, 0) + n
    return three, four


def same_cells(value, three, four):
    """The floor computes what the report shows (else the comparison would be of different work)."""
    for kind, cells in three.items():
        for row, n in cells.items():
            assert value.cell("applications", row, kind) == n, (row, kind, n)
    for kind, cells in four.items():
        for column, n in cells.items():
            assert value.cell("appeals", kind, column) == n, (kind, column, n)


def main():
    django_for_bench()
    from gongkai.accounts.models import Agency
    from gongkai.reports import selectors
    from gongkai.reports.models import AnnualReport

    tag, name = db_tag(), size()
    county = Agency.objects.get(slug="g-county")
    # the busiest township without a published report (its report is computed from the records)
    agency = (
        Agency.objects.filter(slug__startswith="g-", level="township")
        .exclude(reports__year=YEAR)
        .order_by("pk")
        .first()
    ) or Agency.objects.filter(slug__startswith="g-", level="township").first()
    print(f"P1 on {name} ({tag}): {agency.name}, {agency.applications.count()} applications")

    n = queries(lambda: selectors.export(agency=agency, year=YEAR, source="records"))
    figure("P1", f"report_queries_{tag}", n, "<=", 20)
    value = selectors.computed(agency=agency, year=YEAR)
    three, four = floor(agency.pk, YEAR)
    same_cells(value, three, four)
    ours = best_of(7, lambda: selectors.computed(agency=agency, year=YEAR))
    bare = best_of(7, lambda: floor(agency.pk, YEAR))
    print(f"cells of one report: {ours * 1000:.1f} ms; hand-written SQL floor {bare * 1000:.1f} ms")
    figure("P1", f"report_vs_sql_{tag}", ours / bare, "<=", 1.5)
    full = best_of(5, lambda: selectors.export(agency=agency, year=YEAR, source="records"))
    record("P1", f"report_full_ms_{tag}", full * 1000)
    figure("P1", f"report_peak_rss_mb_{tag}", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "<=", 150)

    agencies = selectors.supervised_agencies([county])
    # two agencies, one with a published report and one without (an empty list of reports skips
    # its query: that is not growth with the agencies)
    published = set(AnnualReport.objects.filter(year=YEAR).values_list("agency_id", flat=True))
    pair = [a for a in agencies if a.pk in published][:1] + [a for a in agencies if a.pk not in published][:1]
    two = queries(lambda: selectors.rollup(agencies=pair, year=YEAR, today=date(2026, 11, 20)))
    every = queries(lambda: selectors.rollup(agencies=agencies, year=YEAR, today=date(2026, 11, 20)))
    seconds = best_of(3, lambda: selectors.rollup(agencies=agencies, year=YEAR, today=date(2026, 11, 20)))
    print(f"roll-up: {len(agencies)} agencies in {seconds:.2f} s, {every} queries ({two} for two agencies)")
    record("P1", f"rollup_queries_{tag}", every)
    figure("P1", f"rollup_query_growth_{tag}", every - two, "=", 0)
    figure("P1", f"rollup_{len(agencies)}_s_{tag}", seconds, "<=", 2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
