from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.widgets import DateInput

from .models import Appeal


class AppealForm(forms.ModelForm):
    class Meta:
        model = Appeal
        fields = ["kind", "number", "appellant", "body", "filed_on", "summary"]
        widgets = {"filed_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}


class DecideForm(forms.Form):
    result = forms.ChoiceField(
        label=_("结果"), choices=[c for c in Appeal.Result.choices if c[0] != Appeal.Result.PENDING]
    )
    decided_on = forms.DateField(label=_("决定（裁判）日期"), widget=DateInput())
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
