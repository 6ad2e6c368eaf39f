"""Reads of the 行政复议 / 行政诉讼 register.

Rule of section 四 (the report page states it): a case counts in the year it was filed
(受理或立案); its result is the one known on 31 December of that year — a case decided later
counts as 尚未审结 in that year's report.
"""

from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

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


def section_four_by_agency(*, agencies, year):
    """{agency id: table `appeals`} for many agencies in the same one GROUP BY query."""
    aggregates = {col: Count("pk", filter=_column_filter(col, year)) for col in COLUMNS}
    filed = Appeal.objects.filter(
        agency_id__in=[a.pk for a in agencies], filed_on__gte=date(year, 1, 1), filed_on__lte=_year_end(year)
    )
    counted: dict = {}
    for row in filed.values("agency_id", "kind").annotate(**aggregates).order_by():
        counted.setdefault(row["agency_id"], {})[row["kind"]] = row
    return {
        a.pk: {
            kind.value: {col: counted.get(a.pk, {}).get(kind.value, {}).get(col, 0) for col in COLUMNS} for kind in ROWS
        }
        for a in agencies
    }


def cases_for_cell(*, agency, year, row, column):
    """The appeals behind one cell of table `appeals` (drill-down)."""
    if row not in {k.value for k in ROWS} or column not in COLUMNS:
        return Appeal.objects.none()
    return filed_in(agency=agency, year=year).filter(_column_filter(column, year), kind=row)


def appeals_of(*, agency):
    return Appeal.objects.filter(agency=agency).order_by("-filed_on", "-pk")
