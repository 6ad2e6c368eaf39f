import re

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.widgets import DateTimeInput

from .models import OpenDay
from .validators import no_markup

PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS, skipped by Tab) that form-filling robots fill."""

    website = forms.CharField(
        label=_("网址（请勿填写）"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_robot(self):
        return bool(self.data.get("website"))


class FeedbackForm(HoneypotMixin):
    rating = forms.TypedChoiceField(
        label=_("满意度评分"),
        coerce=int,
        choices=lambda: [(i, _("%(n)s 分") % {"n": i}) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择满意度评分（1–5 分）。")},
    )
    comment = forms.CharField(
        label=_("意见建议"),
        required=False,
        max_length=500,
        validators=[no_markup],
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 500}),
        help_text=_("选填，不超过 500 字。请不要填写姓名、电话等个人信息；审核后公开。"),
        error_messages={"max_length": _("意见建议不能超过 %(limit_value)d 字（现有 %(show_value)d 字）。")},
    )


class RegistrationForm(HoneypotMixin):
    name = forms.CharField(
        label=_("姓名"), max_length=50, validators=[no_markup], error_messages={"required": _("请填写姓名。")}
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"required": _("请填写联系电话。")},
    )
    organization = forms.CharField(label=_("工作单位或身份"), max_length=100, required=False, validators=[no_markup])

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip().replace(" ", "")
        if not PHONE.match(phone):
            raise forms.ValidationError(_("请填写 11 位手机号码或带区号的固定电话，如 0953-6088001。"))
        return phone


class OpinionForm(HoneypotMixin):
    content = forms.CharField(
        label=_("意见建议"),
        max_length=1000,
        validators=[no_markup],
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 1000}),
        error_messages={
            "required": _("请填写意见建议。"),
            "max_length": _("意见建议不能超过 %(limit_value)d 字（现有 %(show_value)d 字）。"),
        },
    )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("公开")), ("reject", _("不予公开"))], widget=forms.RadioSelect, label=_("审核意见")
    )
    reply = forms.CharField(
        label=_("答复（公开显示）"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("答复"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写答复内容。")},
    )


class OpenDayForm(forms.ModelForm):
    class Meta:
        model = OpenDay
        fields = [
            "title",
            "plan",
            "starts_at",
            "ends_at",
            "place",
            "agenda",
            "capacity",
            "registration_closes_at",
            "published",
            "participants_attended",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "registration_closes_at": DateTimeInput(),
            "plan": forms.Textarea(attrs={"rows": 6}),
            "agenda": forms.Textarea(attrs={"rows": 5}),
        }


class SearchForm(forms.Form):
    # Every parameter bounded: a bad one is a 400 naming it (see portal.views.search).
    q = forms.CharField(required=False, label=_("查询词"))  # the engine says when it is too long
    agency = forms.CharField(required=False, label=_("机关"), max_length=100)
    category = forms.CharField(required=False, label=_("类目"), max_length=100)
    year = forms.IntegerField(required=False, label=_("年度"), min_value=1990, max_value=2100)
    level = forms.CharField(required=False, label=_("层级"), max_length=20)
    village = forms.IntegerField(required=False, label=_("村"), min_value=1, max_value=2**31 - 1)
    sort = forms.ChoiceField(
        required=False, label=_("排序"), choices=[("relevance", _("按相关度")), ("date", _("按日期"))]
    )
    page = forms.IntegerField(required=False, label=_("页码"), min_value=1, max_value=10_000)

    def clean_level(self):
        from gongkai.disclosure.models import Item

        level = self.cleaned_data["level"]
        if level and level not in Item.Level.values:
            raise forms.ValidationError(_("没有这个层级。"))
        return level
