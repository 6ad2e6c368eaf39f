"""行政复议 and 行政诉讼 about the disclosure decisions of an agency.

Section 四 of the annual report counts these records (see selectors.section_four for the rule).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.audit.models import Event
from gongkai.core.report import formats

# Kinds and results are the rows and columns of table `appeals` of the national formats; codes
# and labels come from the declaration.
_KINDS = dict(formats.appeal_kinds())
_RESULTS = dict(formats.appeal_results())


class Appeal(models.Model):
    class Kind(models.TextChoices):
        REVIEW = formats.REVIEW, _(_KINDS[formats.REVIEW])
        LITIGATION_DIRECT = formats.LITIGATION_DIRECT, _(_KINDS[formats.LITIGATION_DIRECT])
        LITIGATION_AFTER_REVIEW = formats.LITIGATION_AFTER_REVIEW, _(_KINDS[formats.LITIGATION_AFTER_REVIEW])

    class Result(models.TextChoices):
        PENDING = formats.PENDING, _(_RESULTS[formats.PENDING])
        UPHELD = formats.UPHELD, _(_RESULTS[formats.UPHELD])
        CORRECTED = formats.CORRECTED, _(_RESULTS[formats.CORRECTED])
        OTHER = formats.OTHER_RESULT, _(_RESULTS[formats.OTHER_RESULT])

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
