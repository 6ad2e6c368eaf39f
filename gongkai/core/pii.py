"""Personal data in text meant for publication (个人信息检查), without Django.

Before an item is published its title, body and attachment text are searched for three kinds of
personal data that must not appear in a public notice unless a law requires it:

- 18-digit 居民身份证号码 whose check digit (GB 11643-1999, ISO 7064 MOD 11-2) is valid;
- mobile numbers (1[3-9] followed by 9 digits);
- bank card numbers: 16–19 digits, possibly in groups split by spaces or hyphens, passing Luhn.

A digit run that is part of a longer number is never reported as a shorter one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ID_NUMBER = "id_number"
MOBILE = "mobile"
BANK_CARD = "bank_card"

LABELS = {ID_NUMBER: "身份证号码", MOBILE: "手机号码", BANK_CARD: "银行卡号"}

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
# Digits, optionally split into groups by single spaces or hyphens (6222 0212 3456 7890 123).
_CARD_RE = re.compile(r"(?<![\d-])\d{4,19}(?:[ -]\d{1,19})*(?![\d-])")


@dataclass(frozen=True)
class Finding:
    kind: str
    value: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def masked(self) -> str:
        return mask(self.value)


def id_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def is_id_number(value: str) -> bool:
    value = value.upper()
    if len(value) != 18 or not value[:17].isdigit():
        return False
    return id_check_digit(value[:17]) == value[17]


def luhn_valid(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def find_personal_data(text: str) -> list[Finding]:
    """Every personal-data finding in `text`, in order of position."""
    if not text:
        return []
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for m in _ID_RE.finditer(text):
        if is_id_number(m.group()):
            found.append(Finding(ID_NUMBER, m.group(), m.start(), m.end()))
            taken.append(m.span())
    for m in _CARD_RE.finditer(text):
        digits = re.sub(r"[ -]", "", m.group())
        if 16 <= len(digits) <= 19 and luhn_valid(digits) and free(*m.span()):
            found.append(Finding(BANK_CARD, m.group(), m.start(), m.end()))
            taken.append(m.span())
    for m in _MOBILE_RE.finditer(text):
        if free(*m.span()):
            found.append(Finding(MOBILE, m.group(), m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def mask(value: str) -> str:
    """Show enough to find the number again, not enough to publish it: 640323********1234."""
    digits = value.replace(" ", "").replace("-", "")
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def summarize(findings: list[Finding]) -> str:
    """A short Chinese description: 身份证号码 2 处（640***…）、手机号码 1 处."""
    parts = []
    for kind in (ID_NUMBER, MOBILE, BANK_CARD):
        of_kind = [f for f in findings if f.kind == kind]
        if of_kind:
            examples = "、".join(f.masked for f in of_kind[:3])
            parts.append(f"{LABELS[kind]} {len(of_kind)} 处（{examples}）")
    return "；".join(parts)
