"""The annual report's cells are counted by hand-written SQL (gongkai/rawsql.py, issue 15): on
generated records every cell equals a straightforward count of the records its drill-down lists,
and amounts come to the cent and to 万元 rounded half up on both databases."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from bench.generate import add_records, cast_of
from gongkai.appeals import selectors as appeals
from gongkai.applications import selectors as applications
from gongkai.core.report import formats
from gongkai.disclosure import selectors as disclosure
from gongkai.disclosure.models import FeeCollection, ProcurementProject
from gongkai.reports import selectors
from tests import factories

pytestmark = pytest.mark.django_db

# Four amounts whose float sum is 106649.99999999999 元, not 106650.00: a SUM read as a float and
# rounded as it comes would give 10.66 万元 instead of 10.67.
AMOUNTS = ["43992.56", "47667.87", "9342.45", "5647.12"]


@pytest.fixture
def town(people, yanchi):
    from gongkai.disclosure.services import catalog_seed

    agency = factories.agency("town-sql", short_name="新集镇", supervisor=yanchi)
    factories.unit(agency, "党政办")
    catalog_seed(agency=agency)
    add_records(cast_of(agency, ogi=people["alice"], clerk=people["bob"]), applications=60, appeals=20, seed=7)
    return agency


def wan(amount):
    return float((amount / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def by_records(agency, year, table, row, column, measure):
    """A section 二 cell counted in Python from the records its drill-down lists."""
    records = list(disclosure.cell_records(agency=agency, year=year, table=table, row=row, column=column))
    if measure == formats.MEASURE_LISTED_CHANGE:
        return sum(1 if r.year == year else -1 for r in records)
    if measure == formats.MEASURE_DECISIONS:
        return sum(r.count for r in records)
    if measure in (formats.MEASURE_FEES_WAN, formats.MEASURE_PROCUREMENT_WAN):
        return wan(sum((r.amount for r in records), Decimal(0)))
    return len(records)


def straightforward(agency, year, table, row, column):
    """A cell counted from the records its drill-down lists: section 二 in Python, sections 三
    and 四 by the ORM's filters."""
    if table == formats.APPLICATIONS:
        return applications.cases_for_cell(agency=agency, year=year, row=row.code, column=column.code).count()
    if table == formats.APPEALS_TABLE:
        return appeals.cases_for_cell(agency=agency, year=year, row=row.code, column=column.code).count()
    return by_records(agency, year, table, row.code, column.code, column.measure)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_cell_is_the_count_of_the_records_behind_it(town, year):
    value = selectors.computed(agency=town, year=year)
    for t in value.spec.tables:
        for r in t.rows:
            for c in t.columns:
                assert value.cell(t.code, r.code, c.code) == straightforward(town, year, t.code, r, c), (
                    t.code,
                    r.code,
                    c.code,
                )
    assert value.cell(formats.APPLICATIONS, formats.TOTAL, formats.TOTAL) > 0


def test_an_appeal_decided_after_the_year_counts_as_pending_in_that_year(gaoshawo):
    from gongkai.appeals.models import Appeal

    def appeal(filed_on, result, decided_on):
        Appeal.objects.create(
            agency=gaoshawo,
            kind=Appeal.Kind.REVIEW,
            appellant="张某",
            body="盐池县人民政府",
            filed_on=filed_on,
            result=result,
            decided_on=decided_on,
        )

    appeal(date(2025, 3, 1), Appeal.Result.UPHELD, date(2025, 6, 1))
    appeal(date(2025, 11, 1), Appeal.Result.CORRECTED, date(2026, 2, 1))
    appeal(date(2025, 12, 1), Appeal.Result.PENDING, None)
    appeal(date(2024, 12, 1), Appeal.Result.UPHELD, date(2025, 1, 10))  # filed the year before

    def review_row(year):
        return selectors.computed(agency=gaoshawo, year=year).tables[formats.APPEALS_TABLE][Appeal.Kind.REVIEW]

    row = review_row(2025)
    assert row[Appeal.Result.UPHELD] == 1 and row[Appeal.Result.CORRECTED] == 0
    assert row[Appeal.Result.PENDING] == 2 and row[formats.TOTAL] == 3
    assert review_row(2026) == dict.fromkeys(row, 0)  # counted in the year filed, never again


def money_cell(value, measure):
    """The one cell of the report whose column counts `measure`."""
    (cell,) = [
        value.cell(t.code, r.code, c.code)
        for t in formats.proactive_tables(value.spec)
        for r in t.rows
        for c in t.columns
        if c.measure == measure
    ]
    return cell


def test_fees_are_summed_to_the_cent_and_shown_in_wan_rounded_half_up(gaoshawo):
    for k, amount in enumerate(AMOUNTS):
        FeeCollection.objects.create(agency=gaoshawo, year=2025, month=k + 1, name="不动产登记费", amount=amount)
    FeeCollection.objects.create(agency=gaoshawo, year=2024, name="上年的收费", amount="99999.99")
    value = selectors.computed(agency=gaoshawo, year=2025)
    assert money_cell(value, formats.MEASURE_FEES_WAN) == 10.67


def test_procurement_of_the_2019_format_counts_projects_and_sums_their_amounts(gaoshawo):
    for k, amount in enumerate(AMOUNTS):
        ProcurementProject.objects.create(agency=gaoshawo, year=2020, name=f"办公设备采购{k + 1}", amount=amount)
    ProcurementProject.objects.create(agency=gaoshawo, year=2019, name="上年的采购", amount="10000")
    value = selectors.computed(agency=gaoshawo, year=2020)
    assert money_cell(value, formats.MEASURE_PROCUREMENT_WAN) == 10.67
    assert money_cell(value, formats.MEASURE_PROCUREMENT_COUNT) == 4


def test_a_report_of_an_agency_without_records_is_all_zeros(gaoshawo):
    value = selectors.computed(agency=gaoshawo, year=2025)
    numbers = [v for rows in value.tables.values() for cols in rows.values() for v in cols.values()]
    assert numbers and all(v == 0 for v in numbers)


def test_the_rollup_of_no_agencies_asks_nothing(django_assert_num_queries):
    from gongkai.reports import sources

    with django_assert_num_queries(0):
        assert sources.sections_by_agency(agencies=[], year=2025, report_format="2021") == {}


def test_a_process_that_computes_reports_loads_no_search_dictionary_nor_pdf_reader():
    """Peak memory of a report (issue 15): Django with the apps loaded, without jieba's
    dictionary (about 80 MB with jieba itself) or the PDF libraries, which only searching and
    reading files need."""
    import subprocess
    import sys

    code = (
        "import django, sys; django.setup(); from gongkai.reports import selectors, sources; "
        "print(sorted({'jieba', 'pdfplumber', 'pypdfium2', 'reportlab'} & set(sys.modules)))"
    )
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "gongkai.settings", "DATABASE_URL": "sqlite://:memory:"}
    loaded = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]", loaded.stderr
