"""Writes to the 行政复议 / 行政诉讼 register: each one transaction with its audit row."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from gongkai.accounts.permissions import require
from gongkai.accounts.transitions import Machine, Transition
from gongkai.applications import services as applications
from gongkai.audit.events import field_values
from gongkai.audit.yearlock import ensure_record_open, ensure_years_open

from .models import Appeal, AppealEvent

EDITABLE = ("kind", "number", "appellant", "body", "filed_on", "summary")
R = Appeal.Result

# A case of the register, declared once: the services check it, the detail page offers it.
TRANSITIONS = Machine.of(
    Transition("edit", _l("修改案件信息"), tuple(R.values), "appeal.edit", writes=EDITABLE + ("applications",)),
    Transition(
        "decide",
        _l("登记审结结果"),
        (R.PENDING,),
        "appeal.edit",
        target="upheld / corrected / other",
        writes=("result", "decided_on", "reopens the linked applications when corrected"),
        refused=_l("该案件已登记结果，不能重复登记"),
    ),
    state="result",
)


def _guard(appeal, years):
    ensure_years_open(appeal.agency, years)


def _link(appeal, applications):
    if applications is None:
        return
    foreign = [c for c in applications if c.agency_id != appeal.agency_id]
    if foreign:
        raise ValidationError({"applications": _("只能关联本机关的政府信息公开申请")})
    appeal.applications.set(applications)


@transaction.atomic
def appeal_register(*, agency, actor, kind, appellant, body, filed_on, number="", summary="", applications=None):
    """登记 a 行政复议 or 行政诉讼 case about an OGI decision of `agency`."""
    require(actor, "appeal.edit", agency)
    appeal = Appeal(
        agency=agency,
        kind=kind,
        number=number.strip(),
        appellant=appellant.strip(),
        body=body.strip(),
        filed_on=filed_on,
        summary=summary.strip(),
    )
    appeal.full_clean()
    ensure_record_open(appeal)  # a published year is locked
    appeal.save()
    _link(appeal, applications)
    AppealEvent.objects.create(appeal=appeal, verb=AppealEvent.Kind.REGISTERED, actor=actor, after=field_values(appeal))
    return appeal


@transaction.atomic
def appeal_update(*, appeal, actor, applications=None, **fields):
    """Correct the particulars of a case (not its result: see appeal_decide)."""
    TRANSITIONS.check(actor, appeal, "edit")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    before = appeal.counted_years()
    changed = {}
    for name, value in fields.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(appeal, name) != value:
            changed[name] = (str(getattr(appeal, name)), str(value))
            setattr(appeal, name, value)
    appeal.full_clean()
    if changed:
        ensure_record_open(appeal)  # a published year is locked, the stored one and the new one
    appeal.save()
    if applications is not None:
        _guard(appeal, before)
        _link(appeal, applications)
    if changed or applications is not None:  # saving the form unchanged writes no history
        AppealEvent.objects.create(
            appeal=appeal,
            verb=AppealEvent.Kind.EDITED,
            actor=actor,
            before={k: old for k, (old, new) in changed.items()},
            after={k: new for k, (old, new) in changed.items()},
        )
    return appeal


@transaction.atomic
def appeal_decide(*, appeal, actor, result, decided_on, note=""):
    """Record the result (维持 / 纠正 / 其他). A 纠正 reopens every linked application, in this
    same transaction, so the office answers it again."""
    TRANSITIONS.check(actor, appeal, "decide")
    if result == Appeal.Result.PENDING:
        raise ValidationError({"result": _("请选择审结结果（维持、纠正或其他）")})
    appeal.result, appeal.decided_on = result, decided_on
    appeal.full_clean()
    if decided_on <= date(appeal.filed_on.year, 12, 31):
        _guard(appeal, {appeal.filed_on.year})
    appeal.save()
    AppealEvent.objects.create(
        appeal=appeal,
        verb=AppealEvent.Kind.DECIDED,
        actor=actor,
        reason=note.strip(),
        before={"result": Appeal.Result.PENDING},
        after={"result": result, "decided_on": decided_on.isoformat()},
    )
    if result == Appeal.Result.CORRECTED:
        reason = _("%(kind)s结果纠正（%(case)s）") % {
            "kind": appeal.get_kind_display(),
            "case": appeal.number or appeal.body,
        }
        for case in appeal.applications.all():
            applications.case_reopen(case=case, actor=actor, reason=reason, basis=appeal.body)
    return appeal
