"""The ONLY place where the reports app reads the other apps (their selectors); it writes nothing there.

A changed signature over there is fixed here, once. Everything returns plain data in the codes of
LAW.md ("Codes"): tables → rows → columns → number.
"""

from decimal import Decimal

from gongkai.appeals import selectors as appeals
from gongkai.applications import selectors as applications
from gongkai.core.report import formats
from gongkai.disclosure import selectors as disclosure
from gongkai.portal import selectors as portal

APPEALS_COUNTING_RULE = appeals.COUNTING_RULE  # the rule section 四 counts by, shown with the report


def _plain(tables):
    """Numbers as the core Report takes them: a Decimal amount becomes an int when whole,
    else a float (money only, two decimals)."""
    return {
        t: {r: {c: _number(v) if isinstance(v, Decimal) else v for c, v in cols.items()} for r, cols in rows.items()}
        for t, rows in tables.items()
    }


def _number(amount):
    return int(amount) if amount == amount.to_integral_value() else float(amount)


# ---- the tables of sections 二, 三 and 四 ----


def section_two(*, agency, year, report_format):
    """二、主动公开政府信息情况: {table: {row: {column: number}}} for the tables of the format."""
    return _plain(disclosure.section_two(agency=agency, year=year, report_format=report_format))


def section_three(*, agency, year, report_format):
    """三、收到和处理政府信息公开申请情况: table `applications` {row: {column: number}}."""
    return _plain({"t": applications.section_three(agency=agency, year=year, report_format=report_format)})["t"]


def section_four(*, agency, year):
    """四、行政复议、行政诉讼: table `appeals` {row: {column: number}}."""
    return appeals.section_four(agency=agency, year=year)


def sections_by_agency(*, agencies, year, report_format):
    """{agency id: {table: {row: {column: number}}}} of sections 二, 三 and 四 for many agencies in
    the same three grouped queries as one agency's (the supervising office's roll-up)."""
    two = disclosure.section_two_by_agency(agencies=agencies, year=year, report_format=report_format)
    three = applications.section_three_by_agency(agencies=agencies, year=year, report_format=report_format)
    four = appeals.section_four_by_agency(agencies=agencies, year=year)
    return {
        a.pk: _plain({**two[a.pk], formats.APPLICATIONS: three[a.pk], formats.APPEALS_TABLE: four[a.pk]})
        for a in agencies
    }


# ---- drill-down: the records behind one cell ----


def cell_records(*, agency, year, table, row, column):
    """(kind, queryset) of the records counted in one cell; kind is "appeals", "applications" or
    "disclosure" and tells the template which columns to show."""
    if table == formats.APPEALS_TABLE:
        return "appeals", appeals.cases_for_cell(agency=agency, year=year, row=row, column=column)
    if table == formats.APPLICATIONS:
        return "applications", applications.cases_for_cell(agency=agency, year=year, row=row, column=column)
    try:
        return "disclosure", disclosure.cell_records(agency=agency, year=year, table=table, row=row, column=column)
    except ValueError:  # a cell with no records behind it
        return "disclosure", None


# ---- the facts that prefill the written sections ----


def channel_counts(*, agency, year):
    """[(channel name, items first published in the year on it)], every channel in order."""
    return disclosure.channel_counts(agency=agency, year=year)


def published_count(*, agency, year):
    return disclosure.published_count(agency=agency, year=year)


def open_day_counts(*, agency, year):
    """政府开放日 held in the year: {"events", "participants", "opinions", "answered"}."""
    return portal.open_day_counts(agency=agency, year=year)


# ---- what the supervising office watches ----


def overdue_applications(*, agencies, today=None):
    """{agency id: open applications past their answer deadline}, one GROUP BY query."""
    return applications.overdue_counts(agencies=agencies, today=today)


def late_items(*, agencies, year):
    """{agency id: items first published in `year` after their 20-working-day period}."""
    return {row["agency_id"]: row["late"] for row in disclosure.late_counts(year=year, agencies=agencies)}


def fees_collected(*, agency, year):
    """信息处理费 paid in the year, in 元 (Decimal; 0 when none)."""
    return applications.fees_collected(agency=agency, year=year)
