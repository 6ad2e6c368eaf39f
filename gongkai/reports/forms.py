from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from gongkai.widgets import DateInput


class StartForm(forms.Form):
    year = forms.IntegerField(label=_("报告年度"), validators=[MinValueValidator(2019), MaxValueValidator(2100)])


class TextsForm(forms.Form):
    overview = forms.CharField(label=_("一、总体情况"), widget=forms.Textarea(attrs={"rows": 10}), required=False)
    problems = forms.CharField(
        label=_("五、存在的主要问题及改进情况"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    other = forms.CharField(label=_("六、其他需要报告的事项"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class OverrideForm(forms.Form):
    value = forms.CharField(label=_("填报值"), max_length=30)
    reason = forms.CharField(
        label=_("修改理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("必填。例如：该年度业务记录不完整，按纸质台账填报。"),
        error_messages={"required": _("修改单元格必须写明理由")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("退回理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("退回必须写明理由")},
    )


class SendBackPublishedForm(ReasonForm):
    """Sending back a published report: what becomes of the public copy meanwhile."""

    public_copy = forms.ChoiceField(
        label=_("已公开的报告"),
        widget=forms.RadioSelect,
        initial="correct",
        choices=[
            ("correct", _("保留公开，标注“更正中”，直至更正后的版本发布")),
            ("withdraw", _("撤回：公开页面撤下报告，以退回理由作为撤回公告")),
        ],
    )


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label=_("更正说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("说明更正的内容和原因，将随更正后的报告一并公开。"),
        error_messages={"required": _("发起更正必须填写更正说明")},
    )


class ImportForm(forms.Form):
    year = forms.IntegerField(label=_("报告年度"), validators=[MinValueValidator(2019), MaxValueValidator(2100)])
    file = forms.FileField(label=_("已发布的报告文件"), help_text=_("TXT、HTML、DOCX 或 PDF"))
    published_on = forms.DateField(label=_("原发布日期"), required=False, widget=DateInput())


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)]


class BulkCheckForm(forms.Form):
    files = MultipleFileField(
        label=_("报告文件"),
        help_text=_("可一次选择多个 TXT、HTML、DOCX、PDF 文件，或一个 ZIP 压缩包。"),
    )
