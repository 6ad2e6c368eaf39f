import uuid

import filetype
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from gongkai.core.report import formats
from gongkai.portal.validators import no_markup
from gongkai.widgets import DateInput, MultipleFileField

from .models import Application, ClockInterval
from .outcomes import applicant_types, outcomes
from .services import APPLICANT_FIELDS
from .validators import normalize_phone

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
# Checked on the file's content (magic numbers), never on its name.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPG",
    "image/png": "PNG",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
}


def applicant_choices():
    """The applicant types as the format groups them: 自然人, then 法人或其他组织 and its kinds."""
    choices, groups = [], {}
    for column, (code, label) in zip(formats.applicant_columns(), applicant_types()):
        if not column.group:
            choices.append((code, label))
        elif column.group not in groups:
            groups[column.group] = [(code, label)]
            choices.append((_(column.group), groups[column.group]))
        else:
            groups[column.group].append((code, label))
    return choices


def outcome_choices():
    return [("", "——"), *outcomes()]


def sniff_type(head: bytes) -> str:
    """The MIME type of a file's first bytes if it is one of ALLOWED_TYPES, else ""."""
    kind = filetype.guess(head)
    if kind is None and head.startswith(b"\xd0\xcf\x11\xe0"):
        return "application/msword"  # an OLE2 file: old Word or Excel
    mime = kind.mime if kind else ""
    return mime if mime in ALLOWED_TYPES else ""


def check_attachment(f) -> None:
    if f.size > MAX_ATTACHMENT_BYTES:
        raise forms.ValidationError(_("附件“%(name)s”超过 10 MB，请压缩或分开提交。"), params={"name": f.name})
    head = f.read(8192)
    f.seek(0)
    kind_mime = sniff_type(head)
    if kind_mime not in ALLOWED_TYPES:
        raise forms.ValidationError(
            _("附件“%(name)s”的文件内容不是允许的格式（PDF、JPG、PNG、Word、Excel）。"), params={"name": f.name}
        )
    f.detected_type = kind_mime


class ApplicationForm(forms.ModelForm):
    """政府信息公开申请表. The purpose of the application is not asked: the 2019 条例 dropped it."""

    applicant_type = forms.ChoiceField(label=_("申请人类型"), choices=applicant_choices)
    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
        help_text=_("可选。最多 5 个文件，每个不超过 10 MB；PDF、JPG、PNG、Word 或 Excel。"),
    )

    class Meta:
        model = Application
        fields = APPLICANT_FIELDS
        help_texts = {
            "org_name": _("法人或其他组织申请时填写"),
            "org_credit_code": _("18 位，法人或其他组织申请时填写"),
            "name": _("自然人本人姓名；法人或其他组织填写经办人姓名"),
            "info_description": _("名称、文号、特征性描述至少填写一项"),
        }
        widgets = {"info_description": forms.Textarea(attrs={"rows": 4})}

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("最多上传 5 个附件。"))
        for f in files:
            check_attachment(f)
        return files

    def applicant_fields(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "attachments"}


TEXT_FIELDS = ("name", "org_name", "address", "info_name", "info_doc_number", "info_description", "email")
MAX_DESCRIPTION = 2000


class PublicApplicationForm(ApplicationForm):
    """The form on the open internet: plain text only, a bounded description, a honeypot people
    never see, and a one-time submission token that makes a retry safe."""

    website = forms.CharField(label=_("网址（请勿填写）"), required=False)
    submission = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TEXT_FIELDS:
            self.fields[name].validators.append(no_markup)
        self.fields["info_description"].validators.append(
            MaxLengthValidator(
                MAX_DESCRIPTION, message=_("所需信息的描述不能超过 %(limit_value)d 字（现有 %(show_value)d 字）。")
            )
        )

    def is_robot(self):
        return bool(self.data.get("website"))

    def token(self):
        """The submission token sent with the form (None when absent or malformed)."""
        try:
            return uuid.UUID(str(self.data.get("submission", "")))
        except ValueError:
            return None

    def applicant_fields(self):
        return {k: v for k, v in super().applicant_fields().items() if k not in ("website", "submission")}


class PaperApplicationForm(ApplicationForm):
    """Staff entry of an application handed in on paper, by post, by fax or online."""

    channel = forms.ChoiceField(label=_("提交方式"), choices=Application.Channel.choices)
    received_on = forms.DateField(
        label=_("收到申请日"),
        widget=DateInput(),
        help_text=_(
            "当面提交：提交之日；邮寄：签收之日；平常信函：与申请人确认之日；网上或传真：双方确认之日（第三十一条）"
        ),
    )

    field_order = ["channel", "received_on"]


# --- transitions ---------------------------------------------------------------------------


class OnForm(forms.Form):
    on = forms.DateField(label=_("日期"), widget=DateInput())


class CorrectionForm(OnForm):
    limit = forms.DateField(label=_("补正期限"), widget=DateInput())
    note = forms.CharField(label=_("需要补正的事项"), widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(OnForm):
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequiredNoteForm(OnForm):
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}))


class ConsultForm(OnForm):
    kind = forms.ChoiceField(
        label=_("征求对象类型"),
        choices=[
            (ClockInterval.Kind.THIRD_PARTY, _("第三方（第三十二条）")),
            (ClockInterval.Kind.OTHER_AGENCY, _("其他机关（第三十四条）")),
        ],
    )
    party = forms.CharField(label=_("征求意见的对象"), max_length=200)
    note = forms.CharField(label=_("征求意见的内容"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(OnForm):
    days = forms.IntegerField(label=_("延长工作日数"), min_value=1, max_value=20, initial=20)
    note = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}))


class JudgeForm(OnForm):
    reasonable = forms.TypedChoiceField(
        label=_("申请人说明的理由"),
        coerce=lambda v: v == "yes",
        choices=[("no", _("不合理：不予处理（第三十五条）")), ("yes", _("合理：另行确定答复期限"))],
    )
    later_deadline = forms.DateField(label=_("另行确定的答复期限"), required=False, widget=DateInput())
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("reasonable") and not data.get("later_deadline"):
            self.add_error("later_deadline", _("理由合理时，请确定答复期限。"))
        on, later = data.get("on"), data.get("later_deadline")
        if on and later and later <= on:
            self.add_error("later_deadline", _("答复期限应晚于认定日期。"))
        return data


class FeeForm(OnForm):
    method = forms.ChoiceField(label=_("收费方式"), choices=Application.FeeMethod.choices)
    pages = forms.IntegerField(label=_("页数（按量计收时填写）"), min_value=1, required=False)


class AttachmentsMixin(forms.Form):
    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("最多上传 5 个附件。"))
        for f in files:
            check_attachment(f)
        return files


class DecideForm(AttachmentsMixin, OnForm):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=outcome_choices)
    reason = forms.CharField(label=_("理由及依据"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(
        label=_("公开的政府信息（文件）"),
        required=False,
        help_text=_(
            "予以公开、部分公开时上传提供给申请人的材料（最多 5 个，每个不超过 10 MB），申请人可在申请人页面下载。"
        ),
    )
    paper_note = forms.CharField(
        label=_("纸质材料提供情况"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("以纸质或光盘提供的，写明提供的材料及方式，如“复印件 12 页，2026-10-20 挂号信寄出”。"),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") in ("granted", "partial")
            and not data.get("files")
            and not (data.get("paper_note") or "").strip()
        ):
            self.add_error("files", _("予以公开或部分公开时，请上传公开的材料，或写明纸质材料的提供情况。"))
        return data


class CorrectionReceivedForm(AttachmentsMixin, OnForm):
    """A 补正 received on paper: the corrected request, if the applicant changed it."""

    info_name = forms.CharField(label=_("补正后的政府信息名称"), max_length=300, required=False)
    info_doc_number = forms.CharField(label=_("补正后的文号"), max_length=100, required=False)
    info_description = forms.CharField(
        label=_("补正后的特征性描述"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("申请人更改了所需信息的，在此填写；此后的告知书均引用补正后的内容，原内容保留在办理记录中。"),
    )
    files = MultipleFileField(label=_("补正材料"), required=False)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        data["fields"] = {k: data.pop(k, "") for k in ("info_name", "info_doc_number", "info_description")}
        return data


class ApplicantCorrectionForm(AttachmentsMixin, forms.Form):
    """The applicant's own 补正, on their page."""

    info_name = forms.CharField(label=_("政府信息名称"), max_length=300, required=False)
    info_doc_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    info_description = forms.CharField(
        label=_("所需信息的特征性描述"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("按补正通知书的要求写明所需信息，名称、文号、特征性描述至少填写一项。"),
    )
    files = MultipleFileField(
        label=_("补正材料"),
        required=False,
        help_text=_("可选。最多 5 个文件，每个不超过 10 MB；PDF、JPG、PNG、Word 或 Excel。"),
    )
    note = forms.CharField(
        label=_("补充说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if not any((data.get(k) or "").strip() for k in ("info_name", "info_doc_number", "info_description")):
            self.add_error("info_description", _("请至少填写所需信息的名称、文号或特征性描述中的一项。"))
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        fields = {k: data.get(k, "") for k in ("info_name", "info_doc_number", "info_description")}
        return {"fields": fields, "files": data.get("files") or [], "note": data.get("note", "")}


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("留言"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：已缴纳信息处理费、更改收件地址、询问办理情况。工作人员处理后会在办理记录中留痕。"),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因（可不填）"), max_length=500, required=False)
    confirm = forms.BooleanField(label=_("我确认撤回本申请，撤回后本机关不再处理"), required=True)


class ExtensionDecisionForm(OnForm):
    approve = forms.TypedChoiceField(
        label=_("审批意见"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("同意延期")), ("no", _("不同意"))],
    )
    note = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ServeForm(OnForm):
    method = forms.CharField(
        label=_("送达方式"), max_length=100, help_text=_("例如：电子邮件、邮寄（挂号信）、当面领取")
    )


class ReopenForm(OnForm):
    reason = forms.CharField(label=_("重新办理的原因"), widget=forms.Textarea(attrs={"rows": 2}))
    basis = forms.CharField(label=_("依据（复议决定书或判决书文号）"), max_length=100)


class StatusQueryForm(forms.Form):
    code = forms.CharField(
        label=_("查询码"),
        max_length=16,
        min_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


# --- citizen accounts (account.py) -----------------------------------------------------------

LOGIN_FIELD = {
    "label": _("手机号码或电子邮箱"),
    "max_length": 254,
    "widget": forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
}


class AccountRegisterForm(forms.Form):
    login = forms.CharField(**LOGIN_FIELD, help_text=_("验证码将发送到这里。"))
    password = forms.CharField(
        label=_("密码"),
        max_length=128,
        help_text=_("至少 10 位，包含字母和数字。"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("再次输入密码"), max_length=128, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class AccountCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("验证码"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("验证码为 6 位数字。")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class AccountLoginForm(forms.Form):
    login = forms.CharField(**LOGIN_FIELD)
    password = forms.CharField(
        label=_("密码"), max_length=128, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class AccountResetForm(forms.Form):
    login = forms.CharField(**LOGIN_FIELD, help_text=_("注册账号时使用的手机号码或电子邮箱，验证码将发送到这里。"))


class AccountResetConfirmForm(AccountRegisterForm):
    """The code sent for the reset, and the new password twice."""

    code = AccountCodeForm.base_fields["code"]
    field_order = ["login", "code", "password", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].help_text = ""
        self.fields["password"].label = _("新密码")
        self.fields["password2"].label = _("再次输入新密码")
