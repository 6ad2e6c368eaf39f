"""The steps of a disclosure application (依申请公开), declared once: who may take each, from
which states, to which state and what it writes. The services check a step here before writing;
the case page offers the steps this declaration allows to the person looking."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from gongkai.accounts.transitions import Machine, Party, Transition

from .models import Application

S = Application.Status
HANDLE = "application.handle"
# The applicant, who proves who they are with the query code (or their citizen account) and takes
# their own steps on the applicant page; no member of staff takes these for them.
APPLICANT = Party("applicant")
# While the case is open the applicant may still withdraw it.
APPLICANT_OPEN = (S.SUBMITTED, S.RECEIVED, S.CORRECTION, S.CONSULTING, S.FEE, S.REASONS)


class TransitionError(ValidationError):
    """A step the case cannot take now; the message says why, in Chinese."""


def _wrong_state(case, transition):
    return _("申请当前状态为“%(status)s”，不能%(action)s。") % {
        "status": case.get_status_display(),
        "action": transition.verb or transition.label,
    }


def _promise_broken(case) -> bool:
    """Offered only when the deadline told to the applicant no longer holds."""
    from .deadlines import case_deadline

    deadline = case_deadline(case)
    return bool(case.promised_due and deadline and deadline.date and deadline.date != case.promised_due)


TRANSITIONS = Machine.of(
    Transition(
        "confirm",
        _l("确认收到申请"),
        (S.SUBMITTED,),
        HANDLE,
        target=S.RECEIVED,
        writes=("received_on", "due_date"),
        verb=_l("确认收到"),
    ),
    Transition(
        "correction",
        _l("告知补正（第三十条）"),
        (S.RECEIVED,),
        HANDLE,
        target=S.CORRECTION,
        writes=("a correction interval", "a letter"),
        verb=_l("告知补正"),
    ),
    Transition(
        "correction_received",
        _l("收到补正"),
        (S.CORRECTION,),
        HANDLE,
        target=S.RECEIVED,
        writes=("received_on", "due_date"),
        verb=_l("登记收到补正"),
    ),
    Transition(
        "abandon",
        _l("逾期未补正，不再处理"),
        (S.CORRECTION,),
        HANDLE,
        target=S.DECIDED,
        writes=("outcome", "decided_on", "a letter"),
        verb=_l("按逾期未补正处理"),
    ),
    Transition(
        "consult",
        _l("征求意见（第三十二条、第三十四条）"),
        (S.RECEIVED,),
        HANDLE,
        target=S.CONSULTING,
        writes=("a consultation interval", "a letter"),
        verb=_l("征求意见"),
    ),
    Transition(
        "consultation_answered",
        _l("登记征求意见结果"),
        (S.CONSULTING,),
        HANDLE,
        target=S.RECEIVED,
        writes=("due_date",),
    ),
    Transition(
        "extend",
        _l("延期答复（第三十三条）"),
        (S.RECEIVED, S.CONSULTING),
        "application.extend",
        writes=("extension_days", "due_date", "a letter"),
        verb=_l("延期答复"),
    ),
    Transition(
        "extension_ask",
        _l("申请延期答复（报工作机构负责人审批）"),
        (S.RECEIVED, S.CONSULTING),
        HANDLE,
        writes=("an ExtensionRequest",),
        verb=_l("申请延期答复"),
    ),
    Transition(
        "due_notice",
        _l("告知新的答复期限"),
        (S.RECEIVED, S.CONSULTING, S.FEE, S.REASONS),
        HANDLE,
        writes=("promised_due", "a notice"),
        offer=lambda case: _promise_broken(case),
    ),
    Transition(
        "reasons",
        _l("要求说明理由（第三十五条）"),
        (S.RECEIVED,),
        HANDLE,
        target=S.REASONS,
        writes=("a reasons interval",),
        verb=_l("要求说明理由"),
    ),
    Transition(
        "judge",
        _l("认定申请理由（第三十五条）"),
        (S.REASONS,),
        HANDLE,
        target=S.RECEIVED,
        writes=("later_deadline", "due_date"),
        verb=_l("认定申请理由"),
    ),
    Transition(
        "fee",
        _l("发出收费通知（第四十二条）"),
        (S.RECEIVED,),
        HANDLE,
        target=S.FEE,
        writes=("fee", "a fee interval", "a letter"),
        verb=_l("发出收费通知"),
    ),
    Transition("fee_paid", _l("登记缴费"), (S.FEE,), HANDLE, target=S.RECEIVED, writes=("due_date",)),
    Transition(
        "fee_lapsed",
        _l("逾期未缴费，不再处理"),
        (S.FEE,),
        HANDLE,
        target=S.DECIDED,
        writes=("outcome", "decided_on", "a letter"),
        verb=_l("按逾期未缴费处理"),
    ),
    Transition(
        "decide",
        _l("作出答复（第三十六条）"),
        (S.RECEIVED,),
        HANDLE,
        target=S.DECIDED,
        writes=("outcome", "outcome_reason", "decided_on", "a letter"),
        verb=_l("作出答复"),
    ),
    Transition("serve", _l("登记送达"), (S.DECIDED,), HANDLE, target=S.SERVED, writes=("served_on", "served_method")),
    Transition("close", _l("办结"), (S.SERVED,), HANDLE, target=S.CLOSED, writes=("closed_on",)),
    # A 行政复议 or court decision corrected the answer: the office, or whoever keeps the appeals.
    Transition(
        "reopen",
        _l("重新办理（复议、诉讼纠正后）"),
        (S.DECIDED, S.SERVED, S.CLOSED),
        "application.reopen",
        target=S.RECEIVED,
        writes=("clears the outcome", "a reopen interval", "due_date"),
        verb=_l("重新办理"),
    ),
    # The applicant's own steps.
    Transition(
        "applicant_correct",
        _l("在线补正（第三十条）"),
        (S.CORRECTION,),
        APPLICANT,
        target=S.RECEIVED,
        writes=("the corrected request", "received_on", "due_date"),
        verb=_l("提交补正"),
    ),
    Transition(
        "applicant_message",
        _l("给受理机关留言"),
        (*APPLICANT_OPEN, S.DECIDED, S.SERVED),
        APPLICANT,
        writes=("an ApplicantMessage",),
        verb=_l("留言"),
    ),
    Transition(
        "withdraw",
        _l("撤回申请"),
        APPLICANT_OPEN,
        APPLICANT,
        target=S.DECIDED,
        writes=("outcome （六）3 and a letter; a case not yet received is closed",),
        verb=_l("撤回申请"),
    ),
    refused=_wrong_state,
    error=TransitionError,
)
