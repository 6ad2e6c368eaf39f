"""Two-factor sign-in for staff with time-based one-time passwords (TOTP, RFC 6238).

django-otp keeps the devices and marks a session verified. We add the policy: a person who has
set up an authenticator must enter its code at every sign-in; when OTP_REQUIRED is on, the OGI
office and administrators may not use staff pages or the admin until they have set one up.
"""

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import permissions

GUARDED_PREFIXES = ("/staff/", "/admin/")


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("验证码"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("请输入验证器上显示的 6 位数字。")},
    )


def must_verify(user):
    """True when this signed-in person may not use staff pages before a second factor."""
    if not user.is_authenticated or user.is_verified():
        return False
    if user_has_device(user, confirmed=True):
        return True
    return settings.OTP_REQUIRED and permissions.needs_second_factor(user)


class RequireSecondFactorMiddleware:
    """Sends a person who still owes a second factor to enter (or set up) one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(GUARDED_PREFIXES) and must_verify(request.user):
            target = "otp-verify" if user_has_device(request.user, confirmed=True) else "otp-setup"
            return redirect(f"{reverse(target)}?next={request.path}")
        return self.get_response(request)


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("staff-home")


THROTTLED = gettext_lazy("验证码错误次数过多，请稍等片刻后再输入验证器上当前显示的数字。")


def _check(devices, token, form, wrong):
    """The device that accepts `token`, or None with the reason on the form. django-otp slows
    down guessing after each wrong code; a person told to wait is not told the code was wrong."""
    if devices and not any(d.verify_is_allowed()[0] for d in devices):
        form.add_error("token", THROTTLED)
        return None
    for device in devices:
        if device.verify_token(token):
            return device
    form.add_error("token", wrong)
    return None


@login_required
def verify(request):
    form = TokenForm(request.POST or None)
    if form.is_valid():
        devices = list(TOTPDevice.objects.devices_for_user(request.user, confirmed=True))
        wrong = _("验证码不正确或已过期，请输入验证器上当前显示的数字。")
        device = _check(devices, form.cleaned_data["token"].strip(), form, wrong)
        if device:
            otp_login(request, device)
            return redirect(_next(request))
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next(request)})


def _pending_device(user):
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=_("身份验证器"), confirmed=False)


@login_required
def setup(request):
    if user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        return redirect(f"{reverse('otp-verify')}?next={reverse('otp-setup')}")
    device = _pending_device(request.user)
    form = TokenForm(request.POST or None)
    wrong = _("验证码不正确，请确认手机时间准确后输入当前显示的数字。")
    if form.is_valid() and _check([device], form.cleaned_data["token"].strip(), form, wrong):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return redirect(_next(request))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr": qr.svg_data_uri(scale=4),
        "secret": device.config_url.split("secret=")[1].split("&")[0],
        "next": _next(request),
        "already": user_has_device(request.user, confirmed=True),
    }
    return render(request, "registration/otp_setup.html", context)
