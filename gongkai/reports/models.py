"""The annual report (政府信息公开工作年度报告) of an agency and a year.

Sections 二–四 are computed from the records; 一、五、六 are written by the OGI office. Publishing
freezes the whole report as a version (JSON + rendered DOCX and PDF) that never changes; a later
change needs a correction, i.e. a new version with a 更正说明. Both versions are kept.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.audit.models import Event
from gongkai.core.report.model import unreadable_text as said_unreadable


class AnnualReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("起草中")
        SUBMITTED = "submitted", _("待审批")
        PUBLISHED = "published", _("已发布")

    class Source(models.TextChoices):
        COMPUTED = "computed", _("由业务记录生成")
        IMPORTED = "imported", _("导入已发布的报告")

    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.COMPUTED)
    # 一、总体情况 / 五、存在的主要问题及改进情况 / 六、其他需要报告的事项
    overview = models.TextField(_("一、总体情况"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other = models.TextField(_("六、其他需要报告的事项"), blank=True)
    # 更正说明 of the version being prepared, when a published version exists.
    correction_note = models.TextField(_("更正说明"), blank=True)
    sent_back_reason = models.TextField(_("退回理由"), blank=True)
    # A supervisor may take a published report off the portal (撤回) instead of leaving it up
    # marked 更正中; the notice is public until a corrected version is published.
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdrawal_notice = models.TextField(_("撤回公告"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency", "-year"]
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="report_unique_agency_year")]

    def __str__(self):
        return _("%(agency)s %(year)s 年政府信息公开工作年度报告") % {"agency": self.agency.name, "year": self.year}

    @property
    def public_status(self):
        """What the portal and the API say of this report: "published", "correcting" (a published
        version stays public while a corrected one is prepared), "withdrawn", or "" (never published)."""
        if self.withdrawn_on is not None:
            return "withdrawn"
        if self.status == self.Status.PUBLISHED:
            return "published"
        return "correcting" if self.versions.exists() else ""

    @property
    def deadline(self):
        """第四十九条: published by 31 January of the next year."""
        return date(self.year + 1, 1, 31)

    @property
    def texts(self):
        return {"overview": self.overview, "problems": self.problems, "other": self.other}


class ReportVersion(models.Model):
    """A published (or imported) version: frozen, never edited."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本"))
    data = models.JSONField(_("报告数据"))  # the core Report's JSON form, with sections and findings
    correction_note = models.TextField(_("更正说明"), blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    docx = models.BinaryField(_("DOCX 文件"), blank=True, default=b"")
    pdf = models.BinaryField(_("PDF 文件"), blank=True, default=b"")
    source_name = models.CharField(_("导入的文件名"), max_length=200, blank=True)
    source_file = models.BinaryField(_("导入的文件"), blank=True, default=b"")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")]

    def __str__(self):
        return _("%(report)s 第%(number)s版") % {"report": self.report, "number": self.number}


class CellOverride(models.Model):
    """A cell whose computed value is replaced, always with a written reason."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="overrides")
    table = models.CharField(_("表"), max_length=20)
    row = models.CharField(_("行"), max_length=30)
    column = models.CharField(_("列"), max_length=30)
    value = models.DecimalField(_("填报值"), max_digits=18, decimal_places=4)
    reason = models.TextField(_("理由"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["table", "row", "column"]
        constraints = [
            models.UniqueConstraint(fields=["report", "table", "row", "column"], name="override_unique_cell")
        ]

    @property
    def number(self):
        return int(self.value) if self.value == self.value.to_integral_value() else float(self.value)


class ReportEvent(Event):
    """The history of a report: every change, with who and why (the one event shape of gongkai.audit)."""

    class Kind(models.TextChoices):
        STARTED = "started", _("开始起草")
        TEXT_SAVED = "text_saved", _("修改文字部分")
        OVERRIDDEN = "overridden", _("修改单元格")
        OVERRIDE_REMOVED = "override_removed", _("撤销单元格修改")
        SUBMITTED = "submitted", _("提交审批")
        PUBLISHED = "published", _("批准并发布")
        SENT_BACK = "sent_back", _("退回")
        CORRECTION = "correction", _("发起更正")
        IMPORTED = "imported", _("导入已发布的报告")

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")
    verb = models.CharField(_("事件"), max_length=40, choices=Kind.choices)


class BulkCheck(models.Model):
    """A supervisor's check of many published reports, run by the task queue's worker."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排队等待")
        RUNNING = "running", _("正在检查")
        DONE = "done", _("已完成")
        FAILED = "failed", _("检查中断")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.QUEUED)
    problem = models.TextField(_("中断原因"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("批量检查")
        verbose_name_plural = _("批量检查")


class BulkCheckFile(models.Model):
    """One file of a bulk check (an upload, or a member of an uploaded ZIP) and what was found."""

    class State(models.TextChoices):
        WAITING = "waiting", _("等待")
        CHECKED = "checked", _("已检查")
        UNREADABLE = "unreadable", _("无法读取")
        SKIPPED = "skipped", _("不是报告文件")
        OVER_BUDGET = "over", _("超出本批总上限，未检查")

    check_run = models.ForeignKey(BulkCheck, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField()
    name = models.CharField(_("文件"), max_length=500)
    stored = models.CharField(max_length=300, blank=True)  # path in the private storage until checked
    member = models.CharField(max_length=500, blank=True)  # the member of a stored ZIP
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.WAITING)
    problem = models.TextField(_("无法读取的原因"), blank=True)
    agency = models.CharField(_("机关"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    report_format = models.CharField(_("格式"), max_length=10, blank=True)
    errors = models.PositiveIntegerField(_("错误"), default=0)
    warnings = models.PositiveIntegerField(_("警告"), default=0)
    findings = models.JSONField(default=list, blank=True)  # [{rule, severity, where, message}]
    # cells of the report's tables read, of how many its format has (as `report check` says)
    cells_read = models.PositiveIntegerField(_("读出单元格"), null=True, blank=True)
    cells_total = models.PositiveIntegerField(_("单元格总数"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("页数"), default=0)  # counted against the batch's page budget

    class Meta:
        ordering = ["check_run", "position"]

    @property
    def unreadable_text(self) -> str:
        return said_unreadable(self.problem)
