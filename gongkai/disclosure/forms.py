from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import Region
from gongkai.widgets import DateInput, DateTimeInput, IdsField, MultipleFileField

from .content import check_attachment, sanitize_body
from .models import (
    Category,
    Channel,
    DecisionTally,
    FeeCollection,
    Item,
    NormativeDocument,
    PowerListEntry,
    ProcurementProject,
)

DATE = DateInput()
DATETIME = DateTimeInput()
DATE_ERRORS = {"invalid": _("请输入有效日期，格式为 YYYY-MM-DD")}
DATETIME_ERRORS = {"invalid": _("请输入有效的日期和时间")}


class ItemForm(forms.ModelForm):
    channels = forms.ModelMultipleChoiceField(
        label=_("公开渠道"),
        queryset=Channel.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("所选公开渠道不存在")},
    )
    attachment = forms.FileField(
        label=_("附件"),
        required=False,
        help_text=_("PDF、DOCX 或图片，不超过 20 MB；按文件内容检查类型"),
    )

    class Meta:
        model = Item
        fields = [
            "title",
            "category",
            "unit",
            "doc_number",
            "level",
            "region",
            "disclosure",
            "nondisclosure_reason",
            "formed_on",
            "publish_at",
            "expires_at",
            "validity",
            "body",
        ]
        widgets = {
            "formed_on": DATE,
            "publish_at": DATETIME,
            "expires_at": DATETIME,
            "body": forms.Textarea(attrs={"rows": 12}),
        }
        error_messages = {
            "category": {
                "invalid_choice": _("所选类目不存在或不属于本机关的公开目录，请重新选择。"),
                "required": _("请选择公开目录类目。"),
            },
            "unit": {"invalid_choice": _("所选站所不属于本机关。")},
            "region": {"invalid_choice": _("所选村（社区）不在本机关辖区内。")},
            "title": {"required": _("请填写标题。")},
            "formed_on": {"required": _("请填写信息形成或变更日期。"), **DATE_ERRORS},
            "publish_at": DATETIME_ERRORS,
            "expires_at": DATETIME_ERRORS,
        }

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.body_stripped = False
        self.checked_file = None
        self.fields["category"].queryset = Category.objects.filter(agency=agency)
        self.fields["unit"].queryset = agency.units.all()
        villages = Region.objects.filter(parent=agency.region, level=Region.Level.VILLAGE)
        self.fields["region"].queryset = Region.objects.filter(pk__in=villages) | Region.objects.filter(
            parent__in=villages
        )
        self.fields["region"].label_from_instance = lambda r: (
            r.name if r.level == Region.Level.VILLAGE else f"{r.parent.name}·{r.name}"
        )
        for name in ("publish_at", "expires_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
        if self.instance.pk:
            self.fields["channels"].initial = list(self.instance.channels.all())
            self.fields.pop("attachment")

    def clean_body(self):
        body, removed = sanitize_body(self.cleaned_data.get("body", ""))
        self.body_stripped = removed
        return body

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            self.checked_file = check_attachment(upload)
            upload.seek(0)
        return upload

    def clean(self):
        data = super().clean()
        publish_at, expires_at = data.get("publish_at"), data.get("expires_at")
        if publish_at and expires_at and expires_at <= publish_at:
            self.add_error("expires_at", _("到期下线时间必须晚于定时发布时间。"))
        return data

    def _post_clean(self):
        # The item's agency is set by the service; give it to the instance so model checks run.
        self.instance.agency = self.agency
        super()._post_clean()

    def item_fields(self):
        return {k: v for k, v in self.cleaned_data.items() if k not in ("channels", "attachment")}


class AttachmentForm(forms.Form):
    attachment = forms.FileField(label=_("附件"), error_messages={"required": _("请选择要上传的文件。")})

    def clean_attachment(self):
        upload = self.cleaned_data["attachment"]
        check_attachment(upload)
        upload.seek(0)
        return upload


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": _("请填写理由。")}
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(forms.Form):
    personal_data_reason = forms.CharField(
        label=_("确认公开个人信息的理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("仅当法律法规要求公示（如救助对象公示）时填写；填写后视为党政办确认"),
    )
    publish_at = forms.DateTimeField(
        label=_("定时发布时间"),
        required=False,
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages=DATETIME_ERRORS,
    )
    expires_at = forms.DateTimeField(
        label=_("到期下线时间"),
        required=False,
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages=DATETIME_ERRORS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in Item.SECRECY_CHECKS:
            self.fields[f"secrecy_{key}"] = forms.BooleanField(label=_("%(x)s：不涉及") % {"x": label}, required=False)

    def secrecy(self):
        return {key: bool(self.cleaned_data.get(f"secrecy_{key}")) for key, _label in Item.SECRECY_CHECKS}

    def clean(self):
        data = super().clean()
        if data.get("publish_at") and data.get("expires_at") and data["expires_at"] <= data["publish_at"]:
            self.add_error("expires_at", _("到期下线时间必须晚于定时发布时间。"))
        return data


class CorrectForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=300)
    body = forms.CharField(label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    note = forms.CharField(
        label=_("更正说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写更正说明。")},
    )
    personal_data_reason = forms.CharField(label=_("确认公开个人信息的理由"), required=False)
    # the current attachments to remove are checkboxes the page draws (item_detail.html)
    remove_attachments = IdsField(required=False)
    add_attachments = MultipleFileField(
        label=_("新增或替换的附件"),
        required=False,
        help_text=_("替换附件：勾选要删除的旧附件，并在这里上传更正后的文件。"),
    )

    def clean_body(self):
        body, removed = sanitize_body(self.cleaned_data.get("body", ""))
        self.body_stripped = removed
        return body


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label=_("有效性"), choices=Item.Validity.choices)
    note = forms.CharField(label=_("说明"), required=False)


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "slug", "parent", "legal_basis", "order", "description"]

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Category.objects.filter(agency=agency)
        self.instance.agency = agency

    def validate_unique(self):
        super().validate_unique()
        slug = self.cleaned_data.get("slug")
        clash = Category.objects.filter(agency=self.instance.agency, slug=slug).exclude(pk=self.instance.pk)
        if slug and clash.exists():
            self.add_error("slug", _("本机关已有标识为“%(s)s”的类目。") % {"s": slug})


class TallyImportForm(forms.Form):
    file = forms.FileField(label=_("文件（.xlsx 或 .csv）"), help_text=_("表头：年度、月份、类型、数量"))


def register_form(model):
    """A ModelForm for one register, with the agency set by the view."""
    fields = {
        NormativeDocument: ["kind", "doc_number", "title", "made_on", "published_on", "repealed_on", "validity"],
        PowerListEntry: ["year", "kind", "name", "code", "basis"],
        DecisionTally: ["year", "month", "kind", "count"],
        FeeCollection: ["year", "month", "name", "amount"],
        ProcurementProject: ["year", "name", "amount", "contracted_on"],
    }[model]
    widgets = {f: DATE for f in ("made_on", "published_on", "repealed_on", "contracted_on") if f in fields}

    class Meta:
        pass

    Meta.model, Meta.fields, Meta.widgets = model, fields, widgets

    def __init__(self, *args, agency, **kwargs):
        forms.ModelForm.__init__(self, *args, **kwargs)
        self.instance.agency = agency

    return type(f"{model.__name__}Form", (forms.ModelForm,), {"Meta": Meta, "__init__": __init__})


def apply_errors(form, exc: ValidationError):
    """Put a service's ValidationError on the form, at its field when the form has it."""
    if hasattr(exc, "error_dict"):
        for field_name, errors in exc.error_dict.items():
            target = field_name if field_name in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)
