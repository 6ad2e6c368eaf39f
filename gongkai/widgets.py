"""The date and date-time boxes of every form in the project, in one place.

A browser's `<input type=date>` takes its value as YYYY-MM-DD only (and `datetime-local` as
YYYY-MM-DDTHH:MM). Django renders a date in the active locale's first input format, which for
zh-hans is 2026/12/01: the browser then shows an empty box and the default or stored date is lost
on the next save. Every form uses these widgets (a test checks every form's date fields)."""

from django import forms

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
