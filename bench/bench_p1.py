"""P1: the annual report of one agency and the county roll-up, on the generated data set (SIZE,
bench/data.py), on SQLite or on PostgreSQL (under scripts/with-postgres.sh).

- report_queries: queries of one agency's full report (cells, findings, last year's comparison);
- report_vs_sql: time of the report's cells (sections 二–四, `selectors.computed`) against a
  hand-written SQL floor computing every one of the same cells (checked equal first), one query per
  table, on the database driver's own cursor; both run in turns, as deployed (DEBUG off);
- report_peak_rss_mb: the process's peak memory after the reports (Django and the apps loaded as
  a command loads them);
- rollup_<n>_s and rollup_query_growth: the supervising office's roll-up of every agency, and the
  queries it makes for all agencies against two.

    SIZE=S python bench/bench_p1.py
"""

# bench: every database
from __future__ import annotations

import os
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
          AND (received_on >= %(first)s OR counted_on IS NULL OR counted_on >= %(first)s)
        GROUP BY applicant_type, counted_outcome""",
    "appeals": """
        SELECT kind, result,
               CASE WHEN decided_on <= %(last)s THEN 'by_end' WHEN decided_on > %(last)s THEN 'later' END, COUNT(*)
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
        SELECT kind, SUM(CASE WHEN year = %(before)s THEN 1 ELSE 0 END), SUM(CASE WHEN year = %(year)s THEN 1 ELSE 0 END)
        FROM disclosure_powerlistentry WHERE agency_id = %(agency)s AND year IN (%(before)s, %(year)s) GROUP BY kind""",
    "tallies": """
        SELECT kind, SUM("count") FROM disclosure_decisiontally WHERE agency_id = %(agency)s AND year = %(year)s GROUP BY kind""",
    "fees": "SELECT SUM(amount) FROM disclosure_feecollection WHERE agency_id = %(agency)s AND year = %(year)s",
    "procurement": """
        SELECT COUNT(*), SUM(amount) FROM disclosure_procurementproject WHERE agency_id = %(agency)s AND year = %(year)s""",
}


def floor(agency_id, year):
    """Every cell of sections 二, 三 and 四 by hand-written SQL: {table: {row: {column: number}}}."""
    from django.db import connection

    from gongkai.core.report import formats

    params = {"agency": agency_id, "first": date(year, 1, 1), "last": date(year, 12, 31), "year": year}
    params["before"] = year - 1
    spec = formats.format_for_year(year)
    rows = {}
    with connection.cursor() as cursor:
        for table, sql in FLOOR_SQL.items():
            cursor.execute(sql, params)
            rows[table] = cursor.fetchall()
    return {
        **floor_two(spec, rows),
        formats.APPLICATIONS: floor_three(spec, rows),
        formats.APPEALS_TABLE: floor_four(spec, rows),
    }


def floor_two(spec, rows):
    from gongkai.core.report import formats as f

    docs = {kind: counts for kind, *counts in rows["documents"]}
    powers = {kind: counts for kind, *counts in rows["powers"]}
    tallies = dict(rows["tallies"])
    fees, (projects, amount) = rows["fees"][0][0], rows["procurement"][0]
    nothing = (0, 0, 0, 0, 0)
    by_measure = {
        f.MEASURE_MADE: lambda kind: docs.get(kind, nothing)[0],
        f.MEASURE_PUBLISHED: lambda kind: docs.get(kind, nothing)[1],
        f.MEASURE_PUBLIC_AT_END: lambda kind: docs.get(kind, nothing)[2],
        f.MEASURE_REPEALED: lambda kind: docs.get(kind, nothing)[3],
        f.MEASURE_IN_FORCE_AT_END: lambda kind: docs.get(kind, nothing)[4],
        f.MEASURE_LISTED_BEFORE: lambda kind: powers.get(kind, nothing)[0],
        f.MEASURE_LISTED_CHANGE: lambda kind: powers.get(kind, nothing)[1] - powers.get(kind, nothing)[0],
        f.MEASURE_DECISIONS: lambda kind: tallies.get(kind) or 0,
        f.MEASURE_FEES_WAN: lambda kind: wan(fees),
        f.MEASURE_PROCUREMENT_COUNT: lambda kind: projects,
        f.MEASURE_PROCUREMENT_WAN: lambda kind: wan(amount),
    }
    return {
        t.code: {r.code: {c.code: by_measure[c.measure](r.code) for c in t.columns} for r in t.rows}
        for t in f.proactive_tables(spec)
    }


def wan(amount):
    """元 → 万元, two decimals, half up; a whole number as an int (as the report holds it)."""
    from decimal import ROUND_HALF_UP, Decimal

    cent = Decimal("0.01")
    value = (Decimal(amount or 0).quantize(cent) / 10000).quantize(cent, rounding=ROUND_HALF_UP)
    return int(value) if value == value.to_integral_value() else float(value)


def floor_three(spec, rows):
    from gongkai.core.report import formats as f

    declared = spec.table(f.APPLICATIONS)
    three = {row: dict.fromkeys(declared.column_codes, 0) for row in declared.row_codes}
    for kind, outcome, new, over, forward, decided in rows["applications"]:
        for row, n in ((f.NEW, new), (f.CARRIED_OVER, over), (f.CARRIED_FORWARD, forward)):
            three[row][kind] += n
            three[row][f.TOTAL] += n
        if decided:
            for row in (f.counting_row(spec, outcome), f.TOTAL):
                three[row][kind] += decided
                three[row][f.TOTAL] += decided
    return three


def floor_four(spec, rows):
    from gongkai.core.report import formats as f

    declared = spec.table(f.APPEALS_TABLE)
    four = {row: dict.fromkeys(declared.column_codes, 0) for row in declared.row_codes}
    for kind, result, decided, n in rows["appeals"]:
        cells = four[kind]
        cells[f.TOTAL] += n
        if result == f.PENDING or decided == "later":
            cells[f.PENDING] += n
        elif decided == "by_end" and result in cells:
            cells[result] += n
    return four


def same_cells(value, cells):
    """The floor computes every cell the report shows (else the comparison would be of different
    work), and the same numbers."""
    assert set(value.tables) == set(cells), (sorted(value.tables), sorted(cells))
    for table, rows in cells.items():
        assert value.tables[table] == rows, (table, value.tables[table], rows)


def best_of_both(rounds, ours, bare):
    """Best times of `ours` and `bare`, run in turns: a change in the machine's load between them
    weighs on both alike."""
    first, second = [], []
    for _ in range(rounds):
        first.append(best_of(1, ours))
        second.append(best_of(1, bare))
    return min(first), min(second)


def main():
    # as deployed: DEBUG off (no query log, which would add the same cost to every query on both sides)
    os.environ.setdefault("DEBUG", "False")
    os.environ.setdefault("SECRET_KEY", "bench-only-key-never-use-in-production-0123456789")
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
    same_cells(selectors.computed(agency=agency, year=YEAR), floor(agency.pk, YEAR))
    ours, bare = best_of_both(50, lambda: selectors.computed(agency=agency, year=YEAR), lambda: floor(agency.pk, YEAR))
    print(f"cells of one report: {ours * 1000:.2f} ms; hand-written SQL floor {bare * 1000:.2f} ms")
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
    cpu = time.process_time()  # on SQLite the database's work too (it runs in this process)
    seconds = best_of(3, lambda: selectors.rollup(agencies=agencies, year=YEAR, today=date(2026, 11, 20)))
    cpu = (time.process_time() - cpu) / 3
    print(f"roll-up: {len(agencies)} agencies in {seconds:.2f} s, {every} queries ({two} for two agencies)")
    record("P1", f"rollup_queries_{tag}", every)
    figure("P1", f"rollup_query_growth_{tag}", every - two, "=", 0)
    figure("P1", f"rollup_{len(agencies)}_s_{tag}", seconds, "<=", 2)
    record("P1", f"rollup_{len(agencies)}_cpu_s_{tag}", round(cpu, 2))  # a loaded machine inflates the wall time
    return 0


if __name__ == "__main__":
    sys.exit(main())
