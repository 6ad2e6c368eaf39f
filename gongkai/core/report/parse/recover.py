"""Numbers the line reader could not place, recovered from the table's own sums.

Two kinds of damage leave a table printed but unplaced:

- cells run together: `一、本年新收政府信息公开申请数量801000081二、上年结转…`. Each row's run of
  digits is found after the row's own label (labels are found by their words, in the declared
  order, so a label that starts with a number — `2.其他法律…` — does not feed its digits to the
  run before it). The splits of a run that satisfy the row's own sum (six applicant columns = the
  total; four results = the total in 四) are enumerated; then only the combinations of rows that
  satisfy R1 and R2 across table 三 are kept. A row is filled only when every surviving
  combination gives it the same numbers; otherwise it stays blank and R11 says it is ambiguous.
- torn text (plain pdftotext): the numbers of the rows come on lines of their own, before or
  after the labels. When the table prints exactly as many numbers as it has cells and every row
  of them satisfies its own sum, the order is recovered: the numbers fill the rows in order.

Every function here is bounded: runs longer than MAX_RUN digits are not split, and the search
across rows stops after MAX_COMBINATIONS combinations (the rows are then ambiguous).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..formats import CARRIED_FORWARD, CARRIED_OVER, NEW, TOTAL, Row
from ..labels import core, nfkc
from .lines import Line, number, split_row

MAX_RUN = 40  # digits in one row's run (seven numbers of up to five digits, with room)
MAX_CELL_DIGITS = 13
MAX_COMBINATIONS = 200_000


@dataclass
class RowRun:
    code: str
    run: str  # the digits printed after the row's label ("" when none)
    at: int  # position in the flattened text, for the message


def _projection(text: str) -> tuple[str, list[int]]:
    """The word characters of a text, and where each sits in the text."""
    chars, where = [], []
    for i, ch in enumerate(text):
        if ch.isalnum():
            chars.append(ch)
            where.append(i)
    return "".join(chars), where


_NUMBERING_OF = re.compile(r"^\s*(\d{1,2})\s*[.、．]")


_SPACE_NOT_BETWEEN_DIGITS = re.compile(r"(?<!\d)\s+|\s+(?!\d)")


def flatten(text: str) -> str:
    """The text without line breaks and spaces, except between two digits: numbers printed
    apart are never joined into one run."""
    return _SPACE_NOT_BETWEEN_DIGITS.sub("", nfkc(text))


def label_runs(text: str, rows: list[Row]) -> list[RowRun]:
    """Each row's run of digits in a flattened text, its label found by its words, in order."""
    flat = flatten(text)
    words, where = _projection(flat)
    out: list[RowRun] = []
    cursor = 0
    for k, row in enumerate(rows):
        found = None
        for label in row.labels:
            key = core(label)
            if not key:
                continue
            pos = words.find(key, cursor)
            if pos >= 0 and (found is None or pos < found[0]):
                found = (pos, pos + len(key))
        if found is None:
            out.append(RowRun(row.code, "", -1))
            continue
        cursor = found[1]
        end = where[found[1] - 1] + 1  # the label's end in the flat text
        while end < len(flat) and not flat[end].isalnum():  # closing brackets and quotes
            end += 1
        m = re.match(r"[\d,.]*", flat[end : end + MAX_RUN * 2])
        run = m.group(0) if m else ""
        after = flat[end + len(run) : end + len(run) + 1]
        if after.isspace():
            # more digits after a space or a line break: the run was broken, its parts unknown
            out.append(RowRun(row.code, "", end))
            continue
        if k + 1 < len(rows):
            # the next label's own number ("2." of 2.其他法律…) is not part of this run
            mark = _NUMBERING_OF.match(nfkc(rows[k + 1].label))
            if mark:
                printed = run.rstrip(".、．")
                if (printed != run or after in ".、．") and printed.endswith(mark.group(1)):
                    run = printed[: -len(mark.group(1))]
        out.append(RowRun(row.code, run.rstrip(".,"), end))
    return out


def splits(run: str, count: int, total_last: bool) -> list[tuple[int, ...]]:
    """Every way to read `run` as `count` whole numbers (no leading zeros); with total_last,
    only those whose last number is the sum of the others. Bounded by MAX_RUN."""
    if not run.isdigit() or len(run) > MAX_RUN or len(run) < count:
        return []
    if not total_last:
        return [tuple(p) for p in _parts(run, count, None)]
    out = []
    for k in range(1, min(MAX_CELL_DIGITS, len(run) - count + 1) + 1):
        last = run[-k:]
        if len(last) > 1 and last[0] == "0":
            continue
        total = int(last)
        for parts in _parts(run[:-k], count - 1, total):
            out.append((*parts, total))
    return out


@lru_cache(maxsize=4096)
def _parts(run: str, count: int, target: int | None) -> tuple[tuple[int, ...], ...]:
    """Splits of run into count numbers, summing to target when it is given."""
    if count == 0:
        return ((),) if not run and (target in (None, 0)) else ()
    if len(run) < count:
        return ()
    out = []
    longest = 1 if run[0] == "0" else min(MAX_CELL_DIGITS, len(run) - count + 1)
    for k in range(1, longest + 1):
        value = int(run[:k])
        if target is not None and value > target:
            break
        rest = None if target is None else target - value
        for tail in _parts(run[k:], count - 1, rest):
            out.append((value, *tail))
            if len(out) > 5000:
                return tuple(out)
    return tuple(out)


def solve_applications(
    candidates: dict[str, list[tuple[int, ...]]], layout: list[str], results: list[str]
) -> tuple[dict[str, tuple[int, ...]], set[str]]:
    """The rows fixed by R1 and R2 across the table: (values of the determined rows, rows that
    stay ambiguous). A row with no candidate is neither."""
    rows = [r for r in layout if candidates.get(r)]
    ambiguous = [r for r in rows if len(candidates[r]) > 1]
    fixed = {r: candidates[r][0] for r in rows if len(candidates[r]) == 1}
    if not ambiguous:
        return fixed, set()
    size = 1
    for r in ambiguous:
        size *= len(candidates[r])
    if size > MAX_COMBINATIONS:
        return fixed, set(ambiguous)
    survivors: list[dict[str, tuple[int, ...]]] = []

    def holds(values: dict[str, tuple[int, ...]]) -> bool:
        ncols = len(next(iter(values.values())))
        need = (NEW, CARRIED_OVER, TOTAL, CARRIED_FORWARD)
        for c in range(ncols):
            if all(r in values for r in need):
                if values[NEW][c] + values[CARRIED_OVER][c] != values[TOTAL][c] + values[CARRIED_FORWARD][c]:
                    return False
            if TOTAL in values and all(r in values for r in results):
                if sum(values[r][c] for r in results) != values[TOTAL][c]:
                    return False
        return True

    def walk(k: int, chosen: dict[str, tuple[int, ...]]) -> None:
        if len(survivors) > 1000:
            return
        if k == len(ambiguous):
            if holds(chosen):
                survivors.append(dict(chosen))
            return
        for cand in candidates[ambiguous[k]]:
            chosen[ambiguous[k]] = cand
            walk(k + 1, chosen)
        del chosen[ambiguous[k]]

    walk(0, dict(fixed))
    still = set()
    for r in ambiguous:
        values = {s[r] for s in survivors}
        if len(values) == 1:
            fixed[r] = values.pop()
        else:
            still.add(r)
    return fixed, still


def split_groups(run: str, groups: int, size: int) -> list[tuple[int, ...] | None]:
    """A run of `groups` rows of `size` numbers each, every row's last number the sum of the
    others (table 四 printed as one run): each row's numbers when every way to split the run
    gives that row the same numbers, else None; [] when the run does not split at all."""
    if not run.isdigit() or len(run) > MAX_RUN * 3:
        return []
    solutions: list[tuple[tuple[int, ...], ...]] = []

    def walk(rest: str, g: int, acc: tuple[tuple[int, ...], ...]) -> None:
        if len(solutions) > 1000:
            return
        if g == groups:
            if not rest:
                solutions.append(acc)
            return
        for k in range(size, min(MAX_RUN, len(rest)) + 1):
            for row in splits(rest[:k], size, True):
                walk(rest[k:], g + 1, acc + (row,))

    walk(run, 0, ())
    if not solutions or len(solutions) > 1000:
        return [None] * groups if solutions else []
    return [rows.pop() if len(rows := {s[g] for s in solutions}) == 1 else None for g in range(groups)]


def torn_numbers(lines: list[Line]) -> list[int | float]:
    """Every number a table region prints, in reading order, wherever its label is."""
    out: list[int | float] = []
    for ln in lines:
        rd = split_row(ln)
        if rd is None:
            continue
        for v in rd.values:
            if v is not None:
                n = number(v)
                if n is not None:
                    out.append(n)
    return out


def rows_by_order(numbers: list[int | float], nrows: int, ncols: int) -> list[list[int | float]] | None:
    """The numbers as nrows rows of ncols when there are exactly that many and every row's last
    number is the sum of the others; None otherwise."""
    if len(numbers) != nrows * ncols:
        return None
    rows = [numbers[k * ncols : (k + 1) * ncols] for k in range(nrows)]
    if all(sum(r[:-1]) == r[-1] for r in rows):
        return rows
    return None


def rows_by_moves(numbers: list[int | float], nrows: int, ncols: int) -> list[list[int | float] | None] | None:
    """The numbers of a table torn out of order (a viewer or pdftotext that reads one cell out of
    its place, or reads the table column by column): every reading order of the numbers that
    differs from the printed one by one number moved, or by reading columns for rows, is tried,
    and those in which every row's last number is the sum of the others survive. A row is given
    only when every survivor gives it the same numbers (None when they differ); None when no
    order makes the sums hold or the count is not nrows × ncols. The printed order, when its
    sums hold, is taken as it is (a move inside a row would keep the sums and say nothing)."""
    size = nrows * ncols
    printed = rows_by_order(numbers, nrows, ncols)
    if printed is not None or len(numbers) != size:
        return list(printed) if printed is not None else None
    orders = {tuple(numbers[c * nrows + r] for r in range(nrows) for c in range(ncols))}
    for i in range(size):
        rest = numbers[:i] + numbers[i + 1 :]
        for j in range(size):
            if j != i:
                orders.add(tuple(rest[:j] + [numbers[i]] + rest[j:]))
    survivors = []
    for order in orders:
        rows = [order[k * ncols : (k + 1) * ncols] for k in range(nrows)]
        if all(sum(row[:-1]) == row[-1] for row in rows):
            survivors.append(rows)
    if not survivors:
        return None
    return [list(found.pop()) if len(found := {s[k] for s in survivors}) == 1 else None for k in range(nrows)]


def region_text(lines: list[Line]) -> str:
    return "\n".join(ln.text for ln in lines)
