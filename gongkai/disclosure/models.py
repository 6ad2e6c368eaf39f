"""主动公开: the catalog, the items and their review, the channels, and the registers behind
第二十条 that feed section 二 of the annual report."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import Agency, Region, Unit
from gongkai.audit.models import Event
from gongkai.core.report import formats


class Category(models.Model):
    """政府信息公开目录: one node of an agency's catalog tree."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="disclosure_categories"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("上级类目"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("名称"), max_length=100)
    slug = models.SlugField(_("标识"), max_length=60, help_text=_("同一机关内唯一，用于公开目录的网址"))
    legal_basis = models.CharField(
        _("公开依据"), max_length=200, blank=True, help_text=_("如《条例》第二十条第（七）项")
    )
    description = models.TextField(_("说明"), blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["agency", "order", "pk"]
        verbose_name = _("公开目录类目")
        verbose_name_plural = _("公开目录类目")
        constraints = [models.UniqueConstraint(fields=["agency", "slug"], name="category_unique_slug_in_agency")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.agency_id and self.parent.agency_id != self.agency_id:
            raise ValidationError({"parent": _("上级类目不属于同一机关")})
        node, seen = self.parent, set()
        while node is not None and self.pk:
            if node.pk == self.pk or node.pk in seen:
                raise ValidationError({"parent": _("上级类目不能是本类目或其下级")})
            seen.add(node.pk)
            node = node.parent

    def path(self):
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class Channel(models.Model):
    """公开渠道: 政府网站, 微信公众号, 村务公开栏 … (seeded, configurable)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    online = models.BooleanField(_("网上渠道"), default=False)
    order = models.PositiveIntegerField(_("排序"), default=0)

    WEBSITE = "website"
    VILLAGE_BOARD = "village-board"

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("公开渠道")
        verbose_name_plural = _("公开渠道")

    def __str__(self):
        return self.name


class ItemQuerySet(models.QuerySet):
    def public(self, now=None):
        """Visible to the public now: published and not expired (withdrawn never)."""
        now = now or timezone.now()
        return self.filter(state=Item.State.PUBLISHED).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))

    def current(self, now=None):
        """Public and still in force (有效): what current listings show."""
        return self.public(now).filter(validity=Item.Validity.VALID)


class Item(models.Model):
    """政府信息: one piece of government information, from its draft to its publication."""

    class Level(models.TextChoices):
        TOWN = "town", _("镇")
        VILLAGE = "village", _("行政村（社区）")
        HAMLET = "hamlet", _("自然村")

    class Disclosure(models.TextChoices):
        # 公开属性, set where the information is made
        PROACTIVE = "proactive", _("主动公开")
        ON_REQUEST = "on_request", _("依申请公开")
        NOT_DISCLOSED = "not_disclosed", _("不予公开")

    class Validity(models.TextChoices):
        VALID = "valid", _("有效")
        INVALID = "invalid", _("失效")
        REPEALED = "repealed", _("废止")

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        UNIT_REVIEW = "unit_review", _("待站所负责人审核")
        LEADER_REVIEW = "leader_review", _("待分管领导审核")
        OGI_REVIEW = "ogi_review", _("待党政办审核发布")
        SCHEDULED = "scheduled", _("定时发布")
        PUBLISHED = "published", _("已公开")
        WITHDRAWN = "withdrawn", _("已撤回")
        EXPIRED = "expired", _("已到期下线")

    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="disclosure_items"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("公开目录类目"), on_delete=models.PROTECT, related_name="items"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("承办站所"), on_delete=models.PROTECT, related_name="disclosure_items"
    )
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("正文"), blank=True)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    level = models.CharField(_("公开层级"), max_length=10, choices=Level.choices, default=Level.TOWN)
    region = models.ForeignKey(
        Region,
        verbose_name=_("村（社区）/自然村"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosure_items",
    )
    disclosure = models.CharField(
        _("公开属性"), max_length=20, choices=Disclosure.choices, default=Disclosure.PROACTIVE
    )
    nondisclosure_reason = models.TextField(_("不予公开理由"), blank=True)
    channels = models.ManyToManyField(Channel, verbose_name=_("公开渠道"), blank=True, related_name="items")
    validity = models.CharField(_("有效性"), max_length=10, choices=Validity.choices, default=Validity.VALID)

    formed_on = models.DateField(_("形成或变更日期"))
    due_on = models.DateField(_("应公开日期"), null=True, blank=True, help_text=_("形成或变更之日起 20 个工作日"))
    due_provisional = models.BooleanField(_("应公开日期为暂定"), default=False)
    publish_at = models.DateTimeField(_("定时发布时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("到期下线时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("首次公开时间"), null=True, blank=True)
    is_late = models.BooleanField(_("逾期公开"), default=False)

    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    version = models.PositiveIntegerField(_("版本"), default=0)
    sent_back_reason = models.TextField(_("退回理由"), blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)
    # 保密审查: check key -> True when recorded as 不涉及 (see SECRECY_CHECKS)
    secrecy_review = models.JSONField(_("保密审查"), default=dict, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="drafted_items",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ItemQuerySet.as_manager()

    # 保密审查 checklist: every one must be recorded as 不涉及 before publication.
    SECRECY_CHECKS = [
        ("state_secret", _("国家秘密")),
        ("work_secret", _("工作秘密")),
        ("business_secret", _("商业秘密")),
        ("privacy", _("个人隐私")),
        ("process_info", _("过程性信息")),
        ("other_prohibited", _("其他法律法规禁止公开的信息")),
    ]

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        verbose_name = _("政府信息")
        verbose_name_plural = _("政府信息")
        indexes = [
            # The public lists across agencies (home's latest, the API, feeds): newest public
            # items first, read from the end of this index and stopped at the page (the id breaks
            # ties in the lists' order, published_at DESC, id DESC).
            models.Index(fields=["state", "published_at", "id"], name="item_state_pub"),
            models.Index(fields=["agency", "state", "published_at"], name="item_agency_state_pub"),
            models.Index(fields=["region", "state"], name="item_region_state"),
            # The report's and the roll-up's counts of items published in a year, and of those late.
            models.Index(fields=["agency", "published_at", "is_late"], name="item_agency_published_late"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        now = timezone.now()
        return self.state == self.State.PUBLISHED and (self.expires_at is None or self.expires_at > now)

    def clean(self):
        errors = {}
        if self.category_id and self.agency_id and self.category.agency_id != self.agency_id:
            errors["category"] = _("所选类目不属于本机关的公开目录")
        if self.unit_id and self.agency_id and self.unit.agency_id != self.agency_id:
            errors["unit"] = _("所选站所不属于本机关")
        if self.disclosure == self.Disclosure.NOT_DISCLOSED and not self.nondisclosure_reason.strip():
            errors["nondisclosure_reason"] = _("不予公开的信息须写明理由")
        region_error = self._region_error()
        if region_error:
            errors["region"] = region_error
        if self.publish_at and self.expires_at and self.expires_at <= self.publish_at:
            errors["expires_at"] = _("到期下线时间必须晚于定时发布时间")
        if self.formed_on and self.expires_at and self.expires_at.date() < self.formed_on:
            errors["expires_at"] = _("到期下线时间不能早于信息形成日期")
        if errors:
            raise ValidationError(errors)

    def _region_error(self):
        if self.level == self.Level.TOWN:
            return _("镇级信息不选村（社区）") if self.region_id else None
        if not self.region_id:
            return _("村级、自然村级信息须选择所属村（社区）或自然村")
        wanted = Region.Level.VILLAGE if self.level == self.Level.VILLAGE else Region.Level.HAMLET
        if self.region.level != wanted:
            return _("所选区划与公开层级不符")
        village = self.region if wanted == Region.Level.VILLAGE else self.region.parent
        if self.agency_id and (village is None or village.parent_id != self.agency.region_id):
            return _("所选村（社区）不在本机关辖区内")
        return None

    @property
    def village(self):
        """The 行政村(社区) the item belongs to, or None for a 镇-level item."""
        if not self.region_id:
            return None
        return self.region if self.region.level == Region.Level.VILLAGE else self.region.parent


def attachment_path(instance, filename):
    return f"disclosure/{instance.item.agency.slug}/{instance.item_id}/{filename}"


class CurrentAttachments(models.Manager):
    """The attachments an item has now. One that a correction (更正) removed or replaced stays on
    record for the staff's history, reachable only through `ItemAttachment.every_version`: so
    every page, feed, search index and API that lists `item.attachments` shows the current ones."""

    def get_queryset(self):
        return super().get_queryset().filter(superseded_in__isnull=True)


class ItemAttachment(models.Model):
    """附件: PDF, DOCX, XLSX or an image; its text (scans by OCR), page by page, kept for the
    personal-data guard and search; when the text could not be read, why."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        XLSX = "xlsx", "XLSX"
        IMAGE = "image", _("图片")

    item = models.ForeignKey(Item, verbose_name=_("政府信息"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    mime = models.CharField(_("MIME 类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    text = models.TextField(_("提取的文字"), blank=True)
    text_problem = models.CharField(_("文字无法读取的原因"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    # The published version it first belongs to, and the correction's version that removed or
    # replaced it (none while it is current).
    added_in = models.PositiveIntegerField(_("加入的版本"), default=1)
    superseded_in = models.PositiveIntegerField(_("被更正的版本"), null=True, blank=True)

    objects = CurrentAttachments()
    every_version = models.Manager()

    class Meta:
        ordering = ["pk"]
        base_manager_name = "every_version"
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self):
        return self.name


class ItemVersion(models.Model):
    """A published version of an item; a correction (更正) adds one and keeps the old ones."""

    item = models.ForeignKey(Item, verbose_name=_("政府信息"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("正文"), blank=True)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    correction_note = models.TextField(_("更正说明"), blank=True)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["item", "number"]
        verbose_name = _("版本")
        verbose_name_plural = _("版本")
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="itemversion_unique_number")]

    def __str__(self):
        return _("%(title)s（第 %(number)s 版）") % {"title": self.title, "number": self.number}


class ItemEvent(Event):
    """Audit trail of an item: who moved it from which state to which, when, and why (the one
    event shape of gongkai.audit; `before`/`after` hold the state and what changed)."""

    class Action(models.TextChoices):
        CREATE = "create", _("起草")
        EDIT = "edit", _("修改")
        ATTACH = "attach", _("上传附件")
        SUBMIT = "submit", _("提交审核")
        APPROVE_UNIT = "approve_unit", _("站所负责人审核通过")
        APPROVE_LEADER = "approve_leader", _("分管领导审核通过")
        SCHEDULE = "schedule", _("定时发布")
        PUBLISH = "publish", _("发布")
        SEND_BACK = "send_back", _("退回")
        CORRECT = "correct", _("更正")
        WITHDRAW = "withdraw", _("撤回")
        EXPIRE = "expire", _("到期下线")
        VALIDITY = "validity", _("有效性变更")

    item = models.ForeignKey(Item, verbose_name=_("政府信息"), on_delete=models.CASCADE, related_name="events")
    verb = models.CharField(_("操作"), max_length=40, choices=Action.choices)

    class Meta(Event.Meta):
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")

    def __str__(self):
        return f"{self.item} · {self.get_verb_display()}"

    @property
    def from_label(self):
        state = self.before.get("state")
        return Item.State(state).label if state in Item.State.values else ""

    @property
    def to_label(self):
        state = self.after.get("state")
        return Item.State(state).label if state in Item.State.values else ""


# ---- registers behind 第二十条 (section 二 of the annual report) ----


class NormativeDocument(models.Model):
    """规章 / 规范性文件 (行政规范性文件) register: 第二十条第（一）项."""

    # The kinds are the rows of table 20.1 that the register feeds (declared in the formats).
    Kind = models.TextChoices(
        "Kind", [(code.upper(), (code, _(label))) for code, label in formats.register_kinds(formats.REGISTER_DOCUMENTS)]
    )

    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="normative_documents"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.NORMATIVE)
    doc_number = models.CharField(_("文号"), max_length=100)
    title = models.CharField(_("标题"), max_length=300)
    made_on = models.DateField(_("制发日期"))
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    validity = models.CharField(_("有效性"), max_length=10, choices=Item.Validity.choices, default=Item.Validity.VALID)
    item = models.ForeignKey(
        Item, verbose_name=_("对应的政府信息"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["agency", "-made_on", "pk"]
        verbose_name = _("规章和规范性文件")
        verbose_name_plural = _("规章和规范性文件")

    def __str__(self):
        return f"{self.title}（{self.doc_number}）"

    def clean(self):
        errors = {}
        if self.published_on and self.made_on and self.published_on < self.made_on:
            errors["published_on"] = _("公开日期不能早于制发日期")
        if self.repealed_on and self.made_on and self.repealed_on < self.made_on:
            errors["repealed_on"] = _("废止日期不能早于制发日期")
        if self.kind == self.Kind.RULES and self.agency_id and self.agency.is_township:
            errors["kind"] = _("乡镇人民政府无权制定规章")
        if errors:
            raise ValidationError(errors)


# Types of 权责清单 items reported in section 二: the rows the register feeds, as the formats
# declare them (LICENSE, OTHER_SERVICE, PENALTY, COERCION, FEES).
PowerKind = models.TextChoices(
    "PowerKind", [(code.upper(), (code, _(label))) for code, label in formats.register_kinds(formats.REGISTER_POWERS)]
)


class PowerListEntry(models.Model):
    """权责清单 item of an agency in a year (e.g. one 行政处罚 power)."""

    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="power_entries")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=20, choices=PowerKind.choices)
    name = models.CharField(_("事项名称"), max_length=300)
    code = models.CharField(_("事项编码"), max_length=60, blank=True)
    basis = models.TextField(_("设定依据"), blank=True)

    class Meta:
        ordering = ["agency", "-year", "kind", "pk"]
        verbose_name = _("权责清单事项")
        verbose_name_plural = _("权责清单事项")
        indexes = [models.Index(fields=["agency", "year", "kind"], name="power_agency_year_kind")]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()} {self.name}"


class DecisionTally(models.Model):
    """Number of 许可 / 处罚 / 强制 decisions made in one month (处理决定数量)."""

    KINDS = [PowerKind.LICENSE, PowerKind.OTHER_SERVICE, PowerKind.PENALTY, PowerKind.COERCION]

    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="decision_tallies"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    kind = models.CharField(_("类型"), max_length=20, choices=[(k.value, k.label) for k in KINDS])
    count = models.PositiveIntegerField(_("处理决定数量"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["agency", "-year", "month", "kind"]
        verbose_name = _("处理决定数量")
        verbose_name_plural = _("处理决定数量")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "month", "kind"], name="tally_unique_month_kind"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="tally_month_1_12"),
        ]

    def __str__(self):
        return f"{self.year}-{self.month:02d} {self.get_kind_display()} {self.count}"


class FeeCollection(models.Model):
    """行政事业性收费: an amount collected (元)."""

    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="fee_collections")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"), null=True, blank=True)
    name = models.CharField(_("收费项目"), max_length=200)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["agency", "-year", "month", "pk"]
        verbose_name = _("行政事业性收费")
        verbose_name_plural = _("行政事业性收费")
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="fee_amount_not_negative")]

    def __str__(self):
        return _("%(year)s %(name)s %(amount)s 元") % {"year": self.year, "name": self.name, "amount": self.amount}


class ProcurementProject(models.Model):
    """政府集中采购 project and its amount (元)."""

    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="procurements")
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("采购项目"), max_length=300)
    amount = models.DecimalField(_("采购金额（元）"), max_digits=16, decimal_places=2)
    contracted_on = models.DateField(_("签订日期"), null=True, blank=True)

    class Meta:
        ordering = ["agency", "-year", "pk"]
        verbose_name = _("政府集中采购项目")
        verbose_name_plural = _("政府集中采购项目")
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="procurement_amount_not_negative")]

    def __str__(self):
        return f"{self.year} {self.name}"
