"""Identity numbers of applicants: 居民身份证号码 (GB 11643-1999) and 统一社会信用代码
(GB 32100-2015), each with its check character."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A mobile number has 11 digits, 1 then 3–9 (GB/T 13400 numbering plan); a fixed line is an area
# code (0 and 2–3 digits) and 7–8 digits, or just the 7–8 local digits.
MOBILE = re.compile(r"1[3-9]\d{9}")
FIXED_LINE = re.compile(r"(0\d{2,3})?[2-9]\d{6,7}")


def normalize_phone(value: str) -> str:
    """The digits of a phone number as typed (spaces, hyphens and a +86 prefix dropped), or a
    ValidationError saying what a valid number looks like."""
    phone = re.sub(r"[\s\-()（）]", "", value or "")
    phone = phone.removeprefix("+86") if phone.startswith("+86") else phone
    if MOBILE.fullmatch(phone) or FIXED_LINE.fullmatch(phone):
        return phone
    if phone.startswith("1"):
        raise ValidationError(
            _("手机号码应为 11 位数字，以 13 至 19 开头（现有 %(n)d 位）。") % {"n": len(phone)}, code="mobile"
        )
    raise ValidationError(_("请填写 11 位手机号码，或带区号的固定电话（如 0953-6088001）。"), code="phone")


ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def validate_resident_id(value: str) -> None:
    if not re.fullmatch(r"\d{17}[\dX]", value or ""):
        raise ValidationError(_("居民身份证号码应为 18 位：前 17 位为数字，最后一位为数字或 X。"), code="format")
    if id_check_char(value[:17]) != value[17]:
        raise ValidationError(_("居民身份证号码的校验码不正确，请核对后重新填写。"), code="check")


# GB 32100-2015: the alphabet excludes I, O, Z, S, V.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    if len(value or "") != 18 or any(c not in USCC_ALPHABET for c in value):
        raise ValidationError(_("统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）。"), code="format")
    if uscc_check_char(value[:17]) != value[17]:
        raise ValidationError(_("统一社会信用代码的校验码不正确，请核对后重新填写。"), code="check")


def mask_id(value: str) -> str:
    """6401**********1234: the first four and last four characters only."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """139****5678."""
    digits = value or ""
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
