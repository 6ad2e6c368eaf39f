from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.widgets import DateInput


class DeadlineForm(forms.Form):
    start = forms.DateField(
        label=_("起算日期"),
        help_text=_("如收到申请之日；当日不计入期限"),
        # A date input takes its value as YYYY-MM-DD only; the Chinese locale's 2026/12/01 shows empty.
        widget=DateInput(),
        error_messages={"invalid": _("请输入有效日期，格式为 YYYY-MM-DD")},
    )
    days = forms.IntegerField(
        label=_("工作日数"),
        min_value=0,
        max_value=3650,
        help_text=_("答复期限 20；延期 20；补正告知 7；第三方意见 15"),
        error_messages={"invalid": _("请输入整数"), "min_value": _("不能小于 0"), "max_value": _("不能大于 3650")},
    )
