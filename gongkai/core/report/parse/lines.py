"""The one shape every input is brought to before it is read: a sequence of lines.

A line is either plain text (PDF text, OCR, copy-paste) or a row of cells (a grid row of an HTML,
DOCX or PDF table, a tab- or bar-separated row). Cells keep blanks, so a blank cell stays a blank
at its position; plain text has no cells, so a missing number there cannot be placed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..labels import nfkc

BLANK = None  # a value cell that exists and is empty


@dataclass
class Line:
    text: str
    cells: list[str] | None = None  # None: plain text, split on whitespace
    page: int | None = None
    line: int | None = None
    # a row that lost one of its outer bars: its cells may have shifted, so blanks mean nothing
    torn: bool = False
    # read by OCR from a scan: a number in it may be misread, so the table's sums must confirm it
    scanned: bool = False
    # a scanned row with a cell OCR saw printed but could not read with confidence (left blank)
    unsure: bool = False


@dataclass
class RowData:
    labels: list[str]
    values: list["str | None"]  # numeric strings or BLANK, after the last label cell
    separated: bool  # True: cells known (blanks meaningful); False: whitespace tokens
    line: Line


# Possessive spaces: a cell of one number and a long run of spaces is one pass, not quadratic.
_NUMBER = re.compile(
    r"^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*+(?:万元|元|件|个|项|条|次|起)?\s*+(?:\([^()]*\))?$"
)
MAX_DIGITS = 15  # a longer run of digits is no cell (cells are at most 10^12): numbers run together
_BLANKISH = {"", "-", "--", "—", "——", "/", "\\", "无", "空"}
_PAGE_MARK = re.compile(
    r"^(?:[-—–－_\s]++\d++[-—–－_\s]++|第\s*+\d++\s*+页(?:\s*+[,/，]?\s*+共\s*+\d++\s*+页)?"
    r"|\d++\s*+/\s*+\d++)$"
)
_MD_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def number(text: str) -> int | float | None:
    """The number a cell or token prints, or None when it is not a number."""
    m = _NUMBER.match(nfkc(text).strip())
    if not m:
        return None
    digits = m.group(1).replace(",", "")
    if len(digits.lstrip("+-").split(".")[0]) > MAX_DIGITS:
        return None
    return float(digits) if "." in digits else int(digits)


def is_number(text: str) -> bool:
    return number(text) is not None


def is_page_mark(text: str) -> bool:
    return bool(_PAGE_MARK.match(nfkc(text).strip()))


def text_lines(text: str) -> list[Line]:
    """Lines of a text extraction; tab- and bar-separated rows become cells."""
    out, bars = [], []
    for i, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or is_page_mark(stripped) or _MD_RULE.match(stripped):
            continue
        cells, ends = None, None
        if "\t" in raw:
            cells = [c.strip() for c in raw.rstrip("\r\n").split("\t")]
        elif "|" in stripped:
            body = stripped
            ends = (body.startswith("|"), body.endswith("|") and len(body) > 1)
            if all(ends):
                body = body[1:-1]  # markdown: outer bars are not cells
            cells = [c.strip() for c in body.split("|")]
        out.append(Line(text=stripped, cells=cells, line=i))
        bars.append(ends)
    _mark_torn(out, bars)
    return out


def _mark_torn(lines: list[Line], bars: list[tuple[bool, bool] | None]) -> None:
    """In a text whose table rows open and close with a bar, a row missing one of them was torn."""
    framed = [b for b in bars if b is not None]
    if not framed or sum(1 for b in framed if b == (True, True)) * 2 <= len(framed):
        return
    for line, ends in zip(lines, bars):
        line.torn = ends is not None and ends[0] != ends[1]


def split_row(line: Line) -> RowData | None:
    """Labels and value cells of a line that prints numbers; None when it prints none."""
    if line.cells is not None:
        return _split_cells(line)
    tokens = line.text.split()
    trailing = 0
    while trailing < len(tokens) and is_number(tokens[len(tokens) - 1 - trailing]):
        trailing += 1
    if trailing:
        values: list[str | None] = [*tokens[len(tokens) - trailing :]]
        return RowData(tokens[: len(tokens) - trailing], values, False, line)
    leading = 0
    while leading < len(tokens) and is_number(tokens[leading]):
        leading += 1
    # numbers before a label: only a run of two or more is a row, a single number is debris
    if leading >= 2:
        values = [*tokens[:leading]]
        return RowData(tokens[leading:], values, False, line)
    return None


def _split_cells(line: Line) -> RowData | None:
    cells = line.cells or []
    kinds = []
    for c in cells:
        if is_number(c):
            kinds.append("n")
        elif nfkc(c).strip() in _BLANKISH:
            kinds.append("b")
        else:
            kinds.append("l")
    if "n" not in kinds:
        # a labelled row of blank cells is a row the publication left empty
        trailing = len(kinds) - 1 - max((i for i, k in enumerate(kinds) if k == "l"), default=len(kinds) - 1)
        if "l" in kinds and trailing >= 1:
            return RowData([c for c, k in zip(cells, kinds) if k == "l"], [BLANK] * trailing, True, line)
        return None
    last_label = max((i for i, k in enumerate(kinds) if k == "l"), default=-1)
    labels = [c for c, k in zip(cells, kinds) if k == "l"]
    if last_label > 0 and "n" in kinds[:last_label]:
        # numbers on both sides of a label: which cells are values is unclear
        return RowData(labels, [], True, line)
    values = [c if k == "n" else BLANK for c, k in zip(cells[last_label + 1 :], kinds[last_label + 1 :])]
    return RowData(labels, values, not line.torn, line)


def place(values: list["str | None"], ncols: int, separated: bool) -> list[int | float | None] | None:
    """The row's numbers by column, or None when they cannot be placed without guessing.

    Separated cells: as many numbers as columns fill the columns in order (extra blanks are
    padding of a wider grid); otherwise as many cells as columns are positional, blanks staying
    blank; surplus blanks on one side only are padding. Plain text has no blanks, so it places
    only a full row.
    """
    if not values:
        return None
    nums = [v for v in values if v is not BLANK]
    if len(nums) == ncols:
        return [number(v) for v in nums]
    if not separated:
        return None
    if not nums and len(values) >= ncols:
        return [None] * ncols  # a row of blank cells (and blank padding of a wider grid)
    cells = list(values)
    excess = len(cells) - ncols
    if excess > 0:
        lead = next((i for i, v in enumerate(cells) if v is not BLANK), len(cells))
        trail = next((i for i, v in enumerate(reversed(cells)) if v is not BLANK), len(cells))
        if lead >= excess and trail == 0:
            cells = cells[excess:]
        elif trail >= excess and lead == 0:
            cells = cells[:ncols]
        else:
            return None
    if len(cells) != ncols:
        return None
    return [None if v is BLANK else number(v) for v in cells]
