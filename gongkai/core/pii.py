"""Personal data in text meant for publication (个人信息检查), without Django.

Before an item is published its title, body and attachment text are searched for three kinds of
personal data that must not appear in a public notice unless a law requires it:

- 18-digit 居民身份证号码 whose check digit (GB 11643-1999, ISO 7064 MOD 11-2) is valid;
- mobile numbers (1[3-9] followed by 9 digits);
- bank card numbers: 16–19 digits, possibly in groups split by spaces or hyphens, passing Luhn.

A digit run that is part of a longer number is not reported as a shorter one, with one exception:
text extracted from a PDF table often runs a row's cells together (张某某64032319850506123613912345678450:
name, ID number, mobile, amount), so inside a longer run of digits an 18-digit window is an ID
number when its check digit, its birth date and its province code are all valid (about one
chance in 10^5 for random digits), and an 11-digit mobile number right before or after such an ID
number (or at the start of a run that follows a name) is reported too.

`find_in_pages` says on which page each finding is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

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
_RUN_RE = re.compile(r"\d[\dXx]{11,}")  # runs longer than one number, where cells ran together
_PROVINCES = {
    11,
    12,
    13,
    14,
    15,
    21,
    22,
    23,
    31,
    32,
    33,
    34,
    35,
    36,
    37,
    41,
    42,
    43,
    44,
    45,
    46,
    50,
    51,
    52,
    53,
    54,
    61,
    62,
    63,
    64,
    65,
    71,
    81,
    82,
    91,
}
_MOBILE_PREFIX = re.compile(r"1[3-9]\d{9}")


@dataclass(frozen=True)
class Finding:
    kind: str
    value: str
    start: int
    end: int
    page: int | None = None  # 1-based page of the text it was found in (find_in_pages)
    where: str = ""  # said by the caller: which attachment, which page

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
            taken.append(m.span())
    for m in _RUN_RE.finditer(text):
        for f in _in_run(text, m.start(), m.end()):
            if free(f.start, f.end):
                found.append(f)
                taken.append((f.start, f.end))
    return sorted(found, key=lambda f: f.start)


def plausible_id(value: str) -> bool:
    """A valid check digit, a province code and a real birth date from 1900 to this year."""
    if not is_id_number(value) or int(value[:2]) not in _PROVINCES:
        return False
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year <= date.today().year


def _in_run(text: str, start: int, end: int) -> list[Finding]:
    """ID numbers inside one run of digits, and the mobile numbers that touch them."""
    out: list[Finding] = []
    k = start
    while k + 18 <= end:
        window = text[k : k + 18]
        if plausible_id(window):
            out.append(Finding(ID_NUMBER, window, k, k + 18))
            k += 18
        else:
            k += 1
    ids = list(out)
    for f in ids:
        after, before = text[f.end : f.end + 11], text[f.start - 11 : f.start] if f.start - 11 >= start else ""
        if f.end + 11 <= end and _MOBILE_PREFIX.fullmatch(after):
            out.append(Finding(MOBILE, after, f.end, f.end + 11))
        elif before and _MOBILE_PREFIX.fullmatch(before):
            out.append(Finding(MOBILE, before, f.start - 11, f.start))
    if not ids and start > 0 and "\u3400" <= text[start - 1] <= "\u9fff" and _MOBILE_PREFIX.match(text, start):
        out.append(Finding(MOBILE, text[start : start + 11], start, start + 11))
    return out


def find_in_pages(pages: list[str]) -> list[Finding]:
    """Findings in text given page by page, each with its page number."""
    return [replace(f, page=number) for number, page in enumerate(pages, 1) for f in find_personal_data(page)]


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
            examples = "、".join(f.masked + (f"，{f.where}" if f.where else "") for f in of_kind[:3])
            parts.append(f"{LABELS[kind]} {len(of_kind)} 处（{examples}）")
    return "；".join(parts)
