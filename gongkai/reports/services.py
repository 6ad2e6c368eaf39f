"""Writes to annual reports: each function is one transaction that checks the transition and
writes the change with its ReportEvent row."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from gongkai.accounts.permissions import require
from gongkai.accounts.transitions import Machine, Transition
from gongkai.core.report.formats import get_format
from gongkai.core.report.model import ReportError

from . import prefill, render, selectors
from .models import AnnualReport, CellOverride, ReportEvent, ReportVersion

S = AnnualReport.Status
E = ReportEvent.Kind


def _today():
    return timezone.localdate()


def _event(report, kind, actor, note="", before=None, **after):
    ReportEvent.objects.create(report=report, verb=kind, actor=actor, reason=note, before=before or {}, after=after)


NOT_EDITABLE = {
    S.SUBMITTED: _l("报告已提交审批，不能修改；如需修改，请由主要领导或上级政务公开办退回。"),
    S.PUBLISHED: _l("报告已发布，不能直接修改；如需修改，请发起更正并填写更正说明。"),
}


def _imported(report):
    if report.source == AnnualReport.Source.IMPORTED:
        return _("导入的往年报告不能在本系统中更正；请重新导入更正后发布的文件。")
    return None


# The review chain of an annual report, declared once: the services below check it, the pages
# offer what it allows.
TRANSITIONS = Machine.of(
    Transition("edit", _l("修改草稿"), (S.DRAFT,), "report.draft", writes=("texts", "overrides"), refused=NOT_EDITABLE),
    Transition(
        "submit",
        _l("提交审批"),
        (S.DRAFT,),
        "report.draft",
        target=S.SUBMITTED,
        writes=("sent_back_reason",),
        refused=NOT_EDITABLE,
    ),
    Transition(
        "approve",
        _l("批准并发布"),
        (S.SUBMITTED,),
        "report.approve",
        target=S.PUBLISHED,
        writes=("a frozen ReportVersion", "correction_note", "the year's lock"),
        refused=_l("只有待审批的报告才能批准发布。"),
    ),
    # Before approval the head may send back too; once published only the supervising office.
    Transition(
        "send_back",
        _l("退回"),
        (S.SUBMITTED, S.PUBLISHED),
        {S.SUBMITTED: "report.review", S.PUBLISHED: "report.send_back"},
        target=S.DRAFT,
        writes=("sent_back_reason",),
        refused=_l("报告正在起草中，无需退回。"),
    ),
    Transition(
        "correct",
        _l("发起更正"),
        (S.PUBLISHED,),
        "report.draft",
        target=S.DRAFT,
        writes=("correction_note", "unlocks the year"),
        refused=_l("只有已发布的报告才能发起更正。"),
        guard=_imported,
    ),
)


def _check_year(year, today):
    if year < selectors.FIRST_YEAR:
        raise ValidationError(
            _("%(year)s 年早于现行《条例》和全国年度报告格式（2019 年起），无法生成年度报告。") % {"year": year}
        )
    if year > today.year:
        raise ValidationError(_("%(year)s 年尚未开始，不能起草该年度报告。") % {"year": year})


@transaction.atomic
def report_start(*, agency, actor, year, today=None):
    """Open the draft of `agency`'s report for `year`, the written sections prefilled with facts
    from the records (never with invented prose)."""
    require(actor, "report.draft", agency)
    _check_year(year, today or _today())
    if AnnualReport.objects.filter(agency=agency, year=year).exists():
        raise ValidationError(_("%(agency)s %(year)s 年度报告已存在。") % {"agency": agency.name, "year": year})
    report = AnnualReport(agency=agency, year=year, **prefill.texts(agency=agency, year=year))
    report.full_clean()
    report.save()
    _event(report, E.STARTED, actor)
    return report


@transaction.atomic
def report_save_texts(*, report, actor, overview, problems, other):
    """Save sections 一、五、六 as the OGI office wrote them."""
    TRANSITIONS.check(actor, report, "edit")
    changed = [
        k
        for k, v in (("overview", overview), ("problems", problems), ("other", other))
        if getattr(report, k) != v.strip()
    ]
    report.overview, report.problems, report.other = overview.strip(), problems.strip(), other.strip()
    report.full_clean()
    report.save()
    if changed:
        _event(report, E.TEXT_SAVED, actor, sections=changed)
    return report


def _number(value, column):
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": _("请填写数字")}) from None
    if not number.is_finite():
        raise ValidationError({"value": _("请填写数字")})
    if number < 0 and not column.signed:
        raise ValidationError({"value": _("该单元格的数值不能为负数")})
    if not column.money and number != number.to_integral_value():
        raise ValidationError({"value": _("该单元格是件数，请填写整数")})
    return number


@transaction.atomic
def report_override_cell(*, report, actor, table, row, column, value, reason):
    """Replace a computed cell by a figure the office states, with a written reason (e.g. the
    records of that year are incomplete). The override shows in the validation view and history."""
    TRANSITIONS.check(actor, report, "edit")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("修改单元格必须写明理由（例如：该年度业务记录不完整）")})
    try:
        spec_table = get_format(selectors.format_code(report.year)).table(table)
        spec_table.row(row)
        spec_column = spec_table.column(column)
    except KeyError:
        raise ValidationError(_("该年度报告格式中没有这个单元格")) from None
    number = _number(value, spec_column)
    before = selectors.computed(agency=report.agency, year=report.year).cell(table, row, column)
    override, _created = CellOverride.objects.update_or_create(
        report=report,
        table=table,
        row=row,
        column=column,
        defaults={"value": number, "reason": reason, "actor": actor},
    )
    override.full_clean()
    _event(
        report,
        E.OVERRIDDEN,
        actor,
        reason,
        before={"value": before},
        cell=f"{table}/{row}/{column}",
        value=override.number,
    )
    return override


@transaction.atomic
def report_remove_override(*, report, actor, table, row, column):
    TRANSITIONS.check(actor, report, "edit")
    deleted, _details = CellOverride.objects.filter(report=report, table=table, row=row, column=column).delete()
    if deleted:
        _event(report, E.OVERRIDE_REMOVED, actor, cell=f"{table}/{row}/{column}")


def _refuse_errors(value, agency, what):
    found = selectors.errors(selectors.findings_for(value, agency=agency))
    if found:
        listed = "；".join(f"[{f.rule}] {f.message}" for f in found[:5])
        more = _("（另有 %(count)s 项）") % {"count": len(found) - 5} if len(found) > 5 else ""
        raise ValidationError(
            _("报告有 %(count)s 项校验错误，不能%(action)s：%(listed)s%(more)s")
            % {"count": len(found), "action": what, "listed": listed, "more": more}
        )


@transaction.atomic
def report_submit(*, report, actor):
    """起草中 → 待审批. Refused while the report has validation errors, or when a correction
    lacks its 更正说明."""
    TRANSITIONS.check(actor, report, "submit")
    if report.versions.exists() and not report.correction_note.strip():
        raise ValidationError({"correction_note": _("该报告已发布过，更正后重新发布必须填写更正说明")})
    _refuse_errors(selectors.draft_value(report), report.agency, _("提交审批"))
    report.status = S.SUBMITTED
    report.sent_back_reason = ""
    report.save()
    _event(report, E.SUBMITTED, actor)
    return report


@transaction.atomic
def report_approve(*, report, actor, on=None):
    """主要领导 approves: the report is published as a new frozen version (JSON, DOCX, PDF) and
    the year's figures are locked."""
    TRANSITIONS.check(actor, report, "approve")
    on = on or _today()
    wait = selectors.approval_wait(report.year, on)
    if wait:
        raise ValidationError(wait)
    report.overview = selectors.refreshed_overview(report)
    value = selectors.draft_value(report)
    value.findings = selectors.findings_for(value, agency=report.agency)
    _refuse_errors(value, report.agency, _("发布"))
    number = report.versions.count() + 1
    version = ReportVersion(
        report=report,
        number=number,
        data=value.to_dict(),
        correction_note=report.correction_note,
        published_on=on,
        approved_by=actor,
        docx=render.docx(value, correction_note=report.correction_note),
        pdf=render.pdf(value, correction_note=report.correction_note),
    )
    version.full_clean(exclude=["docx", "pdf", "source_file"])
    version.save()
    report.status, report.correction_note, report.sent_back_reason = S.PUBLISHED, "", ""
    report.withdrawn_on, report.withdrawal_notice = None, ""
    report.save()
    _event(
        report,
        E.PUBLISHED,
        actor,
        version.correction_note,
        version=number,
        published_on=version.published_on.isoformat(),
    )
    return version


@transaction.atomic
def report_send_back(*, report, actor, reason, withdraw=False, today=None):
    """The supervising office (or the head, before approval) sends a report back with a reason.

    Sending back a published report opens a correction: its last version stays on the portal
    marked 更正中 until the corrected version is published — or, with `withdraw`, it is taken off
    the portal and the reason is shown as the public withdrawal notice (撤回公告) instead."""
    TRANSITIONS.check(actor, report, "send_back")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("退回必须写明理由")})
    if withdraw and report.status != S.PUBLISHED:
        raise ValidationError(_("只有已发布的报告才能撤回。"))
    was_published = report.status == S.PUBLISHED
    report.status, report.sent_back_reason = S.DRAFT, reason
    if withdraw:
        report.withdrawn_on, report.withdrawal_notice = today or _today(), reason
    report.save()
    _event(report, E.SENT_BACK, actor, reason, published=was_published, withdrawn=bool(withdraw))
    return report


@transaction.atomic
def report_correction_start(*, report, actor, note):
    """Reopen a published report for a correction (更正): the year is unlocked until the
    corrected version is published; the published version stays as it is."""
    TRANSITIONS.check(actor, report, "correct")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("发起更正必须填写更正说明")})
    report.status, report.correction_note = S.DRAFT, note
    report.save()
    _event(report, E.CORRECTION, actor, note)
    return report


@transaction.atomic
def report_import(*, agency, actor, year, filename, content, published_on=None, today=None):
    """Take a report published before the records were kept (TXT/HTML/DOCX/PDF), parsed by the
    core parser, as that year's report: R5 and the comparison work from the first day."""
    require(actor, "report.draft", agency)
    today = today or _today()
    _check_year(year, today)
    if year >= today.year:
        raise ValidationError(_("只能导入往年已发布的报告。"))
    if AnnualReport.objects.filter(agency=agency, year=year).exists():
        raise ValidationError(
            _("%(agency)s %(year)s 年度已有报告，不能再导入。") % {"agency": agency.name, "year": year}
        )
    try:
        value = render.parse(filename, content)
    except ReportError as exc:
        raise ValidationError({"file": exc.message}) from None
    if value.year and value.year != year:
        raise ValidationError(
            {"file": _("文件是 %(found)s 年度的报告，不是 %(year)s 年度的。") % {"found": value.year, "year": year}}
        )
    value.year = year
    value.findings = selectors.findings_for(value, agency=agency)
    texts = {k: value.sections.get(k, "") for k in ("overview", "problems", "other")}
    report = AnnualReport.objects.create(
        agency=agency, year=year, status=S.PUBLISHED, source=AnnualReport.Source.IMPORTED, **texts
    )
    ReportVersion.objects.create(
        report=report,
        number=1,
        data=value.to_dict(),
        published_on=published_on,
        source_name=filename[:200],
        source_file=content,
    )
    _event(report, E.IMPORTED, actor, filename, findings=len(value.findings))
    return report


def default_year(today=None):
    """The report year now due or being written: last year until its report is due (31 Jan)."""
    today = today or _today()
    return today.year - 1 if today <= date(today.year, 1, 31) else today.year
