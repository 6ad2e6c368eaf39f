"""Writes of 主动公开. Each function is one transaction: it checks who may do it and whether the
item is in the right state, writes the change and its ItemEvent, and sends signals on commit."""

from dataclasses import replace
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import require, unit_has_reviewer
from gongkai.accounts.transitions import Machine, Transition
from gongkai.audit.events import changes, field_values, record_event
from gongkai.core import pii
from gongkai.workdays.selectors import work_calendar

from . import catalog, selectors
from .content import PAGE_BREAK, body_text, check_attachment, sanitize_body
from .models import Category, Item, ItemAttachment, ItemEvent, ItemVersion
from .signals import item_published, item_unpublished

S = Item.State
A = ItemEvent.Action

PUBLISH_DAYS = 20  # 《条例》第二十六条: within 20 working days of being formed or changed

# The review chain (由各站所负责、分管领导严格把关，最后由党政办统一审核): who acts at each state.
REVIEWER_ACTION = {
    S.UNIT_REVIEW: "item.review_unit",
    S.LEADER_REVIEW: "item.review_leader",
    S.OGI_REVIEW: "item.publish",
}


def _wrong_state(item, transition):
    return _("该信息当前状态为“%(state)s”，不能执行此操作。") % {"state": item.get_state_display()}


# The life of an item, declared once: the services below check it, the review page offers what
# it allows to the person looking.
TRANSITIONS = Machine.of(
    Transition("edit", _l("修改"), (S.DRAFT,), "item.draft", writes=("fields", "channels", "attachments")),
    Transition("attach", _l("上传附件"), (S.DRAFT,), "item.draft", writes=("an ItemAttachment",)),
    Transition("submit", _l("提交审核"), (S.DRAFT,), "item.draft", target=S.UNIT_REVIEW, writes=("sent_back_reason",)),
    Transition(
        "approve_unit",
        _l("站所负责人审核通过"),
        (S.UNIT_REVIEW,),
        "item.review_unit",
        target=S.LEADER_REVIEW,
        unit_bound=True,
    ),
    Transition(
        "approve_leader",
        _l("分管领导审核通过"),
        (S.LEADER_REVIEW,),
        "item.review_leader",
        target=S.OGI_REVIEW,
        unit_bound=True,
    ),
    Transition(
        "send_back",
        _l("退回"),
        tuple(REVIEWER_ACTION),
        REVIEWER_ACTION,
        target=S.DRAFT,
        writes=("sent_back_reason",),
        unit_bound=True,
    ),
    Transition(
        "publish",
        _l("发布"),
        (S.OGI_REVIEW,),
        "item.publish",
        target=S.PUBLISHED,
        writes=("secrecy_review", "an ItemVersion", "publish_at", "expires_at", "is_late"),
    ),
    Transition(
        "correct",
        _l("更正"),
        (S.PUBLISHED,),
        "item.publish",
        writes=("title", "body", "doc_number", "a new ItemVersion"),
    ),
    Transition(
        "withdraw",
        _l("撤回"),
        (S.PUBLISHED, S.SCHEDULED),
        "item.publish",
        target=S.WITHDRAWN,
        writes=("withdrawn_at", "withdrawal_reason"),
    ),
    Transition("validity", _l("更新有效性"), (S.PUBLISHED,), "item.publish", writes=("validity",)),
    state="state",
    unit="unit",
    refused=_wrong_state,
)
EDITABLE_FIELDS = [
    "category",
    "unit",
    "title",
    "body",
    "doc_number",
    "level",
    "region",
    "disclosure",
    "nondisclosure_reason",
    "validity",
    "formed_on",
    "publish_at",
    "expires_at",
]


class PersonalDataFound(ValidationError):
    """Publishing stopped: personal data in the text, or an attachment whose text could not be
    checked; the findings and the unread attachments say what and where."""

    def __init__(self, findings, unread=()):
        self.findings, self.unread = findings, list(unread)
        parts = []
        if findings:
            parts.append(
                _("发布前检查发现个人信息：%(summary)s。请删除后再发布；如法律要求公示，由党政办填写理由确认后发布。")
                % {"summary": pii.summarize(findings)}
            )
        for a in self.unread:
            parts.append(
                _(
                    "附件“%(name)s”的文字无法读取（%(problem)s），无法检查其中是否有个人信息：请人工核对，由党政办填写理由确认后发布。"
                )
                % {"name": a.name, "problem": a.text_problem}
            )
        super().__init__(" ".join(parts))


def _event(item, actor, action, from_state, note="", data=None, at=None, was=None):
    """The item's event: its state before and after, what else changed (`was` → `data`)."""
    before = ({"state": from_state} if from_state else {}) | (was or {})
    return ItemEvent.objects.create(
        item=item,
        actor=actor,
        verb=action,
        before=before,
        after={"state": item.state, **(data or {})},
        reason=note,
        at=at or timezone.now(),
    )


def _locked(item):
    """Re-read the item under a row lock so two reviewers cannot both move it."""
    return (
        Item.objects.select_for_update(of=("self",))
        .select_related("agency", "unit", "category", "region")
        .get(pk=item.pk)
    )


def _compute_due(item):
    if item.formed_on:
        due = work_calendar().due(item.formed_on, PUBLISH_DAYS)
        item.due_on, item.due_provisional = due.date, due.provisional


def _apply_fields(item, fields):
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown item fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name == "body":
            value, _removed = sanitize_body(value)
        setattr(item, name, value)
    if item.level == Item.Level.TOWN:
        item.region = None
    _compute_due(item)


def _set_channels(item, channels):
    if channels is not None:
        item.channels.set(channels)


@transaction.atomic
def item_create(*, actor, agency: Agency, channels=None, **fields) -> Item:
    """Draft a new item (起草). `fields` are Item fields from EDITABLE_FIELDS."""
    require(actor, "item.draft", agency)
    item = Item(agency=agency, created_by=actor)
    _apply_fields(item, fields)
    item.full_clean()
    item.save()
    _set_channels(item, channels)
    _event(item, actor, A.CREATE, "")
    return item


@transaction.atomic
def item_update(*, actor, item: Item, channels=None, **fields) -> Item:
    """Change a draft; only drafts can change (a published item is corrected instead)."""
    item = _locked(item)
    TRANSITIONS.check(actor, item, "edit")
    _apply_fields(item, fields)
    item.full_clean()
    item.save()
    _set_channels(item, channels)
    _event(item, actor, A.EDIT, S.DRAFT)
    return item


@transaction.atomic
def item_attach(*, actor, item: Item, upload) -> ItemAttachment:
    """Add an attachment to a draft; its type is checked by content and its text extracted."""
    item = _locked(item)
    TRANSITIONS.check(actor, item, "attach")
    checked = check_attachment(upload)
    attachment = _store_attachment(item, checked, actor)
    _event(item, actor, A.ATTACH, item.state, note=checked.name)
    return attachment


def _store_attachment(item, checked, actor, added_in=1) -> ItemAttachment:
    attachment = ItemAttachment(
        item=item,
        name=checked.name,
        kind=checked.kind,
        mime=checked.mime,
        size=checked.size,
        text=checked.text,
        text_problem=checked.problem[:500],
        uploaded_by=actor,
        added_in=added_in,
    )
    attachment.file.save(checked.name, ContentFile(checked.content), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def item_remove_attachment(*, actor, attachment: ItemAttachment) -> None:
    item = _locked(attachment.item)
    TRANSITIONS.check(actor, item, "edit")
    name = attachment.name
    attachment.file.delete(save=False)
    attachment.delete()
    _event(item, actor, A.EDIT, item.state, note=_("删除附件：%(name)s") % {"name": name})


@transaction.atomic
def item_submit(*, actor, item: Item) -> Item:
    """Draft → 站所负责人 review."""
    item = _locked(item)
    TRANSITIONS.check(actor, item, "submit")
    if item.disclosure != Item.Disclosure.PROACTIVE:
        raise ValidationError(_("只有公开属性为“主动公开”的信息才能提交发布审核。"))
    if not item.channels.exists():
        raise ValidationError({"channels": _("请至少选择一个公开渠道。")})
    if not unit_has_reviewer(item.unit, "item.review_unit"):
        raise ValidationError(
            _("“%(unit)s”尚未设置站所负责人，无法提交审核，请联系系统管理员。") % {"unit": item.unit.name}
        )
    if item.unit.leader_id is None:
        raise ValidationError(
            _("“%(unit)s”尚未设置分管领导，无法提交审核，请联系系统管理员。") % {"unit": item.unit.name}
        )
    item.state, item.sent_back_reason = S.UNIT_REVIEW, ""
    item.save(update_fields=["state", "sent_back_reason", "updated_at"])
    _event(item, actor, A.SUBMIT, S.DRAFT)
    return item


def _pass_review(*, actor, item: Item, transition: str, event: str, note: str) -> Item:
    item = _locked(item)
    TRANSITIONS.check(actor, item, transition)
    step = item.state
    item.state = TRANSITIONS[transition].target
    item.save(update_fields=["state", "updated_at"])
    _event(item, actor, event, step, note=note)
    return item


@transaction.atomic
def item_approve_unit(*, actor, item: Item, note: str = "") -> Item:
    """站所负责人 approves → 分管领导."""
    return _pass_review(actor=actor, item=item, transition="approve_unit", event=A.APPROVE_UNIT, note=note)


@transaction.atomic
def item_approve_leader(*, actor, item: Item, note: str = "") -> Item:
    """分管领导 approves → 党政办 (the OGI office)."""
    return _pass_review(actor=actor, item=item, transition="approve_leader", event=A.APPROVE_LEADER, note=note)


@transaction.atomic
def item_send_back(*, actor, item: Item, reason: str) -> Item:
    """Any reviewer sends the item back to its drafter, with a reason (退回)."""
    item = _locked(item)
    TRANSITIONS.check(actor, item, "send_back")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("退回时须写明理由。")})
    from_state = item.state
    item.state, item.sent_back_reason = S.DRAFT, reason.strip()
    item.save(update_fields=["state", "sent_back_reason", "updated_at"])
    _event(item, actor, A.SEND_BACK, from_state, note=reason.strip())
    return item


def personal_data_in(item, title=None, body=None) -> list:
    """Findings in the title, the body text and the text of every attachment; a finding in an
    attachment says which one and on which page (`where`)."""
    texts = [title if title is not None else item.title, body_text(body if body is not None else item.body)]
    findings = [replace(f, where="") for f in pii.find_personal_data("\n".join(texts))]
    for attachment in item.attachments.all():
        pages = attachment.text.split(PAGE_BREAK)
        for f in pii.find_in_pages(pages):
            findings.append(
                replace(f, where=_where(attachment, f.page if len(pages) > 1 or attachment.kind == "pdf" else None))
            )
    return findings


def _where(attachment, page):
    if page is None:
        return _("附件“%(name)s”") % {"name": attachment.name}
    return _("附件“%(name)s”第 %(page)s 页") % {"name": attachment.name, "page": page}


def _guard_personal_data(actor, item, reason, title=None, body=None):
    """Block on personal data, or on an attachment whose text could not be checked, unless the OGI
    office confirms with a reason; returns event data."""
    findings = personal_data_in(item, title, body)
    unread = selectors.unread_attachments(item)
    if not findings and not unread:
        return {}
    if not (reason or "").strip():
        raise PersonalDataFound(findings, unread)
    require(actor, "item.confirm_personal_data", item.agency)
    data = {"personal_data_confirmed": reason.strip()}
    if findings:
        data["personal_data"] = pii.summarize(findings)
    if unread:
        data["attachments_unread"] = [a.name for a in unread]
    return data


def _check_secrecy(secrecy):
    keys = [key for key, _label in Item.SECRECY_CHECKS]
    missing = [str(label) for key, label in Item.SECRECY_CHECKS if not (secrecy or {}).get(key)]
    if missing:
        raise ValidationError(
            {
                "secrecy": _("保密审查未完成：以下事项须确认“不涉及”后才能发布：%(items)s。")
                % {"items": "、".join(missing)}
            }
        )
    return {key: True for key in keys}


@transaction.atomic
def item_publish(
    *,
    actor,
    item: Item,
    secrecy: dict,
    personal_data_reason: str = "",
    publish_at: datetime | None = None,
    expires_at: datetime | None = None,
    now: datetime | None = None,
) -> Item:
    """党政办 final sign-off: records the 保密审查, runs the personal-data guard and publishes now,
    or at `publish_at` (定时发布, done by `gongkai publish_scheduled`)."""
    now = now or timezone.now()
    item = _locked(item)
    TRANSITIONS.check(actor, item, "publish")
    item.secrecy_review = _check_secrecy(secrecy)
    data = {"secrecy": item.secrecy_review, **_guard_personal_data(actor, item, personal_data_reason)}
    if publish_at is not None:
        item.publish_at = publish_at
    if expires_at is not None:
        item.expires_at = expires_at
    when = item.publish_at if item.publish_at and item.publish_at > now else now
    if item.expires_at and item.expires_at <= when:
        raise ValidationError({"expires_at": _("到期下线时间必须晚于发布时间。")})
    item.full_clean()
    if when > now:
        item.state = S.SCHEDULED
        item.save()
        _event(item, actor, A.SCHEDULE, S.OGI_REVIEW, data={**data, "publish_at": when.isoformat()})
        return item
    return _publish_now(item, actor, S.OGI_REVIEW, now, data)


def _publish_now(item, actor, from_state, now, data=None):
    item.state = S.PUBLISHED
    item.published_at = item.published_at or now
    item.version = 1
    item.is_late = bool(item.due_on and timezone.localdate(item.published_at) > item.due_on)
    item.save()
    ItemVersion.objects.create(
        item=item,
        number=1,
        title=item.title,
        body=item.body,
        doc_number=item.doc_number,
        published_at=item.published_at,
        published_by=actor,
    )
    note = _("逾期公开（应于 %(due)s 前公开）") % {"due": item.due_on} if item.is_late else ""
    _event(item, actor, A.PUBLISH, from_state, note=note, data=data, at=now)
    transaction.on_commit(lambda: item_published.send(sender=Item, item=item))
    return item


@transaction.atomic
def item_correct(
    *,
    actor,
    item: Item,
    note: str,
    title: str | None = None,
    body: str | None = None,
    doc_number: str | None = None,
    personal_data_reason: str = "",
    now: datetime | None = None,
    remove_attachments=(),
    add_attachments=(),
) -> Item:
    """更正: publish a new version with a correction note; earlier versions stay on record. The
    correction may remove attachments (ids of current ones) and add new ones (uploads): to replace
    a file, remove it and add its corrected copy. A removed attachment is kept, marked with the
    version that superseded it, for the staff's history; the public sees the new version only."""
    now = now or timezone.now()
    item = _locked(item)
    TRANSITIONS.check(actor, item, "correct")
    if not (note or "").strip():
        raise ValidationError({"note": _("更正时须填写更正说明。")})
    if body is not None:
        body, _removed = sanitize_body(body)
    new_title = item.title if title is None else title.strip()
    new_body = item.body if body is None else body
    if not new_title:
        raise ValidationError({"title": _("标题不能为空。")})
    removed = _attachments_to_remove(item, remove_attachments)
    if len(add_attachments or ()) > MAX_CORRECTION_FILES:
        raise ValidationError({"add_attachments": _("一次更正最多上传 %(n)d 个附件。") % {"n": MAX_CORRECTION_FILES}})
    checked = [check_attachment(upload) for upload in add_attachments or ()]
    from_state = item.state
    item.version += 1
    saved = []
    try:
        for attachment in removed:
            attachment.superseded_in = item.version
            attachment.save(update_fields=["superseded_in"])
        saved = [_store_attachment(item, c, actor, added_in=item.version) for c in checked]
        # the guard reads the attachments the corrected version will have
        data = _guard_personal_data(actor, item, personal_data_reason, new_title, new_body)
    except Exception:
        for attachment in saved:  # the transaction rolls the rows back; the files are ours to remove
            attachment.file.delete(save=False)
        raise
    item.title, item.body = new_title, new_body
    if doc_number is not None:
        item.doc_number = doc_number
    item.full_clean()
    item.save()
    ItemVersion.objects.create(
        item=item,
        number=item.version,
        title=item.title,
        body=item.body,
        doc_number=item.doc_number,
        correction_note=note.strip(),
        published_at=now,
        published_by=actor,
    )
    if removed or saved:
        data["attachments_removed"] = [a.name for a in removed]
        data["attachments_added"] = [a.name for a in saved]
    _event(item, actor, A.CORRECT, from_state, note=note.strip(), data={"version": item.version, **data}, at=now)
    transaction.on_commit(lambda: item_published.send(sender=Item, item=item))
    return item


MAX_CORRECTION_FILES = 10


def _attachments_to_remove(item, ids) -> list:
    ids = {int(i) for i in ids or ()}
    found = list(item.attachments.filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError(
            {"remove_attachments": _("要删除的附件不属于这条信息，或已被更正删除，请刷新页面后重试。")}
        )
    return found


@transaction.atomic
def item_withdraw(*, actor, item: Item, reason: str, now: datetime | None = None) -> Item:
    """撤回 a published (or scheduled) item, with a reason shown in its public history."""
    now = now or timezone.now()
    item = _locked(item)
    TRANSITIONS.check(actor, item, "withdraw")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("撤回时须写明理由。")})
    from_state = item.state
    item.state, item.withdrawn_at, item.withdrawal_reason = S.WITHDRAWN, now, reason.strip()
    item.save()
    _event(item, actor, A.WITHDRAW, from_state, note=reason.strip(), at=now)
    if from_state == S.PUBLISHED:
        transaction.on_commit(lambda: item_unpublished.send(sender=Item, item=item))
    return item


@transaction.atomic
def item_set_validity(*, actor, item: Item, validity: str, note: str = "") -> Item:
    """有效 / 失效 / 废止. Leaving 有效 takes a public item out of current listings."""
    item = _locked(item)
    TRANSITIONS.check(actor, item, "validity")
    if validity not in Item.Validity.values:
        raise ValidationError({"validity": _("无效的有效性选项。")})
    before = item.validity
    if before == validity:
        return item
    item.validity = validity
    item.save(update_fields=["validity", "updated_at"])
    _event(item, actor, A.VALIDITY, item.state, note=note, data={"validity": validity}, was={"validity": before})
    if item.state == S.PUBLISHED:
        signal = item_published if validity == Item.Validity.VALID else item_unpublished
        if before == Item.Validity.VALID or validity == Item.Validity.VALID:
            transaction.on_commit(lambda: signal.send(sender=Item, item=item))
    return item


def publish_scheduled(*, now: datetime | None = None) -> dict:
    """Publish the scheduled items that are due and take down the expired ones (cron; idempotent)."""
    now = now or timezone.now()
    published = expired = 0
    for pk in Item.objects.filter(state=S.SCHEDULED, publish_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            item = Item.objects.select_for_update().get(pk=pk)
            if item.state == S.SCHEDULED:
                if item.expires_at and item.expires_at <= now:
                    # Never shown: due to go up and come down in the same run.
                    item.state = S.EXPIRED
                    item.save(update_fields=["state", "updated_at"])
                    _event(item, None, A.EXPIRE, S.SCHEDULED, at=now)
                    expired += 1
                else:
                    _publish_now(item, None, S.SCHEDULED, now)
                    published += 1
    for pk in Item.objects.filter(state=S.PUBLISHED, expires_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            item = Item.objects.select_for_update().get(pk=pk)
            if item.state == S.PUBLISHED and item.expires_at and item.expires_at <= now:
                item.state = S.EXPIRED
                item.save(update_fields=["state", "updated_at"])
                _event(item, None, A.EXPIRE, S.PUBLISHED, at=now)
                transaction.on_commit(lambda item=item: item_unpublished.send(sender=Item, item=item))
                expired += 1
    return {"published": published, "expired": expired}


def items_recompute_due(*, years) -> int:
    """The calendar of `years` changed: refresh cached due dates of items not yet published."""
    years = set(years)
    formed_years = years | {y - 1 for y in years}
    items = list(Item.objects.filter(formed_on__year__in=formed_years, published_at__isnull=True))
    for item in items:
        _compute_due(item)
    Item.objects.bulk_update(items, ["due_on", "due_provisional"], batch_size=500)
    return len(items)


# ---- catalog ----


@transaction.atomic
def category_create(
    *,
    actor,
    agency: Agency,
    name: str,
    slug: str,
    parent: Category | None = None,
    legal_basis: str = "",
    description: str = "",
    order: int = 0,
) -> Category:
    require(actor, "catalog.edit", agency)
    category = Category(
        agency=agency,
        name=name,
        slug=slug,
        parent=parent,
        legal_basis=legal_basis,
        description=description,
        order=order,
    )
    category.full_clean()
    category.save()
    record_event(obj=category, actor=actor, verb="category.created", after=field_values(category))
    return category


@transaction.atomic
def category_update(*, actor, category: Category, **fields) -> Category:
    require(actor, "catalog.edit", category.agency)
    for name, value in fields.items():
        if name not in {"name", "slug", "parent", "legal_basis", "description", "order"}:
            raise TypeError(name)
        setattr(category, name, value)
    category.full_clean()
    before, after = changes(Category.objects.get(pk=category.pk), category)
    category.save()
    record_event(obj=category, actor=actor, verb="category.updated", before=before, after=after)
    return category


@transaction.atomic
def catalog_seed(*, agency: Agency, actor=None) -> int:
    """Give an agency the statutory catalog (第二十条, 第二十一条 and the 基层政务公开 areas);
    categories already there (by slug) are left as they are. Returns how many were added.
    `actor` is the OGI office that asked, or None when an agency is set up (demo, command)."""
    added = 0
    existing = {c.slug: c for c in Category.objects.filter(agency=agency)}
    for order, node in enumerate(
        catalog.flatten(catalog.township_catalog() if agency.is_township else catalog.agency_catalog())
    ):
        if node.slug in existing:
            continue
        parent = existing.get(node.parent) if node.parent else None
        existing[node.slug] = Category.objects.create(
            agency=agency, parent=parent, name=node.name, slug=node.slug, legal_basis=node.basis, order=order
        )
        added += 1
    if added:
        record_event(
            obj=agency, actor=actor, verb="catalog.seeded", object_type="disclosure.category", after={"added": added}
        )
    return added
