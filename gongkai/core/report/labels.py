"""Label normalisation and matching, driven by the format declarations.

Published labels differ from the national ones in bracket width, numbering (1. / 1、 / （一）),
spaces and line breaks inside a label, a label split over cells, OCR slips, and declared variants
(商业机构 for 商业企业, 规范性文件 for 行政规范性文件). Matching compares the "core" of a
label: its words without numbering or punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .radicals import RADICALS
from difflib import SequenceMatcher

CN_NUM = "一二三四五六七八九十"
# Every regex run on input text is linear: a run of digits or numerals is tried from its first
# character only (the lookbehinds), so a 100 KB run of digits is one pass, not one pass per digit.
_NUMBERING = re.compile(
    rf"\([{CN_NUM}]+\)|(?<![{CN_NUM}])[{CN_NUM}]+、|(?<!\d)\d+\s*+[.、]"
    rf"|第[{CN_NUM}]+[部分]*[、.]"
)
_NOT_WORD = re.compile(r"[^\w]|_")


def fold_radicals(text: str) -> str:
    """Radical characters as the ideographs they stand for (⻚ → 页, ⺠ → 民): NFKC folds only the
    Kangxi Radicals block, not the CJK Radicals Supplement that PDF printing leaves in text."""
    return text.translate(RADICALS)


def nfkc(text: str) -> str:
    # NFKC folds full-width brackets, digits and punctuation; the minus signs are not folded.
    if text.isascii():  # NFKC leaves ASCII as it is: most cells are plain digits
        return text
    if len(text) <= 200:  # a report's short lines and cells are folded again by every rule that reads them
        return _nfkc_short(text)
    return _nfkc(text)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text.translate(RADICALS)).replace("\u2212", "-").replace("\u2013", "-")


_nfkc_short = lru_cache(maxsize=8192)(_nfkc)


@lru_cache(maxsize=4096)  # the declared labels are folded again for every line compared
def core(label: str) -> str:
    """The words of a label: no numbering, no brackets, no punctuation, no spaces."""
    text = _NUMBERING.sub("", nfkc(label))
    return _NOT_WORD.sub("", text)


def squash(text: str) -> str:
    """Text without whitespace, for finding phrases across line breaks."""
    return "".join(nfkc(text).split())


class Matcher:
    """Finds which declared row a printed label names.

    Exact core equality wins; then a declared label contained in the printed one (the printed
    one carries group labels or vertical-text debris; the longest contained label wins); then a
    printed fragment of at least four characters contained in exactly one declared label (a label
    broken over lines); then a close spelling (OCR, dropped characters). Anything ambiguous is
    no match: the caller then places the numbers by position, or not at all.
    """

    def __init__(self, labels: list[tuple[str, str]], exact_only: bool = False):
        # labels: (code, printed label); several labels may share a code (variants).
        self.entries = [(code, core(label)) for code, label in labels]
        self.exact_only = exact_only

    def match(self, label: str) -> str | None:
        printed = core(label)
        if not printed:
            return None
        exact = {code for code, c in self.entries if c == printed}
        if exact:
            return exact.pop() if len(exact) == 1 else None
        if self.exact_only:
            return None
        contained = [(len(c), code) for code, c in self.entries if len(c) >= 4 and c in printed]
        if contained:
            contained.sort(reverse=True)
            longest = [code for n, code in contained if n == contained[0][0]]
            return longest[0] if len(set(longest)) == 1 else None
        if len(printed) >= 4:
            holders = {code for code, c in self.entries if printed in c}
            if holders:
                return holders.pop() if len(holders) == 1 else None
        scored = sorted(((SequenceMatcher(None, printed, c).ratio(), code) for code, c in self.entries), reverse=True)
        if scored and scored[0][0] >= 0.8:
            runner_up = next((s for s, code in scored[1:] if code != scored[0][1]), 0.0)
            if scored[0][0] - runner_up >= 0.1:
                return scored[0][1]
        return None

    def match_cells(self, cells: list[str]) -> str | None:
        """Match the most specific label first: the rightmost cell, then more cells leftwards."""
        # a label is at most a few cells wide (group, subgroup, row): bounded work on wide rows
        for k in range(1, min(len(cells), 6) + 1):
            code = self.match("".join(cells[-k:]))
            if code is not None:
                return code
        return None
