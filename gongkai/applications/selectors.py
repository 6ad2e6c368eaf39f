"""Reads of disclosure applications: scoped lists, warnings, and the section 三 statistics."""

import difflib
from datetime import date
from decimal import Decimal

from django.db.models import Case, Count, Q, Sum, When
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai import rawsql
from gongkai.accounts import permissions
from gongkai.core.deadlines import deadline_flag
from gongkai.core.report import formats
from gongkai.workdays.selectors import work_calendar

from .deadlines import OPEN
from .models import Application

FREQUENCY_LIMIT = 10  # 第三十五条 / 按件计收: more than 10 in a natural month
SIMILARITY = 0.6


def cases_for_user(user):
    """Cases the user may read: their agency's, or (supervisors) the agencies below them."""
    return permissions.scope(Application.objects.select_related("agency"), user, "application.view")


# The staff list's default order: new applications waiting to be confirmed (第三十一条) first,
# then open cases by their answer deadline, then what is answered or closed, newest first.
ACTION_RANK = Case(
    When(status=Application.Status.SUBMITTED, then=0),
    When(status__in=OPEN, then=1),
    When(status=Application.Status.DECIDED, then=2),
    default=3,
)


def cases_filtered(qs, *, status="", year=None, overdue=False, today=None):
    """Narrow a staff case list: `year` of receipt (or of submission while unconfirmed)."""
    if status:
        qs = qs.filter(status=status)
    if year:
        year = int(year)
        qs = qs.filter(Q(received_on__year=year) | Q(received_on__isnull=True, submitted_at__year=year))
    if overdue:
        qs = qs.filter(status__in=OPEN, due_date__lt=today or timezone.localdate())
    return qs


def may_read(user, case) -> bool:
    return permissions.can(user, "application.view", case.agency)


def submitted_with(*, agency, token):
    """The application the public form filed with this submission token at `agency`, if any."""
    if token is None:
        return None
    return Application.objects.filter(agency=agency, submission_token=token).first()


def may_see_personal_data(user, case) -> bool:
    return permissions.can(user, "application.personal_data", case.agency)


def flag(case, today: date, calendar=None) -> str:
    if case.status not in OPEN:
        return ""
    return deadline_flag(calendar or work_calendar(), case.due_date, today)


def open_cases_by_due(agency_ids):
    return (
        Application.objects.filter(agency_id__in=agency_ids, status__in=OPEN + [Application.Status.SUBMITTED])
        .select_related("agency")
        .order_by("due_date", "submitted_at")
    )


def overdue_counts(*, agencies, today: date | None = None) -> dict[int, int]:
    """{agency id: open cases past their answer deadline} for many agencies, one GROUP BY query.
    An agency without overdue cases is absent (read it with .get(pk, 0)). COUNT(*), not of the
    key: the (agency, status, due_date) index then answers it alone on PostgreSQL."""
    today = today or timezone.localdate()
    rows = (
        Application.objects.filter(agency__in=agencies, status__in=OPEN, due_date__lt=today)
        .order_by()
        .values("agency_id")
        .annotate(n=Count("*"))
    )
    return {r["agency_id"]: r["n"] for r in rows}


def overdue_count(*, agency, today: date | None = None) -> int:
    """Open cases of `agency` past their answer deadline (what the case list flags 已逾期)."""
    return overdue_counts(agencies=[agency], today=today).get(agency.pk, 0)


def fees_collected(*, agency, year: int) -> Decimal:
    """信息处理费 paid in `year`, in 元; Decimal 0 when none."""
    paid = Application.objects.filter(
        agency=agency, fee_paid_on__gte=date(year, 1, 1), fee_paid_on__lte=date(year, 12, 31)
    ).aggregate(total=Sum("fee_amount"))["total"]
    return paid if paid is not None else Decimal("0")


def _similar(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    try:
        import jieba

        wa, wb = {w for w in jieba.lcut(a) if w.strip()}, {w for w in jieba.lcut(b) if w.strip()}
        if wa and wb:
            ratio = max(ratio, len(wa & wb) / len(wa | wb))
    except ImportError:  # jieba is a dependency; difflib alone still gives a useful signal
        pass
    return ratio


def _text(case) -> str:
    return " ".join(x for x in (case.info_name, case.info_doc_number, case.info_description) if x)


def case_warnings(case) -> list[str]:
    """Hints for staff: a likely repeat application, an applicant above the monthly frequency."""
    warnings = []
    others = (
        Application.objects.filter(agency=case.agency, applicant_key=case.applicant_key)
        .exclude(pk=case.pk)
        .order_by("-submitted_at")[:50]
    )
    text = _text(case)
    for other in others:
        if _similar(text, _text(other)) >= SIMILARITY:
            warnings.append(
                _("可能是重复申请：同一申请人的 %(number)s 申请了相似的信息（%(status)s）。")
                % {"number": other.number, "status": other.get_status_display()}
            )
            break
    month = case.received_on or case.submitted_at.date()
    n = Application.objects.filter(
        agency=case.agency,
        applicant_key=case.applicant_key,
        received_on__year=month.year,
        received_on__month=month.month,
    ).count()
    if n > FREQUENCY_LIMIT:
        warnings.append(
            _(
                "该申请人本月已提出 %(count)s 件申请，超过 %(limit)s 件：可依第三十五条要求说明理由，或依第四十二条收取信息处理费。"
            )
            % {"count": n, "limit": FREQUENCY_LIMIT}
        )
    return warnings


# --- section 三 of the annual report -------------------------------------------------------


def _received(agency, until: date):
    return Application.objects.filter(agency=agency, received_on__isnull=False, received_on__lte=until)


def section_three(*, agency, year: int, report_format: str | None = None) -> dict:
    """The `applications` table of the annual report, computed by the database in one query.

    本年新收 = received in the year; 上年结转 = received before 1 January and not decided by then;
    result rows = decided in the year; 结转下年度 = received by 31 December and not decided by
    then. A case counts with its first decision (Application.counted_on), so a decision made
    again after a 复议 or court correction never rewrites a past year. With counted_on ≥
    received_on, R1 (新收 + 上年结转 = 总计 + 结转下年度), R2 and R3 hold by construction.
    """
    return section_three_by_agency(agencies=[agency], year=year, report_format=report_format)[agency.pk]


# Per agency, applicant type and outcome counted: received in the year (本年新收), carried over from
# the year before (上年结转), carried forward to the next (结转下年度), and decided in the year (a result
# row and 总计). Every case received by 31 December is read once; cases_for_cell lists the same ones.
# A case received and decided before 1 January counts in none of them: the last condition leaves it
# out of the grouping (a third of the cases at M, whose sorting was most of the roll-up's time).
_SECTION_THREE_SQL = """
    SELECT agency_id, applicant_type, counted_outcome,
           SUM(CASE WHEN received_on >= %(first)s THEN 1 ELSE 0 END),
           SUM(CASE WHEN received_on < %(first)s AND (counted_on IS NULL OR counted_on >= %(first)s)
               THEN 1 ELSE 0 END),
           SUM(CASE WHEN counted_on IS NULL OR counted_on > %(last)s THEN 1 ELSE 0 END),
           SUM(CASE WHEN counted_on >= %(first)s AND counted_on <= %(last)s AND counted_outcome <> ''
               THEN 1 ELSE 0 END)
    FROM {applications}
    WHERE agency_id IN ({ids}) AND received_on IS NOT NULL AND received_on <= %(last)s
      AND (received_on >= %(first)s OR counted_on IS NULL OR counted_on >= %(first)s)
    GROUP BY agency_id, applicant_type, counted_outcome"""


def section_three_by_agency(*, agencies, year: int, report_format: str | None = None) -> dict:
    """{agency id: the `applications` table} for many agencies in the same one grouped query
    (hand-written: see gongkai/rawsql.py)."""
    spec = formats.get_format(report_format) if report_format else formats.format_for_year(year)
    declared = spec.table(formats.APPLICATIONS)
    ids = [a.pk for a in agencies]
    columns, rows = declared.column_codes, declared.row_codes  # once: properties rebuilt on each read
    tables = {pk: {row: dict.fromkeys(columns, 0) for row in rows} for pk in ids}
    if not ids:
        return tables
    placeholders, params = rawsql.in_list("agency", ids)
    params.update(first=date(year, 1, 1), last=date(year, 12, 31))
    sql = _SECTION_THREE_SQL.format(applications=rawsql.table(Application), ids=placeholders)
    result_rows: dict = {}  # outcome → its row in the format (2019 folds （六）1–3 into one)
    for agency_id, kind, outcome, new, over, forward, decided in rawsql.fetch(Application, sql, params):
        table = tables[agency_id]
        counted = [(formats.NEW, new), (formats.CARRIED_OVER, over), (formats.CARRIED_FORWARD, forward)]
        if decided:
            if outcome not in result_rows:
                result_rows[outcome] = formats.counting_row(spec, outcome)
            counted += [(result_rows[outcome], decided), (formats.TOTAL, decided)]
        for row, n in counted:
            cells = table[row]
            cells[kind] += n  # a type the format has no column for fails here, never counted silently
            cells[formats.TOTAL] += n  # the 总计 column: every applicant type
    return tables


def cases_for_cell(*, agency, year: int, row: str, column: str):
    """The cases behind one cell of section_three (either format's row codes)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    qs = _received(agency, last)
    if column != formats.TOTAL:
        qs = qs.filter(applicant_type=column)
    if row == formats.NEW:
        return qs.filter(received_on__gte=first)
    if row == formats.CARRIED_OVER:
        return qs.filter(received_on__lt=first).filter(Q(counted_on__isnull=True) | Q(counted_on__gte=first))
    if row == formats.CARRIED_FORWARD:
        return qs.filter(Q(counted_on__isnull=True) | Q(counted_on__gt=last))
    qs = qs.filter(counted_on__gte=first, counted_on__lte=last).exclude(counted_outcome="")
    if row == formats.TOTAL:
        return qs
    outcomes = formats.outcomes_counted_in(row)
    if not outcomes:
        raise ValueError(f"unknown row {row!r}")
    return qs.filter(counted_outcome__in=outcomes)


def citizen_applications(citizen):
    """A citizen account's applications, newest first."""
    return Application.objects.filter(citizen=citizen).select_related("agency").order_by("-submitted_at", "-pk")
