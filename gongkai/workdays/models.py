from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year whose holiday arrangement (国务院办公厅节假日安排通知) has been entered."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("依据"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("已录入的年份")
        verbose_name_plural = _("已录入的年份")

    def __str__(self):
        return str(self.year)


class SpecialDay(models.Model):
    """A statutory holiday, or a weekend day that is a working day (调休上班)."""

    day = models.DateField(_("日期"), unique=True)
    workday = models.BooleanField(_("上班"), help_text=_("勾选表示调休上班；不勾选表示放假"))
    name = models.CharField(_("名称"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")

    def __str__(self):
        text = _("%(day)s 上班 %(name)s") if self.workday else _("%(day)s 放假 %(name)s")
        return text % {"day": self.day, "name": self.name}
