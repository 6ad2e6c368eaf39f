"""行政复议 and 行政诉讼 about the disclosure decisions of an agency.

Section 四 of the annual report counts these records (see selectors.section_four for the rule).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.audit.models import Event


class Appeal(models.Model):
    class Kind(models.TextChoices):
        # The codes are the row codes of table `appeals` in the national formats.
        REVIEW = "review", _("行政复议")
        LITIGATION_DIRECT = "litigation_direct", _("行政诉讼（未经复议直接起诉）")
        LITIGATION_AFTER_REVIEW = "litigation_after_review", _("行政诉讼（复议后起诉）")

    class Result(models.TextChoices):
        # The codes are the column codes of table `appeals`.
        PENDING = "pending", _("尚未审结")
        UPHELD = "upheld", _("结果维持")
        CORRECTED = "corrected", _("结果纠正")
        OTHER = "other", _("其他结果")

    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("被申请（被诉）机关"), on_delete=models.PROTECT, related_name="appeals"
    )
    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices)
    number = models.CharField(_("案号"), max_length=100, blank=True)
    appellant = models.CharField(_("申请人（原告）"), max_length=100)
    body = models.CharField(_("复议机关（受理法院）"), max_length=100)
    filed_on = models.DateField(_("受理（立案）日期"))
    decided_on = models.DateField(_("决定（裁判）日期"), null=True, blank=True)
    result = models.CharField(_("结果"), max_length=20, choices=Result.choices, default=Result.PENDING)
    summary = models.TextField(_("案情摘要"), blank=True)
    applications = models.ManyToManyField(
        "applications.Application", verbose_name=_("涉及的政府信息公开申请"), blank=True, related_name="appeals"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["-filed_on", "-pk"]
        verbose_name = _("行政复议、行政诉讼案件")
        verbose_name_plural = _("行政复议、行政诉讼案件")

    def __str__(self):
        return f"{self.get_kind_display()} {self.number or self.pk}"

    def counted_years(self):
        """The report years whose section 四 this record changes: the filing year (the result only
        counts there when it was known by 31 December of that year). Registered with the year lock."""
        return {self.filed_on.year} if self.filed_on else set()

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.result == self.Result.PENDING and self.decided_on:
            errors["decided_on"] = _("尚未审结的案件不应填写决定日期")
        if self.result != self.Result.PENDING and not self.decided_on:
            errors["decided_on"] = _("请填写决定（裁判）日期")
        if self.decided_on and self.filed_on and self.decided_on < self.filed_on:
            errors["decided_on"] = _("决定日期不能早于受理日期")
        if errors:
            raise ValidationError(errors)


class AppealEvent(Event):
    """The audit row of every change to an appeal (the one event shape of gongkai.audit)."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("登记")
        EDITED = "edited", _("修改")
        DECIDED = "decided", _("登记结果")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    verb = models.CharField(_("事件"), max_length=40, choices=Kind.choices)
