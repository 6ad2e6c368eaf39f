"""The date and date-time boxes of every form in the project, in one place (and the one field
that takes several files at once).

A browser's `<input type=date>` takes its value as YYYY-MM-DD only (and `datetime-local` as
YYYY-MM-DDTHH:MM). Django renders a date in the active locale's first input format, which for
zh-hans is 2026/12/01: the browser then shows an empty box and the default or stored date is lost
on the next save. Every form uses these widgets (a test checks every form's date fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATETIME)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input: a list, empty when none was chosen (and not required)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class IdsField(forms.Field):
    """Several record ids from checkboxes of one name (the template draws them); the service
    checks that each belongs where it should."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return [int(v) for v in value or []]
        except (TypeError, ValueError):
            raise forms.ValidationError(_("选择无效，请刷新页面后重试。")) from None
