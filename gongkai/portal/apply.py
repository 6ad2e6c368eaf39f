"""The online application form of the applications app, made safe for the open internet:
a rate limit per address, a honeypot field, and plain-text-only fields. The form, its checks and
the service that files the application stay the applications app's; this only stands in front."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from gongkai.accounts.models import Agency
from gongkai.applications import forms as application_forms
from gongkai.applications import views as application_views

from . import ratelimit
from .validators import _MARKUP

TEXT_FIELDS = ("name", "org_name", "address", "info_name", "info_doc_number", "info_description", "email")
MAX_DESCRIPTION = 2000


def _refuse(request, agency, form, status, message=None, field_errors=None):
    form.is_valid()
    if message:
        form.add_error(None, message)
    for field, error in (field_errors or {}).items():
        form.add_error(field, error)
    return render(request, "applications/apply.html", {"agency": agency, "form": form}, status=status)


def apply(request, agency_slug):
    if request.method != "POST":
        return application_views.apply(request, agency_slug)
    agency = get_object_or_404(Agency, slug=agency_slug)
    form = application_forms.ApplicationForm(request.POST, request.FILES)
    if request.POST.get("website"):
        # A robot filled the field people never see: file nothing, say little.
        return _refuse(request, agency, form, 400, _("提交未成功，请刷新页面后重新填写。"))
    limit, period = ratelimit.limits()["application"]
    if not ratelimit.allow(request, "application", limit, period):
        return _refuse(request, agency, form, 429, _("提交过于频繁，请一小时后再试，或直接联系政府信息公开工作机构。"))
    errors = {}
    for field in TEXT_FIELDS:
        if _MARKUP.search(request.POST.get(field, "")):
            errors[field] = _("请只填写文字，不要包含网页代码或脚本（如 <script>）。")
    description = request.POST.get("info_description", "")
    if len(description) > MAX_DESCRIPTION and "info_description" not in errors:
        errors["info_description"] = _("所需信息的描述不能超过 %(n)d 字（现有 %(m)d 字）。") % {
            "n": MAX_DESCRIPTION, "m": len(description)}
    if errors:
        return _refuse(request, agency, form, 400, field_errors=errors)
    return application_views.apply(request, agency_slug)
