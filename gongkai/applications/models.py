from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import Agency
from gongkai.audit.models import Event
from gongkai.core.report import formats

from .outcomes import APPLICANT_TYPES, OUTCOMES
from .storage import private_storage
from gongkai.encryption import EncryptedCharField

from .validators import mask_id, mask_phone, validate_credit_code, validate_resident_id


class ApplicationSettings(models.Model):
    """Per agency: the 文号 style of application numbers and letters."""

    agency = models.OneToOneField(
        Agency, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="application_settings"
    )
    number_prefix = models.CharField(_("申请编号前缀"), max_length=30, help_text=_("例如：高沙窝政公开申"))
    letter_prefix = models.CharField(_("告知书文号前缀"), max_length=30, help_text=_("例如：高沙窝政公开告"))

    class SignOff(models.TextChoices):
        NONE = "", _("不需要审签")
        LEADER = "leader", _("分管领导或主要领导审签")
        HEAD = "head", _("主要领导审签")

    # 审签: letters to applicants wait for a leader's signature before they can be served.
    sign_off = models.CharField(_("告知书审签"), max_length=10, choices=SignOff.choices, blank=True, default="")

    class Meta:
        verbose_name = _("依申请公开设置")
        verbose_name_plural = _("依申请公开设置")

    def __str__(self):
        return str(self.agency)


class SerialCounter(models.Model):
    """The last number given per agency, year and kind; stepped in one locking statement
    (gongkai/counters.py) so that numbers are unique and without gaps under concurrent submissions."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year", "kind"], name="serial_counter_unique")]


class OutboxWake(models.Model):
    """A job of the task queue's worker is waiting to send the outbox (applications/outbox.py):
    the row exists from the first notice that asked for it until the job starts, so the notices
    written meanwhile ask for no job of their own. `requests` counts them (stepped in one
    locking statement, gongkai/counters.py); `since` (epoch seconds) tells a row whose job died
    before it started."""

    name = models.CharField(max_length=20, unique=True)
    requests = models.PositiveIntegerField(default=0)
    since = models.BigIntegerField()


class Citizen(models.Model):
    """A member of the public with an account: a mobile number or an e-mail address (proven by a
    code sent through the outbox) and a password. The account lists the citizen's applications:
    those filed while signed in, and older ones claimed with their query code. It is not a staff
    login (no roles, no admin): the applicant page stays reachable with the query code alone."""

    login = models.CharField(_("手机号码或电子邮箱"), max_length=254, unique=True)  # digits, or a lower-case address
    password = models.CharField(_("密码"), max_length=128)
    verified_at = models.DateTimeField(_("验证时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)
    # The one outstanding verification code, kept as a keyed hash, never in clear.
    code_hash = models.CharField(max_length=64, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("公众账号")
        verbose_name_plural = _("公众账号")

    def __str__(self):
        return self.masked_login

    @property
    def by_email(self) -> bool:
        return "@" in self.login

    @property
    def masked_login(self) -> str:
        if not self.by_email:
            return mask_phone(self.login)
        name, _at, domain = self.login.partition("@")
        return f"{name[:1]}***@{domain}"


class Application(models.Model):
    """依申请公开: one disclosure application and its case."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交，待确认收到")
        RECEIVED = "received", _("办理中")
        CORRECTION = "correction", _("待申请人补正")
        CONSULTING = "consulting", _("征求意见中")
        FEE = "fee", _("待缴纳信息处理费")
        REASONS = "reasons", _("待申请人说明理由")
        DECIDED = "decided", _("已作出答复，待送达")
        SERVED = "served", _("已送达")
        CLOSED = "closed", _("已办结")

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上申请")
        IN_PERSON = "in_person", _("当面提交")
        POST_SIGNED = "post_signed", _("邮寄（签收）")
        POST_ORDINARY = "post_ordinary", _("平常信函")
        FAX = "fax", _("传真")

    class IdType(models.TextChoices):
        RESIDENT = "resident", _("居民身份证")
        PASSPORT = "passport", _("护照")
        HK_MO_TW = "hmt", _("港澳台居民居住证或通行证")
        OTHER = "other", _("其他证件")

    class Delivery(models.TextChoices):
        PAPER = "paper", _("纸质（邮寄）")
        EMAIL = "email", _("电子邮件")
        DISC = "disc", _("光盘")
        PICKUP = "pickup", _("当面领取")

    class FeeMethod(models.TextChoices):
        PER_ITEM = "per_item", _("按件计收")
        PER_PAGE = "per_page", _("按量计收")

    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="applications")
    year = models.PositiveSmallIntegerField(_("编号年度"))
    serial = models.PositiveIntegerField(_("顺序号"))
    number = models.CharField(_("申请编号"), max_length=60)
    query_code = models.CharField(_("查询码"), max_length=16, unique=True)
    # The public form's one-time token: a retry of the same submission (its response lost) finds
    # this application instead of filing a second one.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    channel = models.CharField(_("提交方式"), max_length=20, choices=Channel.choices)

    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=APPLICANT_TYPES)
    org_name = models.CharField(_("单位名称"), max_length=200, blank=True)
    org_credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    name = models.CharField(_("姓名"), max_length=100)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT)
    # Encrypted at rest (gongkai/encryption.py); shown masked, in full only with an audit event.
    id_number = EncryptedCharField(_("证件号码"), max_length=40)
    phone = EncryptedCharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    # Who applied, for counting one applicant's applications: a keyed hash of the credit code or
    # ID number, so that the number itself is never stored in the clear.
    applicant_key = models.CharField(max_length=64, db_index=True, editable=False)

    info_name = models.CharField(_("政府信息名称"), max_length=300, blank=True)
    info_doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    info_description = models.TextField(_("所需信息的特征性描述"), blank=True)
    delivery = models.CharField(_("获取信息的方式"), max_length=20, choices=Delivery.choices)

    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    received_on = models.DateField(_("收到申请日"), null=True, blank=True, db_index=True)
    extension_days = models.PositiveSmallIntegerField(_("延长工作日数"), default=0)
    later_deadline = models.DateField(_("另行确定的答复期限"), null=True, blank=True)
    # A cache of gongkai.applications.deadlines.case_deadline: recomputed on every transition and
    # whenever the calendar changes.
    due_date = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(_("暂定"), default=False)
    # The answer date printed in the last letter that told the applicant one: a promise that a
    # recomputed calendar never moves later without a new letter.
    promised_due = models.DateField(_("已告知申请人的答复期限"), null=True, blank=True)

    outcome = models.CharField(_("办理结果"), max_length=20, choices=OUTCOMES, blank=True, db_index=True)
    outcome_reason = models.TextField(_("理由及依据"), blank=True)
    decided_on = models.DateField(_("答复日期"), null=True, blank=True, db_index=True)
    # The first decision is what the annual report counts. A decision made again after a 复议 or
    # a court corrected it is kept in the case history, but never rewrites a year once counted.
    counted_outcome = models.CharField(_("年报统计的办理结果"), max_length=20, choices=OUTCOMES, blank=True)
    counted_on = models.DateField(_("年报统计的答复日期"), null=True, blank=True, db_index=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    served_method = models.CharField(_("送达方式"), max_length=100, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    fee_method = models.CharField(_("收费方式"), max_length=20, choices=FeeMethod.choices, blank=True)
    fee_pages = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    fee_amount = models.DecimalField(_("信息处理费（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    fee_paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    # Released material handed over on paper (or on a disc): what, and how it was delivered.
    paper_copy_note = models.TextField(_("纸质材料提供情况"), blank=True)
    # The citizen account that lists this application (filed while signed in, or claimed with
    # its query code); none for most: an account is never needed.
    citizen = models.ForeignKey(
        Citizen,
        verbose_name=_("公众账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )

    class Meta:
        ordering = ["-year", "-serial"]
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "serial"], name="application_serial_unique"),
        ]
        indexes = [
            # The open cases past their deadline, per agency (the roll-up's 逾期 column for every
            # agency at once), are counted from this index alone.
            models.Index(fields=["agency", "status", "due_date"], name="application_open_due"),
            # Section 三 of every agency's report (the county roll-up groups them all): holds each
            # column those counts read, so they are read from this index, never from the rows.
            models.Index(
                fields=["agency", "applicant_type", "received_on", "counted_on", "counted_outcome"],
                name="application_counting",
            ),
        ]
        permissions = []

    def __str__(self):
        return self.number

    def clean(self):
        """Cross-field checks of the application form; each error lands at its field."""
        errors = {}
        self.id_number = (self.id_number or "").strip().upper()
        if self.id_type == self.IdType.RESIDENT and self.id_number:
            try:
                validate_resident_id(self.id_number)
            except ValidationError as exc:
                errors["id_number"] = exc.messages
        if self.applicant_type != "natural":
            self.org_credit_code = (self.org_credit_code or "").strip().upper()
            if not self.org_name.strip():
                errors["org_name"] = [_("法人或其他组织申请的，请填写单位名称。")]
            if not self.org_credit_code:
                errors["org_credit_code"] = [_("请填写统一社会信用代码。")]
            else:
                try:
                    validate_credit_code(self.org_credit_code)
                except ValidationError as exc:
                    errors["org_credit_code"] = exc.messages
        if not any(x.strip() for x in (self.info_name, self.info_doc_number, self.info_description)):
            errors["info_description"] = [_("请至少填写所需信息的名称、文号或特征性描述中的一项。")]
        if self.delivery == self.Delivery.EMAIL and not self.email:
            errors["email"] = [_("选择以电子邮件获取信息的，请填写电子邮箱。")]
        if self.delivery == self.Delivery.PAPER and not self.address.strip():
            errors["address"] = [_("选择邮寄纸质材料的，请填写通信地址。")]
        if errors:
            raise ValidationError(errors)

    def counted_figures(self) -> dict[int, tuple]:
        """What this application adds to each report year's section 三 and fees, by year: new in
        its year of receipt, carried over into each later year until its first decision, counted
        with that decision's outcome in the decision's year, its fee in the year it was paid.
        Registered with the year lock, which refuses a change only in a published year whose
        figures it changes: serving, closing, reopening or deciding a case again after a 复议 touch
        no figure (the report counts the first decision), so they stay allowed."""
        if self.received_on is None:
            return {}
        first, now = self.received_on.year, timezone.localdate().year
        last = max(first, now if self.counted_on is None else self.counted_on.year)
        figures = {}
        for year in range(first, last + 1):
            decided = self.counted_on is not None and self.counted_on.year == year
            carried_out = self.counted_on is None or self.counted_on.year > year
            figures[year] = (self.applicant_type, year == first, self.counted_outcome if decided else None, carried_out)
        if self.fee_paid_on is not None:
            fee = figures.get(self.fee_paid_on.year, ())
            figures[self.fee_paid_on.year] = (*fee, ("fee", self.fee_amount))
        return figures

    @property
    def is_org(self):
        return self.applicant_type != "natural"

    @property
    def applicant_display(self):
        return self.org_name if self.is_org and self.org_name else self.name

    @property
    def masked_id_number(self):
        return mask_id(self.id_number)

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @property
    def info_summary(self):
        return self.info_name or self.info_doc_number or self.info_description[:60]


class ClockInterval(models.Model):
    """计时台账: an interval that does not count toward the answer deadline."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("补正")
        THIRD_PARTY = "third_party", _("征求第三方意见")
        OTHER_AGENCY = "other_agency", _("征求其他机关意见")
        FEE = "fee", _("缴纳信息处理费")
        REOPEN = "reopen", _("重新办理")

    case = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="intervals")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    start = models.DateField(_("开始"))
    end = models.DateField(_("结束"), null=True, blank=True)
    basis = models.CharField(_("法律依据"), max_length=100)
    party = models.CharField(_("征求对象"), max_length=200, blank=True)
    limit = models.DateField(_("期限"), null=True, blank=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("计时台账")
        verbose_name_plural = _("计时台账")


EVENT_LABELS = {
    "submitted": _("网上提交"),
    "received": _("收到申请"),
    "correction_requested": _("告知补正"),
    "correction_received": _("收到补正"),
    "abandoned": _("逾期未补正"),
    "consulted": _("征求意见"),
    "consultation_answered": _("征求意见结束"),
    "extended": _("延期答复"),
    "reasons_asked": _("要求说明理由"),
    "later_deadline": _("另行确定答复期限"),
    "fee_notice": _("收费通知"),
    "fee_paid": _("缴纳费用"),
    "fee_lapsed": _("逾期未缴费"),
    "decided": _("作出答复"),
    "served": _("送达"),
    "closed": _("办结"),
    "reopened": _("重新办理"),
    "request_changed": _("申请内容变更"),
    "extension_asked": _("申请延期答复"),
    "extension_refused": _("不同意延期"),
    "letter_signed": _("告知书审签"),
    "withdrawn": _("申请人撤回申请"),
    "message": _("申请人留言"),
    "message_handled": _("处理申请人留言"),
    "due_notice": _("告知新的答复期限"),
    "personal_data_viewed": _("查看完整个人信息"),
    "claimed": _("申请人将申请关联到本人账号"),
}


class CaseEvent(Event):
    """A step of a case (the one event shape of gongkai.audit; `before`/`after` hold the status).
    `on` is the legal date of the step, from which the deadlines are counted; `basis` its article."""

    case = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    on = models.DateField(_("日期"))
    basis = models.CharField(_("法律依据"), max_length=100, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    @property
    def label(self):
        return EVENT_LABELS.get(self.verb, self.verb)


def attachment_path(instance, filename):
    return f"applications/{instance.case.agency_id}/{instance.case.query_code}/{filename}"


class Attachment(models.Model):
    """A file the applicant handed in. Kept in the private storage (PRIVATE_MEDIA_ROOT), never
    under MEDIA_ROOT: staff read it through views.attachment_download only."""

    case = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=private_storage)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()


class LetterKind(models.TextChoices):
    CORRECTION = "correction", _("补正通知书")
    EXTENSION = "extension", _("延期答复告知书")
    THIRD_PARTY = "third_party", _("征求第三方意见书")
    FEE = "fee", _("收费通知书")
    REASONS = "reasons", _("说明理由通知书")
    LATER_DEADLINE = "later_deadline", _("延长答复期限告知书（第三十五条）")
    # An answer letter's kind is the result it answers (the stems of section 三's result rows).
    GRANTED = formats.GRANTED, _("政府信息公开告知书（予以公开）")
    PARTIAL = formats.PARTIAL, _("政府信息公开告知书（部分公开）")
    REFUSED = formats.STEM_REFUSED, _("政府信息不予公开告知书")
    UNABLE = formats.STEM_UNABLE, _("政府信息无法提供告知书")
    NOT_HANDLED = formats.STEM_NOT_HANDLED, _("政府信息公开申请不予处理告知书")
    OTHER = formats.STEM_OTHER, _("政府信息公开申请终止处理告知书")
    DUE_NOTICE = "due_notice", _("答复期限告知书")


def answer_letter_kind(outcome: str) -> str:
    return outcome.split(".")[0]


class LetterTemplate(models.Model):
    """The text of a letter kind for one agency: Django template syntax, paragraphs separated by
    blank lines. Seeded with the statutory default; the agency edits it in the admin."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="letter_templates"
    )
    kind = models.CharField(_("文书类型"), max_length=20, choices=LetterKind.choices)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(
        _("正文模板"), help_text=_("Django 模板语法；可用变量：case、agency、letter_number、today、note 等")
    )

    class Meta:
        ordering = ["agency", "kind"]
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="letter_template_unique")]

    def __str__(self):
        return f"{self.agency} · {self.get_kind_display()}"


class Letter(models.Model):
    """A letter as issued: its text is fixed when issued, so the record shows what was sent.
    Where the agency requires 审签, it can be served (and the applicant sees it) only once signed."""

    case = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("文书类型"), max_length=20, choices=LetterKind.choices)
    number = models.CharField(_("文号"), max_length=60)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"))
    issued_on = models.DateField(_("日期"))
    event = models.ForeignKey(CaseEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="letters")
    needs_sign_off = models.BooleanField(_("需要审签"), default=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审签人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("审签时间"), null=True, blank=True)

    class Meta:
        ordering = ["issued_on", "pk"]
        verbose_name = _("文书")
        verbose_name_plural = _("文书")

    def __str__(self):
        return f"{self.title} {self.number}"

    @property
    def paragraphs(self):
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]

    @property
    def released(self) -> bool:
        """May it leave the office (be served, mailed, shown to the applicant)?"""
        return not self.needs_sign_off or self.signed_at is not None

    @property
    def to_applicant(self) -> bool:
        return self.kind != LetterKind.THIRD_PARTY


class Reminder(models.Model):
    """One reminder due: inserted (unique) before its notice is queued, so two runs never queue it
    twice. Whether it reached anybody is its Notice's state, not this row's."""

    class Kind(models.TextChoices):
        SOON = "soon", _("即将到期")
        OVERDUE = "overdue", _("已逾期")

    case = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "kind", "due_date"], name="reminder_once")]


class RequestVersion(models.Model):
    """What the applicant asked for, as it stood before a change (the original, then each 补正):
    the case itself always holds the current request."""

    case = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="request_versions")
    info_name = models.CharField(_("政府信息名称"), max_length=300, blank=True)
    info_doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    info_description = models.TextField(_("所需信息的特征性描述"), blank=True)
    replaced_on = models.DateField(_("被替换日期"))
    event = models.ForeignKey(CaseEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["replaced_on", "pk"]
        verbose_name = _("申请内容变更记录")
        verbose_name_plural = _("申请内容变更记录")


class ApplicantMessage(models.Model):
    """A message or follow-up the applicant sent from their page; staff mark it handled."""

    case = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    body = models.TextField(_("内容"))
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("申请人留言")
        verbose_name_plural = _("申请人留言")


class ExtensionRequest(models.Model):
    """第三十三条第二款: the clerk asks; the 工作机构负责人 agrees or refuses."""

    class State(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已同意")
        REFUSED = "refused", _("不同意")

    case = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="extension_requests")
    days = models.PositiveSmallIntegerField(_("延长工作日数"))
    reason = models.TextField(_("延期理由"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_on = models.DateField(_("申请日期"))
    state = models.CharField(_("审批结果"), max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        ordering = ["asked_on", "pk"]
        verbose_name = _("延期答复申请")
        verbose_name_plural = _("延期答复申请")
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(state="pending"), name="one_pending_extension_request"
            ),
        ]


def released_path(instance, filename):
    return f"applications/{instance.case.agency_id}/{instance.case.query_code}/released/{filename}"


class ReleasedFile(models.Model):
    """Material the decision releases to the applicant (予以公开 / 部分公开): kept privately, read
    only by the applicant through their page and by the staff of the agency."""

    case = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="released_files")
    file = models.FileField(upload_to=released_path, storage=private_storage)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]


class Notice(models.Model):
    """The outbox: one message to send (to the applicant, or a reminder to the office). It is
    marked sent only after the mail server or SMS provider accepted it; a failure is retried
    with back-off, and what cannot be sent is shown to the office in 我的待办."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("电子邮件")
        SMS = "sms", _("短信")

    class State(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    case = models.ForeignKey(Application, null=True, blank=True, on_delete=models.CASCADE, related_name="notices")
    reminder = models.ForeignKey(Reminder, null=True, blank=True, on_delete=models.CASCADE, related_name="notices")
    letter = models.ForeignKey(Letter, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices")
    channel = models.CharField(_("方式"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("类型"), max_length=20)
    to = models.TextField(_("收件人"), blank=True)  # addresses or numbers, one a line
    subject = models.CharField(_("主题"), max_length=200)
    body = models.TextField(_("内容"))
    # A one-time code the message carries (a citizen account's code). The body holds SECRET_MARK
    # in its place, so neither staff nor a database dump read it; the code is put in only when
    # the message is handed to the mail server or SMS provider, and erased once it was sent, can
    # no longer be sent, or expired.
    secret = EncryptedCharField(max_length=12, null=True, blank=True, default=None)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), db_index=True)
    last_error = models.TextField(_("最近一次错误"), blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        # the worker's "what is due" reads pending (or stale sending) notices in next_attempt_at
        # order, without walking the millions already sent
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="notice_due")]

    SECRET_MARK = "******"  # stands in the body for the code kept in `secret`

    @property
    def recipients(self) -> list[str]:
        return [line.strip() for line in self.to.splitlines() if line.strip()]
