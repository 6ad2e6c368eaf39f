"""Sign-in as an attacker and a careful office would try it: lockouts behind the proxy, the
retry time, password rules, idle sessions and two-factor sign-in."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts.models import Agency, Membership, Region, Role

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"
PASSWORD = "Correct-Horse-42"


@pytest.fixture
def township(db):
    region = Region.objects.create(name="试验镇", level=Region.Level.TOWNSHIP)
    return Agency.objects.create(
        name="试验镇人民政府", slug="shiyan", level=Agency.Level.TOWNSHIP, region=region, ogi_office="党政办"
    )


def _person(username, agency, role):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def staff(township):
    return {
        "amy": _person("amy", township, Role.OGI),
        "ben": _person("ben", township, Role.CLERK),
    }


def _login(client, username, password, client_address):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def _fail_five_times(client, settings, username, client_address):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, username, "wrong", client_address)


def test_it_locks_only_the_guessed_user_from_the_guessing_client(client, staff, settings):
    _fail_five_times(client, settings, "amy", "203.0.113.7")
    assert _login(client, "amy", PASSWORD, "203.0.113.7").status_code == 429
    # amy from her own office, and ben from the attacker's address, still sign in.
    assert _login(client, "amy", PASSWORD, "198.51.100.20").status_code == 302
    client.logout()
    assert _login(client, "ben", PASSWORD, "203.0.113.7").status_code == 302


def test_it_does_not_believe_a_forwarded_address_from_an_untrusted_peer(client, staff, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "amy", "password": "wrong"},
            REMOTE_ADDR="192.0.2.50",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    assert AccessAttempt.objects.get().ip_address == "192.0.2.50"
    r = client.post(
        reverse("login"),
        {"username": "amy", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.50",
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert r.status_code == 429


def test_it_reads_the_client_from_the_right_past_a_spoofed_entry(client, staff, settings):
    _fail_five_times(client, settings, "amy", "1.2.3.4, 203.0.113.7")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


def test_a_locked_person_is_told_when_to_retry(client, staff, settings):
    _fail_five_times(client, settings, "amy", "203.0.113.7")
    r = _login(client, "amy", PASSWORD, "203.0.113.7")
    body = r.content.decode()
    assert r.status_code == 429 and "暂时锁定" in body
    assert 'id="retry-at"' in body and "之后再试" in body


def test_an_administrator_unlocks_an_account(client, staff, settings):
    _fail_five_times(client, settings, "amy", "203.0.113.7")
    admin = get_user_model().objects.create_superuser("root", password=PASSWORD)
    client.force_login(admin)
    attempt = AccessAttempt.objects.get()
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    client.logout()
    assert _login(client, "amy", PASSWORD, "203.0.113.7").status_code == 302


@pytest.mark.parametrize("password", ["short1A!", "alllowercaseletters", "lowercase-and-symbols"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_strong_password_is_accepted():
    validate_password("Gongkai-Portal-2026")


def test_a_staff_session_ends_when_idle(client, staff, settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_COOKIE_AGE <= 30 * 60
    client.force_login(staff["ben"])
    client.get(reverse("staff-home"))
    assert client.session.get_expiry_age() <= 30 * 60


def _token(device):
    return TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()


def _code(device):
    return f"{_token(device):06d}"


def test_the_ogi_office_must_set_up_two_factor_when_required(client, staff, settings):
    settings.OTP_REQUIRED = True
    client.force_login(staff["amy"])
    r = client.get(reverse("staff-home"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("otp-setup"))
    page = client.get(r["Location"]).content.decode()
    assert "设置两步验证" in page and "data:image/svg+xml" in page
    device = TOTPDevice.objects.get(user=staff["amy"])
    wrong = "000000" if _code(device) != "000000" else "111111"
    assert "验证码不正确" in client.post(reverse("otp-setup"), {"token": wrong}).content.decode()
    assert "错误次数过多" in client.post(reverse("otp-setup"), {"token": _code(device)}).content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # as if the person waited the few seconds django-otp asks for
    r = client.post(reverse("otp-setup"), {"token": _code(device), "next": reverse("staff-home")})
    assert r.status_code == 302
    assert client.get(reverse("staff-home")).status_code == 200


def test_a_clerk_is_not_forced_to_set_up_two_factor(client, staff, settings):
    settings.OTP_REQUIRED = True
    client.force_login(staff["ben"])
    assert client.get(reverse("staff-home")).status_code == 200


def test_a_person_with_an_authenticator_enters_its_code_at_sign_in(client, staff):
    device = TOTPDevice.objects.create(user=staff["ben"], name="phone", confirmed=True)
    assert _login(client, "ben", PASSWORD, "198.51.100.20").status_code == 302
    r = client.get(reverse("staff-home"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("otp-verify"))
    bad = client.post(reverse("otp-verify"), {"token": "12345"})
    assert "6 位数字" in bad.content.decode()
    r = client.post(reverse("otp-verify"), {"token": _code(device), "next": reverse("staff-home")})
    assert r.status_code == 302 and r["Location"] == reverse("staff-home")
    assert client.get(reverse("staff-home")).status_code == 200


def test_the_verify_page_does_not_redirect_off_site(client, staff):
    device = TOTPDevice.objects.create(user=staff["ben"], name="phone", confirmed=True)
    client.force_login(staff["ben"])
    r = client.post(reverse("otp-verify"), {"token": _code(device), "next": "https://evil.example/"})
    assert r["Location"] == reverse("staff-home")
