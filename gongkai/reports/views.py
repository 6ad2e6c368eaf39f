"""Pages of the annual report: the office's draft, the head's approval, the supervisor's roll-up
and the public report with its downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.db.models import Case, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai import lists
from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import agencies_where, can, may_somewhere, require
from gongkai.core.report.model import canonical_json
from gongkai.lists import Filter, Sort
from gongkai.web import add_errors, content_disposition, download, int_param, message_errors, year_param

from . import bulk, excel, render as rendering, selectors, services
from .forms import (
    BulkCheckForm,
    CorrectionForm,
    ImportForm,
    OverrideForm,
    ReasonForm,
    SendBackPublishedForm,
    StartForm,
    TextsForm,
)
from .models import AnnualReport, BulkCheck


def _agency(request, slug, action="report.read"):
    agency = get_object_or_404(Agency, slug=slug)
    require(request.user, action, agency)
    return agency


def _year(year):
    if not 2019 <= year <= 2100:
        raise Http404(_("没有这个年度的报告"))
    return year


# ---- staff: the office's reports ----


@login_required
def staff_index(request):
    agencies = list(agencies_where(request.user, "report.read").order_by("name"))
    may_supervise = agencies_where(request.user, "supervise").exists()
    if len(agencies) == 1 and not may_supervise:
        return redirect("reports:staff-list", agencies[0].slug)
    return render(request, "reports/staff_index.html", {"agencies": agencies, "may_supervise": may_supervise})


# What is still to be approved comes first, then the years newest first.
REPORT_SORTS = {
    "action": Sort(
        gettext_lazy("待办在前"),
        (
            Case(
                When(status=AnnualReport.Status.SUBMITTED, then=0),
                When(status=AnnualReport.Status.DRAFT, then=1),
                default=2,
            ),
            "-year",
        ),
    ),
    "year": Sort(gettext_lazy("年度（新到旧）"), ("-year",)),
}


@login_required
def staff_list(request, slug):
    agency = _agency(request, slug)
    today = timezone.localdate()
    S = AnnualReport.Status
    status = lists.choice(request, "status", S.values)
    reports = AnnualReport.objects.filter(agency=agency)
    if status:
        reports = reports.filter(status=status)
    listing = lists.listing(
        request, reports, sorts=REPORT_SORTS, filters=[Filter("status", _("状态"), S.choices, status)]
    )
    reports = list(listing.page.object_list)
    for r in reports:
        r.status_text = selectors.status_label(r, year=r.year, today=today)
        r.late = selectors.is_late(r, year=r.year, today=today)
    return render(
        request,
        "reports/staff_list.html",
        {
            "agency": agency,
            "reports": reports,
            "listing": listing,
            "may_draft": can(request.user, "report.draft", agency),
            "start_form": StartForm(initial={"year": services.default_year(today)}),
            "import_form": ImportForm(),
        },
    )


@login_required
@require_POST
def start(request, slug):
    agency = _agency(request, slug, "report.draft")
    form = StartForm(request.POST)
    if not form.is_valid():
        message_errors(request, ValidationError(form.errors))
        return redirect("reports:staff-list", slug)
    try:
        report = services.report_start(agency=agency, actor=request.user, year=form.cleaned_data["year"])
    except ValidationError as e:
        message_errors(request, e)
        return redirect("reports:staff-list", slug)
    messages.success(request, _("已开始起草 %(year)s 年度报告。") % {"year": report.year})
    return redirect("reports:staff-detail", slug, report.year)


@login_required
@require_POST
def import_report(request, slug):
    agency = _agency(request, slug, "report.draft")
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        message_errors(request, ValidationError(form.errors))
        return redirect("reports:staff-list", slug)
    upload = form.cleaned_data["file"]
    try:
        report = services.report_import(
            agency=agency,
            actor=request.user,
            year=form.cleaned_data["year"],
            filename=upload.name,
            content=upload.read(),
            published_on=form.cleaned_data["published_on"],
        )
    except ValidationError as e:
        message_errors(request, e)
        return redirect("reports:staff-list", slug)
    messages.success(request, _("已导入 %(year)s 年度报告。") % {"year": report.year})
    return redirect("reports:staff-detail", slug, report.year)


def _report(request, slug, year, action="report.read"):
    agency = _agency(request, slug, action)
    return get_object_or_404(AnnualReport.objects.select_related("agency"), agency=agency, year=_year(year))


@login_required
def staff_detail(request, slug, year):
    report = _report(request, slug, year)
    agency, user = report.agency, request.user
    value = selectors.report_value(report)
    overrides = selectors.overrides_of(report)
    is_draft_view = report.status != AnnualReport.Status.PUBLISHED
    computed = selectors.computed(agency=agency, year=report.year) if is_draft_view else None
    findings = selectors.findings_for(value, agency=agency)
    previous = selectors.previous_value(agency=agency, year=report.year)
    approval_wait = (
        selectors.approval_wait(report.year, timezone.localdate())
        if report.status == AnnualReport.Status.SUBMITTED
        else ""
    )
    offered = services.TRANSITIONS.offered(user, report)
    context = {
        "report": report,
        "agency": agency,
        "value": value,
        "findings": findings,
        "errors": selectors.errors(findings),
        "tables": selectors.table_views(value, computed, {(o.table, o.row, o.column) for o in overrides}),
        "overrides": overrides,
        "versions": report.versions.order_by("number"),
        "events": report.events.select_related("actor"),
        "changes": [c for c in selectors.comparison(value, previous) if c["stands_out"]],
        "previous": previous,
        "late": selectors.is_late(report, year=report.year, today=timezone.localdate()),
        "counting_rule": selectors.APPEALS_RULE,
        "offered": offered,
        "may_edit": "edit" in offered,
        "no_step": not set(offered) - {"edit"},
        "texts_form": TextsForm(initial={**report.texts, "overview": value.sections.get("overview", report.overview)}),
        "approval_wait": approval_wait,
        "reason_form": SendBackPublishedForm() if report.status == AnnualReport.Status.PUBLISHED else ReasonForm(),
        "correction_form": CorrectionForm(),
        "cell_links": report.source == AnnualReport.Source.COMPUTED,
    }
    return render(request, "reports/staff_detail.html", context)


@login_required
@require_POST
def save_texts(request, slug, year):
    report = _report(request, slug, year, "report.draft")
    form = TextsForm(request.POST)
    if form.is_valid():
        try:
            services.report_save_texts(report=report, actor=request.user, **form.cleaned_data)
            messages.success(request, _("文字部分已保存。"))
        except ValidationError as e:
            message_errors(request, e)
    return redirect("reports:staff-detail", slug, year)


def _cell_or_404(report, table, row, column):
    try:
        return selectors.cell_label(selectors.format_code(report.year), table, row, column)
    except KeyError:
        raise Http404(_("该年度报告格式中没有这个单元格")) from None


@login_required
def override(request, slug, year, table, row, column):
    report = _report(request, slug, year, "report.draft")
    label = _cell_or_404(report, table, row, column)
    computed = selectors.computed(agency=report.agency, year=report.year).cell(table, row, column)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_override_cell(
                report=report, actor=request.user, table=table, row=row, column=column, **form.cleaned_data
            )
            messages.success(request, _("已修改“%(label)s”。") % {"label": label})
            return redirect("reports:staff-detail", slug, year)
        except ValidationError as e:
            add_errors(form, e)
    existing = report.overrides.filter(table=table, row=row, column=column).first()
    return render(
        request,
        "reports/override.html",
        {
            "report": report,
            "label": label,
            "computed": computed,
            "form": form,
            "existing": existing,
            "cell": (table, row, column),
        },
    )


@login_required
@require_POST
def remove_override(request, slug, year, table, row, column):
    report = _report(request, slug, year, "report.draft")
    try:
        services.report_remove_override(report=report, actor=request.user, table=table, row=row, column=column)
    except ValidationError as e:
        message_errors(request, e)
    return redirect("reports:staff-detail", slug, year)


def cell_rule(table, **_kwargs):
    """Who may open a drill-down: the report's readers; the applications behind section 三 only
    for those who may read the agency's applications (its office, or its supervisor)."""
    return "application.view" if table == "applications" else "report.read"


@login_required
def cell(request, slug, year, table, row, column):
    """Drill-down: the records behind one cell ("why 192?")."""
    agency = _agency(request, slug, cell_rule(table))
    year = _year(year)
    fmt = selectors.format_code(year)
    try:
        label = selectors.cell_label(fmt, table, row, column)
    except KeyError:
        raise Http404(_("该年度报告格式中没有这个单元格")) from None
    kind, records = selectors.cell_records(agency=agency, year=year, table=table, row=row, column=column)
    if kind == "applications" and not (
        can(request.user, "application.read", agency) or can(request.user, "application.overview", agency)
    ):
        raise PermissionDenied(_("您没有权限查看申请记录"))
    value = selectors.computed(agency=agency, year=year).cell(table, row, column)
    return render(
        request,
        "reports/cell.html",
        {
            "agency": agency,
            "year": year,
            "label": label,
            "kind": kind,
            "value": value,
            "records": list(records) if records is not None else [],
            "show_personal": can(request.user, "application.personal_data", agency),
            "table": table,
            "row": row,
            "column": column,
            "counting_rule": selectors.APPEALS_RULE,
        },
    )


def _transition(request, slug, year, action, call, success):
    """Take the transition `action` of the report's review chain: refused at once (403) for a
    person it does not allow, with the reason on the page for a report in another state."""
    report = _report(request, slug, year, "report.read")
    if not services.TRANSITIONS.permitted(request.user, report, action):
        raise PermissionDenied(_("您没有权限执行此操作"))
    try:
        call(report)
        messages.success(request, success)
    except ValidationError as e:
        message_errors(request, e)
    return redirect("reports:staff-detail", slug, year)


@login_required
@require_POST
def submit(request, slug, year):
    return _transition(
        request,
        slug,
        year,
        "submit",
        lambda r: services.report_submit(report=r, actor=request.user),
        _("报告已提交审批。"),
    )


@login_required
@require_POST
def approve(request, slug, year):
    return _transition(
        request,
        slug,
        year,
        "approve",
        lambda r: services.report_approve(report=r, actor=request.user),
        _("报告已批准并发布。"),
    )


@login_required
@require_POST
def send_back(request, slug, year):
    reason = request.POST.get("reason", "")
    withdraw = request.POST.get("public_copy") == "withdraw"
    return _transition(
        request,
        slug,
        year,
        "send_back",
        lambda r: services.report_send_back(report=r, actor=request.user, reason=reason, withdraw=withdraw),
        _("报告已撤回，公开页面显示撤回公告。") if withdraw else _("报告已退回。"),
    )


@login_required
@require_POST
def correction(request, slug, year):
    note = request.POST.get("note", "")
    return _transition(
        request,
        slug,
        year,
        "correct",
        lambda r: services.report_correction_start(report=r, actor=request.user, note=note),
        _("已发起更正；该年度数据在更正版本发布前解除锁定。"),
    )


@login_required
def compare(request, slug, year):
    report = _report(request, slug, year)
    value = selectors.report_value(report)
    previous = selectors.previous_value(agency=report.agency, year=report.year)
    return render(
        request,
        "reports/compare.html",
        {
            "report": report,
            "rows": selectors.comparison(value, previous),
            "previous": previous,
        },
    )


# ---- the supervising office (县政务公开办) ----


def _supervised(request):
    agencies = [a for a in agencies_where(request.user, "supervise")]
    if not agencies:
        raise PermissionDenied(_("只有上级政务公开办可以查看汇总"))
    return selectors.supervised_agencies(agencies) or agencies


def _rollup_year(request):
    return year_param(request, default=services.default_year(), low=2019)


@login_required
def supervise(request):
    agencies = _supervised(request)
    year = _rollup_year(request)
    rows, totals = selectors.rollup(agencies=agencies, year=year, today=timezone.localdate())
    this_year = timezone.localdate().year
    return render(
        request,
        "reports/supervise.html",
        {
            "rows": rows,
            "totals": selectors.table_views(totals),
            "year": year,
            "years": range(this_year, 2018, -1),
            "counting_rule": selectors.APPEALS_RULE,
        },
    )


@login_required
def supervise_xlsx(request):
    agencies = _supervised(request)
    year = _rollup_year(request)
    rows, totals = selectors.rollup(agencies=agencies, year=year, today=timezone.localdate())
    return download(
        excel.workbook(rows=rows, totals=totals, year=year),
        _("%(year)s年度政府信息公开工作年度报告汇总.xlsx") % {"year": year},
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _may_bulk_check(request):
    if not may_somewhere(request.user, "report.read"):
        raise PermissionDenied(_("只有工作人员可以使用批量检查"))


def _own_check(request, pk):
    _may_bulk_check(request)
    check = get_object_or_404(BulkCheck, pk=pk)
    if check.created_by_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied(_("这次批量检查由其他人发起，只有发起人可以查看"))
    return check


@login_required
def bulk_check(request):
    _may_bulk_check(request)
    form = BulkCheckForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        check = bulk.bulk_check_start(actor=request.user, uploads=form.cleaned_data["files"])
        return redirect("reports:bulk-check-detail", pk=check.pk)
    recent = BulkCheck.objects.filter(created_by=request.user)[:10]
    return render(request, "reports/bulk_check.html", {"form": form, "recent": recent})


@login_required
def bulk_check_detail(request, pk):
    check = _own_check(request, pk)
    done, total = bulk.progress(check)
    waiting = check.state in (BulkCheck.State.QUEUED, BulkCheck.State.RUNNING)
    return render(
        request,
        "reports/bulk_check_detail.html",
        {
            "check": check,
            "files": check.files.all(),
            "done": done,
            "total": total,
            "waiting": waiting,
            "stalled": waiting
            and check.state == BulkCheck.State.QUEUED
            and (timezone.now() - check.created_at).total_seconds() > 60,
        },
    )


@login_required
def bulk_check_xlsx(request, pk):
    check = _own_check(request, pk)
    return download(
        bulk.findings_xlsx(check),
        _("批量检查结果-%(pk)s.xlsx") % {"pk": check.pk},
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# ---- the public report ----


def public_list(request, slug):
    agency = get_object_or_404(Agency, slug=slug)
    return render(
        request, "reports/public_list.html", {"agency": agency, "versions": selectors.latest_per_year(agency=agency)}
    )


def _public_version(request, slug, year):
    agency = get_object_or_404(Agency, slug=slug)
    version = selectors.public_version(
        agency=agency, year=_year(year), number=int_param(request, "version", low=1, high=32767)
    )
    if version is None:
        withdrawn = selectors.withdrawn_report(agency=agency, year=_year(year))
        if withdrawn is not None:
            raise ReportWithdrawn(withdrawn)
        raise Http404(_("该年度报告尚未发布"))
    return agency, version


class ReportWithdrawn(Exception):
    def __init__(self, report):
        self.report = report


def _withdrawn_page(request, report):
    """410: the report was published and withdrawn; the notice says why."""
    return render(request, "reports/public_withdrawn.html", {"agency": report.agency, "report": report}, status=410)


def _public(view):
    """Public report views answer a withdrawn report with its withdrawal notice."""

    def wrapped(request, slug, year):
        try:
            return view(request, slug, year)
        except ReportWithdrawn as exc:
            return _withdrawn_page(request, exc.report)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_public
def public_detail(request, slug, year):
    agency, version = _public_version(request, slug, year)
    value = rendering.frozen(version)
    return render(
        request,
        "reports/public_detail.html",
        {
            "agency": agency,
            "version": version,
            "value": value,
            "tables": selectors.table_views(value),
            "versions": version.report.versions.order_by("number"),
            "counting_rule": selectors.APPEALS_RULE if version.report.source == AnnualReport.Source.COMPUTED else "",
            "sections": rendering.text_sections(value),
        },
    )


def _report_filename(agency, version, ext):
    """The download's name, as people file it: 高沙窝镇2025年政府信息公开工作年度报告.pdf."""
    name = _("%(agency)s%(year)s年政府信息公开工作年度报告") % {"agency": agency.name, "year": version.report.year}
    if version.number > 1:
        name += _("（第%(n)s版）") % {"n": version.number}
    return f"{name}.{ext}"


@_public
def public_docx(request, slug, year):
    agency, version = _public_version(request, slug, year)
    return download(
        rendering.version_docx(version),
        _report_filename(agency, version, "docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@_public
def public_pdf(request, slug, year):
    agency, version = _public_version(request, slug, year)
    return download(rendering.version_pdf(version), _report_filename(agency, version, "pdf"), "application/pdf")


@_public
def public_json(request, slug, year):
    agency, version = _public_version(request, slug, year)
    # canonical bytes: PostgreSQL's jsonb gives the keys back in another order than SQLite
    response = HttpResponse(canonical_json(version.data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition(_report_filename(agency, version, "json"), inline=True)
    return response
