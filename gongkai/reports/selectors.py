"""Reads of the annual reports: the computed Report of an agency and year, its findings, the
comparison with last year, and the supervising office's roll-up."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext, gettext_lazy

from gongkai.accounts.models import Agency
from gongkai.core.report import formats
from gongkai.core.report.formats import format_for_year, get_format
from gongkai.core.report.model import Report, empty_report
from gongkai.core.report.validate import validate

from . import sources
from .models import AnnualReport, CellOverride, ReportVersion

APPEALS_RULE = sources.APPEALS_COUNTING_RULE
FIRST_YEAR = 2019  # the 2019 national format is the first one; earlier reports are not modelled


def year_locked(agency, year):
    """The year lock's predicate (registered in ReportsConfig.ready): the report of `agency` for
    `year` is published and no correction is open."""
    return AnnualReport.objects.filter(agency=agency, year=year, status=AnnualReport.Status.PUBLISHED).exists()


def format_code(year):
    """2019 format for report years 2019–2020, 2021 format from 2021 (R8)."""
    return format_for_year(year).code


def agency_level(agency):
    return "township" if agency.is_township else agency.level


def computed(*, agency, year):
    """The report of `agency` for `year` as the records make it, before overrides and prose."""
    value = empty_report(format_code(year), year, agency.name)
    for table, rows in sources.section_two(agency=agency, year=year, report_format=value.format).items():
        value.fill(table, rows)
    value.fill(formats.APPLICATIONS, sources.section_three(agency=agency, year=year, report_format=value.format))
    value.fill(formats.APPEALS_TABLE, sources.section_four(agency=agency, year=year))
    return value


def draft_value(report, overrides=None):
    """The computed report with the office's overrides and its written sections."""
    value = computed(agency=report.agency, year=report.year)
    for o in report.overrides.all() if overrides is None else overrides:
        value.set_cell(o.table, o.row, o.column, o.number)
    texts = {**report.texts, "overview": refreshed_overview(report)}
    value.sections = {k: v for k, v in texts.items() if v.strip()}
    return value


def approval_wait(year, on) -> str:
    """Why a report of `year` cannot be approved on `on`, or "": a year's report tells the whole
    year, so it is approved on 1 January of the next year at the earliest."""
    if on < date(year + 1, 1, 1):
        return gettext("%(year)s 年度尚未结束，年度报告须在 %(next)s 年 1 月 1 日以后批准发布。") % {
            "year": year,
            "next": year + 1,
        }
    return ""


def refreshed_overview(report):
    """Section 一 with its prefilled facts (published items, applications, open days) as the records
    stand now; until approval, a sentence the draft prefilled never goes stale. Published reports
    keep their text."""
    if report.status == AnnualReport.Status.PUBLISHED or report.source == AnnualReport.Source.IMPORTED:
        return report.overview
    from .prefill import refresh_facts

    return refresh_facts(report.overview, agency=report.agency, year=report.year)


def latest_version(report):
    return report.versions.order_by("-number").first()


def report_value(report):
    """The Report the public sees (the frozen latest version) once published; otherwise the
    draft as it stands now."""
    if report.status == AnnualReport.Status.PUBLISHED:
        version = latest_version(report)
        if version is not None:
            return Report.from_dict(version.data)
    return draft_value(report)


def previous_value(*, agency, year):
    """Last year's report (published, imported or being drafted) for R5 and the comparison."""
    report = AnnualReport.objects.filter(agency=agency, year=year - 1).select_related("agency").first()
    return report_value(report) if report is not None else None


def findings_for(value, *, agency):
    previous = previous_value(agency=agency, year=value.year) if value.year > FIRST_YEAR else None
    return validate(value, previous=previous, level=agency_level(agency))


def errors(findings):
    return [f for f in findings if f.severity == "error"]


EXPORT_SOURCES = ("records", "published")


def export(*, agency, year, source=None):
    """The report of `agency` for `year` with its findings (see `export_from`)."""
    return export_from(agency=agency, year=year, source=source)[0]


def export_from(*, agency, year, source=None):
    """The report of `agency` for `year` with its findings (the CLI `report export`), and which
    it is: "published" — the latest published version as frozen; "records" — computed from the
    records now (with the draft's overrides and prose while a draft exists). Without `source`:
    the published version if there is one, else the records. LookupError if "published" is asked
    for and nothing is public."""
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    version = public_version(agency=agency, year=year)
    source = source or ("published" if version is not None else "records")
    if source == "published":
        if version is None:
            raise LookupError(year)
        value = Report.from_dict(version.data)
    elif (
        report is not None
        and report.status != AnnualReport.Status.PUBLISHED
        and report.source == AnnualReport.Source.COMPUTED
    ):
        value = draft_value(report)
    else:
        value = computed(agency=agency, year=year)
    value.findings = findings_for(value, agency=agency)
    return value, source, version if source == "published" else None


def cell_records(*, agency, year, table, row, column):
    return sources.cell_records(agency=agency, year=year, table=table, row=row, column=column)


def overrides_of(report):
    return list(CellOverride.objects.filter(report=report).select_related("actor"))


def published_versions(*, agency):
    """Every published version of an agency's reports, newest year first (public list). A withdrawn
    report's versions are listed too: the list shows its withdrawal notice in their place."""
    return (
        ReportVersion.objects.filter(report__agency=agency)
        .select_related("report")
        .order_by("-report__year", "-number")
    )


def latest_per_year(*, agency) -> list:
    """The latest published version of each year, newest year first."""
    latest = {}
    for v in published_versions(agency=agency):
        latest.setdefault(v.report.year, v)
    return list(latest.values())


def withdrawn_report(*, agency, year):
    """The report of that year if it was published and then withdrawn (its notice is public)."""
    return AnnualReport.objects.filter(agency=agency, year=year, withdrawn_on__isnull=False).first()


def public_version(*, agency, year, number=None):
    """The version of a published report the public may see (the latest unless asked). Every
    version was published; a report sent back or under correction keeps its last one public
    (marked 更正中); a withdrawn report has none."""
    qs = ReportVersion.objects.filter(
        report__agency=agency, report__year=year, report__withdrawn_on__isnull=True
    ).select_related("report", "report__agency")
    if number is not None:
        return qs.filter(number=number).first()
    return qs.order_by("-number").first()


# ---- the table layout for pages: labels from the format declaration, never by hand ----


@dataclass
class Cell:
    table: str
    row: str
    column: str
    value: object
    overridden: bool = False
    computed: object = None


@dataclass
class TableView:
    code: str
    title: str
    columns: list
    rows: list = field(default_factory=list)  # (Row, [Cell])


def table_views(value, computed_value=None, overridden=()):
    """Every table of the report's format as rows of cells, for templates."""
    spec = get_format(value.format)
    overridden = set(overridden)
    views = []
    for t in spec.tables:
        view = TableView(code=t.code, title=t.title, columns=list(t.columns))
        for r in t.rows:
            cells = [
                Cell(
                    t.code,
                    r.code,
                    c.code,
                    value.cell(t.code, r.code, c.code),
                    overridden=(t.code, r.code, c.code) in overridden,
                    computed=computed_value.cell(t.code, r.code, c.code) if computed_value else None,
                )
                for c in t.columns
            ]
            view.rows.append((r, cells))
        views.append(view)
    return views


def cell_label(fmt, table, row, column):
    """“第二十条第（六）项 · 行政处罚 · 处理决定数量” for a cell code; KeyError if unknown."""
    t = get_format(fmt).table(table)
    r, c = t.row(row), t.column(column)
    return " · ".join(x for x in (t.title, *r.groups[1:], r.label, c.group, c.label) if x)


# ---- year over year ----


def comparison(current, previous, *, ratio=0.5, minimum=5):
    """Per cell present in both years: (label, now, before, change, stands_out). A change stands
    out when it is at least `minimum` in absolute terms and at least `ratio` of last year's
    value (any change of ≥ `minimum` from zero stands out)."""
    if previous is None:
        return []
    rows = []
    for t in get_format(current.format).tables:
        for r in t.rows:
            for c in t.columns:
                now, before = current.cell(t.code, r.code, c.code), previous.cell(t.code, r.code, c.code)
                if now is None or before is None:
                    continue
                try:
                    get_format(previous.format).table(t.code).row(r.code)
                    get_format(previous.format).table(t.code).column(c.code)
                except KeyError:
                    continue
                change = now - before
                stands_out = abs(change) >= minimum and (before == 0 or abs(change) >= ratio * abs(before))
                rows.append(
                    {
                        "table": t.code,
                        "row": r.code,
                        "column": c.code,
                        "label": cell_label(current.format, t.code, r.code, c.code),
                        "now": now,
                        "before": before,
                        "change": change,
                        "stands_out": stands_out,
                    }
                )
    return rows


# ---- status and lateness ----

STATUS_NOT_STARTED = gettext_lazy("未开始")
STATUS_LATE = gettext_lazy("逾期")


def first_published_on(report):
    version = report.versions.order_by("number").first() if report else None
    return version.published_on if version else None


def is_late(report, *, year, today):
    """第四十九条: not published by 31 January of the next year."""
    published_on = first_published_on(report) if report and report.versions.exists() else None
    return _is_late(report, published_on, year=year, today=today)


def _is_late(report, published_on, *, year, today):
    deadline = date(year + 1, 1, 31)
    if published_on is not None:
        return published_on > deadline
    if report is not None and report.source == AnnualReport.Source.IMPORTED:
        return False
    return today > deadline


def status_label(report, *, year, today):
    """未开始 / 起草中 / 待审批 / 已发布 / 逾期 (a late unpublished report shows 逾期)."""
    published_on = first_published_on(report) if report and report.versions.exists() else None
    return _status_label(report, published_on, year=year, today=today)


def _status_label(report, published_on, *, year, today):
    if report is not None and report.status == AnnualReport.Status.PUBLISHED:
        return str(AnnualReport.Status.PUBLISHED.label)
    if _is_late(report, published_on, year=year, today=today):
        return str(STATUS_LATE)
    if report is None:
        return str(STATUS_NOT_STARTED)
    return str(report.get_status_display())


# ---- the supervising office ----


def supervised_agencies(supervisor_agencies):
    """The supervising office's own agency (the county government reports too) and every agency
    below it."""
    ids = {a.pk for a in supervisor_agencies}
    ids.update(x.pk for x in Agency.below(ids))
    return list(Agency.objects.filter(pk__in=ids).order_by("name"))


@dataclass
class RollupRow:
    agency: object
    report: object
    status: str
    late: bool
    value: object
    errors: list
    overdue_applications: int
    late_items: int


def rollup(*, agencies, year, today):
    """One row per agency: status, validation errors, overdue work; and county totals. Computed
    in a fixed number of grouped queries whatever the number of agencies (issue 15): each agency's
    value is the one report_value gives (the published version, else the draft with its overrides,
    else the records), judged against last year's as findings_for does. A draft's written sections
    are taken as saved (the page of the report refreshes its prefilled facts)."""
    agencies = list(agencies)
    reports = {
        (r.agency_id, r.year): r for r in AnnualReport.objects.filter(agency__in=agencies, year__in=[year - 1, year])
    }
    versions = _versions_of(reports.values())
    overrides = _overrides_of(r for r in reports.values() if r.pk not in versions.latest)
    # Last year's value is only compared with (R5) where last year's report exists: the records
    # of the other agencies' last year are not read (at 300 agencies, a second pass over every
    # application was half of the roll-up's time).
    compared = [a for a in agencies if (a.pk, year - 1) in reports] if year > FIRST_YEAR else []
    values = {
        year - 1: _values_of(compared, year - 1, reports, versions, overrides),
        year: _values_of(agencies, year, reports, versions, overrides),
    }
    late_items = sources.late_items(agencies=agencies, year=year)
    overdue = sources.overdue_applications(agencies=agencies)
    rows = []
    for agency in agencies:
        report = reports.get((agency.pk, year))
        value = values[year][agency.pk]
        previous = values[year - 1].get(agency.pk)
        first = versions.first_published.get(report.pk) if report is not None else None
        rows.append(
            RollupRow(
                agency=agency,
                report=report,
                status=_status_label(report, first, year=year, today=today),
                late=_is_late(report, first, year=year, today=today),
                value=value,
                errors=errors(validate(value, previous=previous, level=agency_level(agency))),
                overdue_applications=overdue.get(agency.pk, 0),
                late_items=late_items.get(agency.pk, 0),
            )
        )
    return rows, totals([r.value for r in rows], year=year)


@dataclass
class _Versions:
    latest: dict  # report id → the latest version's Report (published reports only)
    first_published: dict  # report id → the first version's publication date


def _versions_of(reports):
    """The versions of many reports in one query (their files left unread)."""
    reports = {r.pk: r for r in reports}
    found = _Versions({}, {})
    rows = (
        ReportVersion.objects.filter(report_id__in=list(reports))
        .order_by("report_id", "number")
        .values_list("report_id", "data", "published_on")
    )
    for report_id, data, published_on in rows:
        found.first_published.setdefault(report_id, published_on)
        if reports[report_id].status == AnnualReport.Status.PUBLISHED:
            found.latest[report_id] = data
    found.latest = {pk: Report.from_dict(data) for pk, data in found.latest.items()}
    return found


def _overrides_of(reports):
    """{report id: [CellOverride]} of many reports in one query."""
    found: dict = {}
    for o in CellOverride.objects.filter(report__in=list(reports)):
        found.setdefault(o.report_id, []).append(o)
    return found


def _values_of(agencies, year, reports, versions, overrides):
    """{agency id: its report value for `year`}: the published version, else the records (the
    sections of every agency in the same grouped queries) with the draft's overrides and texts."""
    code = format_code(year)
    values = {}
    for agency in agencies:
        report = reports.get((agency.pk, year))
        if report is not None and report.pk in versions.latest:
            values[agency.pk] = versions.latest[report.pk]
    # only the agencies without a published version are counted from the records
    counted = [a for a in agencies if a.pk not in values]
    sections = sources.sections_by_agency(agencies=counted, year=year, report_format=code)
    for agency in counted:
        report = reports.get((agency.pk, year))
        value = empty_report(code, year, agency.name)
        for table, rows in sections[agency.pk].items():
            value.fill(table, rows)
        if report is not None:
            for o in overrides.get(report.pk, []):
                value.set_cell(o.table, o.row, o.column, o.number)
            value.sections = {k: v for k, v in report.texts.items() if v.strip()}
        values[agency.pk] = value
    return values


def totals(values, *, year):
    """Sections 二–四 summed cell by cell over the agencies' reports (a blank counts as 0 only
    when some agency has a number there)."""
    total = empty_report(format_code(year), year, gettext("合计"))
    for t in total.spec.tables:
        for r in t.rows:
            for c in t.columns:
                cells = [v.cell(t.code, r.code, c.code) for v in values if v.format == total.format]
                numbers = [x for x in cells if x is not None]
                total.tables[t.code][r.code][c.code] = sum(numbers) if numbers else None
    return total
