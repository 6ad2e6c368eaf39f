from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.workdays import CalendarFileError, parse_calendar_file

MAX_FILE_BYTES = 100_000


class CalendarImportForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    file = forms.FileField(
        label=_("节假日安排文件"),
        help_text=_("UTF-8 编码的 CSV，每行：日期,workday 或 holiday,名称，例如 2027-01-01,holiday,元旦"),
    )
    source = forms.CharField(label=_("依据"), max_length=200, required=False, help_text=_("如：国办发明电〔2026〕×号"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("文件过大：节假日安排文件通常只有几十行"))
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("文件不是 UTF-8 编码的文本，请另存为 UTF-8 CSV 后重试")) from None
        try:
            return parse_calendar_file(text)
        except CalendarFileError as exc:
            raise forms.ValidationError(str(exc)) from None
