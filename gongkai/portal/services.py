"""Writes of the portal: each one transaction that checks the transition and writes its audit row."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions

from gongkai.audit.events import record_event
from gongkai.disclosure.models import Item

from .models import Feedback, OpenDay, OpenDayOpinion, OpenDayRegistration


def _audit(*, obj, agency, actor, kind, subject, **after):
    record_event(obj=obj, agency=agency, actor=actor, verb=kind, object_repr=subject, after=after)


# 监督评议 ---------------------------------------------------------------------------------------


@transaction.atomic
def feedback_submit(*, item, rating, comment=""):
    """A visitor rates a published item; the comment waits for moderation before it shows."""
    if not _item_is_public(item):
        raise ValidationError(_("该信息未公开，不能评议。"))
    feedback = Feedback(agency_id=item.agency_id, item=item, rating=rating, comment=comment.strip())
    feedback.full_clean()
    feedback.save()
    _audit(
        obj=feedback,
        agency=item.agency,
        actor=None,
        kind="feedback.submitted",
        subject=item.title,
        rating=feedback.rating,
    )
    return feedback


@transaction.atomic
def feedback_moderate(*, feedback, actor, approve, reply=""):
    """The OGI office approves (with an optional public reply) or rejects a pending comment."""
    permissions.require(actor, "feedback.moderate", feedback.agency)
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    # Pending → approved/rejected; an approved comment may get its reply edited; rejected is final.
    if feedback.status == Feedback.Status.REJECTED or (feedback.status == Feedback.Status.APPROVED and not approve):
        raise ValidationError(_("该评议已处理。"))
    feedback.status = Feedback.Status.APPROVED if approve else Feedback.Status.REJECTED
    feedback.reply = reply.strip()
    feedback.moderated_by = actor
    feedback.moderated_at = timezone.now()
    feedback.full_clean()
    feedback.save()
    _audit(
        obj=feedback,
        agency=feedback.agency,
        actor=actor,
        kind="feedback.approved" if approve else "feedback.rejected",
        subject=feedback.comment[:50] or str(feedback.rating),
        status=feedback.status,
        reply=feedback.reply,
    )
    return feedback


def _item_is_public(item):
    return Item.objects.public().filter(pk=item.pk).exists()


# 政府开放日 -------------------------------------------------------------------------------------

OPEN_DAY_FIELDS = (
    "title",
    "plan",
    "starts_at",
    "ends_at",
    "place",
    "agenda",
    "capacity",
    "registration_closes_at",
    "published",
    "participants_attended",
)


@transaction.atomic
def openday_create(*, agency, actor, **fields):
    permissions.require(actor, "openday.edit", agency)
    open_day = OpenDay(agency=agency, **{k: v for k, v in fields.items() if k in OPEN_DAY_FIELDS})
    open_day.full_clean()
    open_day.save()
    _audit(obj=open_day, agency=agency, actor=actor, kind="openday.created", subject=open_day.title)
    return open_day


@transaction.atomic
def openday_update(*, open_day, actor, **fields):
    permissions.require(actor, "openday.edit", open_day.agency)
    open_day = OpenDay.objects.select_for_update().get(pk=open_day.pk)
    for key, value in fields.items():
        if key in OPEN_DAY_FIELDS:
            setattr(open_day, key, value)
    registered = open_day.registrations.count()
    if open_day.capacity is not None and open_day.capacity < registered:
        raise ValidationError({"capacity": _("已有 %(n)d 人报名，名额不能少于报名人数。") % {"n": registered}})
    open_day.full_clean()
    open_day.save()
    _audit(obj=open_day, agency=open_day.agency, actor=actor, kind="openday.updated", subject=open_day.title)
    return open_day


@transaction.atomic
def openday_register(*, open_day, name, phone, organization="", now=None):
    """Register one person. The event row is locked first, so two last-place registrations cannot
    both pass the capacity check (SQLite serialises writers; PostgreSQL gets SELECT ... FOR UPDATE)."""
    now = now or timezone.now()
    open_day = OpenDay.objects.select_for_update().get(pk=open_day.pk)
    if not open_day.published:
        raise ValidationError(_("该活动未发布。"))
    if now > open_day.registration_closes_at:
        raise ValidationError(_("报名已截止。"))
    if open_day.registrations.count() >= open_day.capacity:
        raise ValidationError(_("名额已满，感谢关注。"))
    phone = phone.strip()
    if open_day.registrations.filter(phone=phone).exists():
        raise ValidationError({"phone": _("该电话号码已报名。")})
    registration = OpenDayRegistration(
        open_day=open_day, name=name.strip(), phone=phone, organization=organization.strip()
    )
    registration.full_clean()
    registration.save()
    # The audit row names no one: the registrant's name and phone stay in the registration only.
    _audit(obj=open_day, agency=open_day.agency, actor=None, kind="openday.registered", subject=open_day.title)
    return registration


@transaction.atomic
def opinion_submit(*, open_day, content, now=None):
    """Opinions are collected once the event has begun (座谈交流 and afterwards)."""
    now = now or timezone.now()
    if not open_day.published:
        raise ValidationError(_("该活动未发布。"))
    if now < open_day.starts_at:
        raise ValidationError(_("活动开始后才能提交意见建议。"))
    opinion = OpenDayOpinion(open_day=open_day, content=content.strip())
    opinion.full_clean()
    opinion.save()
    _audit(obj=opinion, agency=open_day.agency, actor=None, kind="openday.opinion", subject=open_day.title)
    return opinion


@transaction.atomic
def opinion_answer(*, opinion, actor, answer):
    permissions.require(actor, "openday.edit", opinion.open_day.agency)
    opinion = OpenDayOpinion.objects.select_for_update().select_related("open_day__agency").get(pk=opinion.pk)
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("请填写答复内容。")})
    opinion.answer = answer
    opinion.answered_by = actor
    opinion.answered_at = timezone.now()
    opinion.full_clean()
    opinion.save()
    _audit(
        obj=opinion, agency=opinion.open_day.agency, actor=actor, kind="openday.answered", subject=opinion.content[:50]
    )
    return opinion
