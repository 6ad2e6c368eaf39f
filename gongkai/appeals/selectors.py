"""Reads of the 行政复议 / 行政诉讼 register.

Rule of section 四 (the report page states it): a case counts in the year it was filed
(受理或立案); its result is the one known on 31 December of that year — a case decided later
counts as 尚未审结 in that year's report.
"""

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy

from gongkai import rawsql
from gongkai.core.report import formats

from .models import Appeal

COUNTING_RULE = gettext_lazy(
    "按受理（立案）日期统计本年度案件；结果以当年12月31日的状态为准，其后才审结的案件计为“尚未审结”。"
)

R = Appeal.Result
# Rows and columns of table `appeals`, as the format in force declares them.
_TABLE = formats.latest().table(formats.APPEALS_TABLE)
ROWS = [Appeal.Kind(code) for code in _TABLE.row_codes]
COLUMNS = list(_TABLE.column_codes)


def _year_end(year):
    return date(year, 12, 31)


def _column_filter(column, year):
    """The condition that puts a case filed in `year` into `column` of table `appeals`."""
    end = _year_end(year)
    if column == formats.TOTAL:
        return Q()
    if column == R.PENDING:
        return Q(result=R.PENDING) | Q(decided_on__gt=end)
    return Q(result=column, decided_on__lte=end)


def filed_in(*, agency, year):
    return Appeal.objects.filter(agency=agency, filed_on__gte=date(year, 1, 1), filed_on__lte=_year_end(year))


def section_four(*, agency, year):
    """Table `appeals` of the report of `agency` for `year`: one GROUP BY query."""
    return section_four_by_agency(agencies=[agency], year=year)[agency.pk]


# Per agency, kind and result: the cases filed in the year, and whether each was decided by 31
# December, later or not at all (a case decided later counts as 尚未审结 that year, see _column_filter).
UNDECIDED, BY_END, LATER = 0, 1, 2
_SECTION_FOUR_SQL = f"""
    SELECT agency_id, kind, result,
           CASE WHEN decided_on <= %(end)s THEN {BY_END} WHEN decided_on > %(end)s THEN {LATER} ELSE {UNDECIDED} END,
           COUNT(*)
    FROM {{appeals}}
    WHERE agency_id IN ({{ids}}) AND filed_on >= %(first)s AND filed_on <= %(end)s
    GROUP BY 1, 2, 3, 4"""


def section_four_by_agency(*, agencies, year):
    """{agency id: table `appeals`} for many agencies in the same one GROUP BY query (hand-written:
    see gongkai/rawsql.py)."""
    tables = {a.pk: {kind.value: dict.fromkeys(COLUMNS, 0) for kind in ROWS} for a in agencies}
    if not tables:
        return tables
    placeholders, params = rawsql.in_list("agency", list(tables))
    params.update(first=date(year, 1, 1), end=_year_end(year))
    sql = _SECTION_FOUR_SQL.format(appeals=rawsql.table(Appeal), ids=placeholders)
    for agency_id, kind, result, decided, n in rawsql.fetch(Appeal, sql, params):
        cells = tables[agency_id].get(kind)
        if cells is None:  # a kind the format has no row for
            continue
        for column in _columns_counting(result, decided):
            cells[column] += n
    return tables


def _columns_counting(result, decided) -> list:
    """The columns of table `appeals` that count a case with `result`, decided by 31 December,
    later or not at all: what _column_filter selects, for grouped rows."""
    columns = [formats.TOTAL]
    if result == R.PENDING or decided == LATER:
        columns.append(R.PENDING)
    elif decided == BY_END and result in COLUMNS:
        columns.append(result)
    return columns


def cases_for_cell(*, agency, year, row, column):
    """The appeals behind one cell of table `appeals` (drill-down)."""
    if row not in {k.value for k in ROWS} or column not in COLUMNS:
        return Appeal.objects.none()
    return filed_in(agency=agency, year=year).filter(_column_filter(column, year), kind=row)


def appeals_of(*, agency):
    return Appeal.objects.filter(agency=agency).order_by("-filed_on", "-pk")
