"""Read a report from lines, whatever the source: headings, title, format, tables, prose.

Numbers are placed only where the document says where they go: a row's label names the row, or
the rows keep their order and as many unlabelled number rows sit between two labelled ones as
rows are missing there. Anything else leaves the cells None with a note for R11; a row the source
prints but that could not be placed is also listed as unread, which R11 reports as an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Iterable, Sequence

from ..formats import (
    FORMATS,
    RESULT_ROWS_PREFIXES,
    SECTIONS,
    TEXT_SECTIONS,
    Format,
    Row,
    Section,
    Table,
    format_for_year,
)
from ..labels import CN_NUM, Matcher, core, fold_radicals, nfkc, squash
from ..model import Report, UnreadableReport
from .lines import Line, RowData, number, place, split_row
from .meta import PageMeta, find_title, is_chrome
from .recover import (
    flatten,
    label_runs,
    region_text,
    rows_by_moves,
    rows_by_order,
    solve_applications,
    split_groups,
    splits,
    torn_numbers,
)

_HEADING = re.compile(rf"^#*\s*([{CN_NUM}])\s*[、.．]\s*(\S.{{1,40}})$")


@dataclass
class Heading:
    index: int  # position in the line list
    number: str
    printed: str


def find_headings(lines: list[Line]) -> dict[str, Heading]:
    """The six section headings: the best-scoring in-order choice among heading-like lines."""
    candidates = []
    for i, ln in enumerate(lines):
        if ln.cells is not None and len([c for c in ln.cells if c.strip()]) > 1:
            continue
        text = nfkc(ln.text).strip().lstrip("#").strip()
        mark = _HEADING.match(text)
        number, rest = (mark.group(1), mark.group(2)) if mark else ("", text.lstrip("#").strip())
        if re.search(r"\d", rest) or len(core(rest)) > 30:
            continue
        candidates.append((i, number, rest, ln.text.strip().lstrip("#").strip()))
    scores = [[_heading_score(s, number, rest) for s in SECTIONS] for _, number, rest, _ in candidates]
    # lines that could be no heading never enter the choice (a long text stays fast)
    kept = [k for k, row in enumerate(scores) if any(row)]
    candidates, scores = [candidates[k] for k in kept], [scores[k] for k in kept]
    # best[k][j]: total score choosing headings for SECTIONS[:k] among candidates[:j], in order
    n, m = len(candidates), len(SECTIONS)
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for k in range(1, m + 1):
        for j in range(1, n + 1):
            take = best[k - 1][j - 1] + scores[j - 1][k - 1] if scores[j - 1][k - 1] > 0 else -1.0
            best[k][j] = max(best[k][j - 1], best[k - 1][j], take)
    found: dict[str, Heading] = {}
    k, j = m, n
    while k > 0 and j > 0:
        if best[k][j] == best[k][j - 1]:
            j -= 1
        elif best[k][j] == best[k - 1][j]:
            k -= 1
        else:
            i, number, _rest, printed = candidates[j - 1]
            found[SECTIONS[k - 1].code] = Heading(i, number, printed)
            k, j = k - 1, j - 1
    return found


def _heading_score(section: Section, number: str, rest: str) -> float:
    printed = core(rest)
    if not any(core(word) in printed for word in section.keywords):
        return 0.0
    titles = [core(section.title)] + [core(v) for v in section.variants]
    similarity = max(SequenceMatcher(None, printed, t).ratio() for t in titles)
    if printed in titles:
        similarity = 1.0
    if not number and similarity < 1.0:
        return 0.0  # unnumbered lines count only when they are exactly a heading
    if similarity < 0.5:
        return 0.0
    return similarity + (0.2 if number == section.number else 0.0)


def detect_format(lines: list[Line]) -> str | None:
    """The format the tables are printed in, by words only one format prints."""
    text = "".join(squash(ln.text) for ln in lines)
    text = core(text)
    hits = {code: sum(1 for s in f.signatures if core(s) in text) for code, f in FORMATS.items()}
    if max(hits.values()) == 0:
        return None
    ranked = sorted(hits.items(), key=lambda kv: kv[1], reverse=True)
    return ranked[0][0] if ranked[0][1] > ranked[1][1] else None


@dataclass
class Item:
    row: RowData
    code: str | None
    # a lone number printed right next to the row: a page number, or a piece of the row
    beside_fragment: bool = False


@dataclass
class TableResult:
    # row → column → value; for section 二, table → row → column → value
    cells: dict[str, Any]
    provenance: dict[str, dict[str, int | str | None]]
    notes: dict[str, str]
    # rows printed in the source that could not be placed (R11 at error severity)
    unread: set[str] = field(default_factory=set)


def _where(ln: Line) -> dict[str, int | str | None]:
    return {"page": ln.page, "line": ln.line}


def _at(ln: Line) -> str:
    parts = []
    if ln.page is not None:
        parts.append(f"第{ln.page}页")
    if ln.line is not None:
        parts.append(f"第{ln.line}行")
    return "".join(parts) or "原文"


def _store(result: TableResult, table: Table, row: str, item: Item | None, ncols_note: str = "") -> None:
    """Place an item's numbers into a row, or leave the row None with the reason."""
    cols = table.column_codes
    values = place(item.row.values, len(cols), item.row.separated) if item else None
    key = f"{table.code}/{row}"
    if item is None or values is None:
        result.cells[row] = {c: None for c in cols}
        if item is None:
            result.notes[key] = ncols_note or "原文中未找到该行的数字"
            result.unread.add(key)
        else:
            n = sum(1 for v in item.row.values if v is not None)
            result.notes[key] = (
                f"{_at(item.row.line)}该行印有{n}个数字，表格有{len(cols)}列，无法确定各数字所在的列，未填入"
            )
            if not _short_row(item, len(cols)):
                result.unread.add(key)
        return
    if (item.beside_fragment or item.row.line.torn) and not _row_sum_holds(values):
        result.cells[row] = {c: None for c in cols}
        result.notes[key] = (
            f"{_at(item.row.line)}该行旁边另有单独的数字，可能是被拆开的数字的一部分，"
            "而该行各列之和与总计不符，无法确定各数字，未填入"
        )
        result.unread.add(key)
        return
    if item.row.line.scanned and table.code == "applications" and None not in values and not _row_sum_holds(values):
        _scan_misread(result, table, row, item.row.line)
        return
    result.cells[row] = dict(zip(cols, values))
    if item.row.line.unsure and None in values:
        _scan_unsure(result, table, row, item.row.line)
    for c, _v in zip(cols, values):
        result.provenance[f"{table.code}/{row}/{c}"] = _where(item.row.line)


def _scan_misread(result: TableResult, table: Table, row: str, line: Line) -> None:
    """A scanned row whose sums fail: OCR misread one of its numbers, which one is not known, so
    none of them is taken (a wrong number is worse than a blank)."""
    key = f"{table.code}/{row}"
    result.cells[row] = {c: None for c in table.column_codes}
    result.notes[key] = (
        f"{_at(line)}扫描件文字识别读出的该行数字与该行“总计”不符（某个数字识别有误），"
        "为免误读，该行未填入，请对照原件核对"
    )
    result.unread.add(key)


def _scan_unsure(result: TableResult, table: Table, row: str, line: Line) -> None:
    """A scanned row with a cell whose printed number OCR could not read with confidence: the
    cell is left blank, and said to be unread (not printed blank) so that the row is an error."""
    key = f"{table.code}/{row}"
    result.notes[key] = f"{_at(line)}扫描件中该行有数字未能识别清楚，已留空（不猜测），请对照原件核对"
    result.unread.add(key)


def _short_row(item: Item, ncols: int) -> bool:
    """A row printed whole with its label but one number short: the publication left a cell out
    (R11 warning), unlike a row the extraction broke or ran together (an error)."""
    n = sum(1 for v in item.row.values if v is not None)
    return n == ncols - 1 and n > 0 and bool(item.row.labels) and not item.beside_fragment and not item.row.line.torn


def read_simple_tables(lines: list[Line], fmt: Format) -> TableResult:
    """The tables of section 二: each row is found by its own label, wherever it is printed."""
    result = TableResult({}, {}, {})
    tables = [t for t in fmt.tables if t.section == "proactive"]
    matcher = Matcher(
        [(f"{t.code}|{r.code}", label) for t in tables for r in t.rows for label in r.labels], exact_only=True
    )
    seen: dict[str, Item] = {}
    at: dict[str, int] = {}
    for i, ln in enumerate(lines):
        rd = split_row(ln)
        if rd is None or not rd.labels:
            continue
        code = matcher.match_cells(rd.labels)
        if (
            code
            and _blank_only(rd)
            and len(rd.values) < len(next(t for t in tables if t.code == code.split("|")[0]).columns)
        ):
            continue
        if code and code not in seen:
            seen[code] = Item(rd, code)
            at[code] = i
    _garbled_labels(lines, tables, matcher, seen, at)
    for t in tables:
        out = TableResult({}, result.provenance, result.notes, result.unread)
        for r in t.rows:
            _store(out, t, r.code, seen.get(f"{t.code}|{r.code}"))
        result.cells[t.code] = out.cells
    if result.unread and not _scanned(lines):
        _recover_simple(lines, tables, matcher, result)
    return result


def _garbled_labels(
    lines: list[Line], tables: list[Table], matcher: Matcher, seen: dict[str, Item], at: dict[str, int]
) -> None:
    """Scanned rows of 二 whose label OCR garbled (规章 read as `LIX`): the row is the scanned grid
    row right above the table's next row, or right below its previous row, when it prints as
    many cells as the table has columns and its label names no row. The ruled grid keeps the
    rows in their printed order, so the position says which row it is."""
    for t in tables:
        codes = [f"{t.code}|{r.code}" for r in t.rows]
        for k, code in enumerate(codes):
            if code in seen:
                continue
            neighbours = [(codes[k + 1], -1)] if k + 1 < len(codes) else []
            neighbours += [(codes[k - 1], 1)] if k else []
            for near, step in neighbours:
                i = at.get(near, -2) + step
                if i < 0 or i >= len(lines) or not lines[i].scanned:
                    continue
                rd = split_row(lines[i])
                if (
                    rd is None
                    or _blank_only(rd)
                    or len(rd.values) != len(t.columns)
                    or (rd.labels and matcher.match_cells(rd.labels))
                ):
                    continue
                seen[code], at[code] = Item(rd, code), i
                break


def _recover_simple(lines: list[Line], tables: list[Table], matcher: Matcher, result: TableResult) -> None:
    """Rows of 二 left unread: a label on a line of its own followed by exactly its numbers on
    lines of their own (torn text), or a label followed by a run of digits that splits into the
    row's numbers one way only (cells run together)."""
    width = {f"{t.code}|{r.code}": len(t.columns) for t in tables for r in t.rows}
    table_of = {t.code: t for t in tables}
    label: str | None = None
    numbers: list[int | float | None] = []
    torn: dict[str, list[int | float | None]] = {}

    def close() -> None:
        if label and numbers and len(numbers) == width[label]:
            torn.setdefault(label, list(numbers))

    for ln in lines:
        rd = split_row(ln)
        if rd is not None and not rd.labels and not rd.separated:
            numbers.extend(number(v) for v in rd.values if v is not None)
            continue
        close()
        code = matcher.match(ln.text) if rd is None else None
        # numbers after a heading line and before this label: whose they are is not known
        stray = label is None and bool(numbers)
        label = code if code in width and not stray else None
        numbers = []
    close()
    runs = {f"{t.code}|{rr.code}": rr.run for t in tables for rr in label_runs(region_text(lines), list(t.rows))}
    for key, n in width.items():
        t_code, r_code = key.split("|")
        if f"{t_code}/{r_code}" not in result.unread:
            continue
        table = table_of[t_code]
        if key in torn:
            _fill_simple(result, table, r_code, torn[key], lines, "order")
            continue
        run = runs.get(key, "")
        found = (
            splits(run, n, total_last=False)
            if run and "." not in run
            else ([(number(run),)] if run and n == 1 and number(run) is not None else [])
        )
        if len(found) == 1:
            _fill_simple(result, table, r_code, found[0], lines, "sums")
        elif len(found) > 1:
            result.notes[f"{t_code}/{r_code}"] = (
                f"该行的数字连在一起（{run}），可拆分为不止一种结果，无法唯一确定，未填入"
            )


def _fill_simple(
    result: TableResult, table: Table, code: str, values: Sequence[int | float | None], lines: list[Line], how: str
) -> None:
    sub = TableResult(result.cells.setdefault(table.code, {}), result.provenance, result.notes, result.unread)
    _fill(sub, table, code, list(values), lines[0] if lines else None, how)


def _increasing(items: list[Item], order: dict[str, int]) -> set[int]:
    """Indices of the labelled items forming the longest run in the declared row order."""
    labelled = [(i, order[it.code]) for i, it in enumerate(items) if it.code in order]
    # patience sorting, O(n log n): a page repeating row labels thousands of times stays fast
    tails: list[int] = []  # tails[k]: index in labelled of the smallest end of a run of k+1
    parent: list[int] = []
    for k, (_, pos) in enumerate(labelled):
        j = _bisect_tails(tails, labelled, pos)
        parent.append(tails[j - 1] if j else -1)
        if j == len(tails):
            tails.append(k)
        else:
            tails[j] = k
    chain: set[int] = set()
    k = tails[-1] if tails else -1
    while k >= 0:
        chain.add(labelled[k][0])
        k = parent[k]
    return chain


def _bisect_tails(tails: list[int], labelled: list[tuple[int, int]], pos: int) -> int:
    lo, hi = 0, len(tails)
    while lo < hi:
        mid = (lo + hi) // 2
        if labelled[tails[mid]][1] < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def read_applications(lines: list[Line], fmt: Format) -> tuple[TableResult, bool]:
    """Table 三. Returns the cells and whether the （六） rows follow the other format's layout."""
    table = fmt.table("applications")
    matcher = Matcher([(r.code, label) for r in table.rows + table.alt_rows for label in r.labels])
    items: list[Item] = []
    fragment_pending = False
    for ln in lines:
        rd = split_row(ln)
        if rd is None:
            continue
        if _blank_only(rd) and (len(rd.values) < len(table.columns) or not rd.labels):
            continue  # a header row, or a row of dashes
        code = matcher.match_cells(rd.labels) if rd.labels else None
        if code is None and not rd.separated and len(rd.values) < 2:
            # a lone number in running text: a page number, a footnote mark, or a piece of a
            # number broken off a row by the extraction (the row's own sums tell which)
            if items:
                items[-1].beside_fragment = True
            fragment_pending = True
            continue
        items.append(Item(rd, code, beside_fragment=fragment_pending))
        fragment_pending = False
    layout = table.layout_of(it.code for it in items if it.code)
    if sum(1 for it in items if it.code) < 3 and table.alt_rows:
        # no row label stands alone on a line (cells run together, numbers torn away): the
        # layout is the one whose labels the text prints, or whose cell count it prints
        layout = _printed_layout(lines, table)
    uses_alt = layout != table.rows
    rows = [r.code for r in layout]
    order = {code: k for k, code in enumerate(rows)}
    anchors = _increasing(items, order)
    for i, it in enumerate(items):
        if i not in anchors:
            it.code = None
    result = TableResult({}, {}, {})
    assigned: dict[str, Item] = {}
    gap_rows: list[str] = []
    gap_items: list[Item] = []
    next_row = 0

    def close_gap() -> None:
        if gap_rows and len(gap_items) == len(gap_rows):
            assigned.update(zip(gap_rows, gap_items))
        elif gap_rows and gap_items:
            for code in gap_rows:
                result.unread.add(f"applications/{code}")
                result.notes[f"applications/{code}"] = (
                    f"这几行的标签与数字在原文中对不上（{len(gap_items)}组数字对应{len(gap_rows)}行），"
                    "无法确定各组数字属于哪一行，未填入"
                )

    for i, it in enumerate(items):
        if i in anchors and it.code is not None:  # anchors are labelled items
            pos = order[it.code]
            gap_rows.extend(rows[next_row:pos])
            close_gap()
            gap_rows, gap_items = [], []
            assigned[it.code] = it
            next_row = pos + 1
        else:
            gap_items.append(it)
    gap_rows.extend(rows[next_row:])
    close_gap()
    for code in rows:
        note = result.notes.get(f"applications/{code}", "")
        _store(result, table, code, assigned.get(code), note)
    if any(f"applications/{code}" in result.unread for code in rows) and not _scanned(lines):
        _recover_applications(lines, table, [table.row(code) for code in rows], result)
    return result, uses_alt


def _printed_layout(lines: list[Line], table: Table) -> tuple[Row, ...]:
    text = region_text(lines)
    numbers = len(torn_numbers(lines))
    best = table.rows
    for layout in (table.layout(False), table.layout(True)):
        if numbers == len(layout) * len(table.columns):
            return layout
    # the other layout only when none of the own layout's own rows is printed, even in part
    words = "".join(ch for ch in flatten(text) if ch.isalnum() and not ch.isdigit())
    own = [r for r in table.layout(False) if r not in table.layout(True)]
    if any(len(core(r.label)) >= 6 and core(r.label)[:8] in words for r in own):
        return best
    missing = {
        layout: sum(1 for rr in label_runs(text, list(layout)) if rr.at < 0)
        for layout in (table.layout(False), table.layout(True))
    }
    if missing[table.layout(True)] < missing[table.layout(False)]:
        best = table.layout(True)
    return best


def _fill(
    result: TableResult, table: Table, code: str, values: Sequence[int | float | None], where: Line | None, how: str
) -> None:
    """Put recovered numbers into a row the line reader left unread."""
    key = f"{table.code}/{code}"
    result.cells[code] = dict(zip(table.column_codes, values))
    result.unread.discard(key)
    result.notes.pop(key, None)
    for c in table.column_codes:
        result.provenance[f"{key}/{c}"] = (
            {**_where(where), "how": how} if where else {"page": None, "line": None, "how": how}
        )


def _line_of(lines: list[Line], run: str) -> Line | None:
    return next((ln for ln in lines if run and run in "".join(ln.text.split())), lines[0] if lines else None)


def _recover_applications(lines: list[Line], table: Table, layout: list[Row], result: TableResult) -> None:
    """Rows of 三 left unread: numbers torn from their labels (recovered by order when every row
    sums), or run together (recovered by the sums, only when unique)."""
    ncols = len(table.columns)
    unread = [r.code for r in layout if f"applications/{r.code}" in result.unread]
    by_order = rows_by_order(torn_numbers(lines), len(layout), ncols)
    if by_order is not None and all(
        f"applications/{r.code}" in result.unread or list(result.cells[r.code].values()) == row
        for r, row in zip(layout, by_order)
    ):
        for r, row in zip(layout, by_order):
            if r.code in unread:
                _fill(result, table, r.code, row, lines[0] if lines else None, "order")
        return
    runs = {rr.code: rr.run for rr in label_runs(region_text(lines), list(layout))}
    candidates: dict[str, list[tuple[int, ...]]] = {}
    for r in layout:
        values = list(result.cells[r.code].values())
        if r.code not in unread:
            if None not in values:
                candidates[r.code] = [tuple(values)]
        elif runs.get(r.code):
            candidates[r.code] = splits(runs[r.code], ncols, total_last=True)
    results = [r.code for r in layout if r.code.startswith(RESULT_ROWS_PREFIXES) and r.code != "total"]
    fixed, ambiguous = solve_applications(candidates, [r.code for r in layout], results)
    for code in unread:
        run = runs.get(code, "")
        if code in fixed:
            _fill(result, table, code, fixed[code], _line_of(lines, run), "sums")
        elif code in ambiguous:
            result.notes[f"applications/{code}"] = (
                f"该行的数字连在一起（{run}），按各行各列之和可拆分为不止一种结果，无法唯一确定，未填入"
            )
        elif run and len(run) > 1 and not candidates.get(code):
            result.notes[f"applications/{code}"] = f"该行的数字连在一起（{run}），按“各列之和等于总计”无法拆分，未填入"


def read_appeals(lines: list[Line], fmt: Format) -> TableResult:
    """Table 四: fifteen numbers in order, printed as one row or as three rows of five."""
    table = fmt.table("appeals")
    result = TableResult({}, {}, {})
    width = len(table.rows) * len(table.columns)
    values: list[str | None] = []
    used: list[RowData] = []
    separated = True
    fragment_before = fragment_beside = False
    for ln in lines:
        rd = split_row(ln)
        if rd is None or _blank_only(rd):
            continue
        if rd.labels and not all(_appeals_label(lbl) for lbl in rd.labels):
            if used:
                break
            fragment_before = False
            continue
        if not rd.separated and len(rd.values) < 3:
            # A short run of bare numbers: a page number, or a piece of a number row broken
            # by the extraction. Only the table's own sums can tell which.
            if used:
                fragment_beside = True
                break
            fragment_before = not rd.labels
            continue
        fragment_beside = fragment_beside or fragment_before
        fragment_before = False
        values.extend(rd.values)
        used.append(rd)
        separated = separated and rd.separated
        if len([v for v in values if v is not None]) >= width or len(values) >= width:
            fragment_beside = fragment_beside or _fragment_follows(lines, rd.line)
            break
    placed = place(values, width, separated) if values else None
    if placed is not None and fragment_beside and not _appeals_sums_hold(placed, len(table.columns)):
        placed = None
    ncols = len(table.columns)
    for k, r in enumerate(table.rows):
        if placed is None:
            result.cells[r.code] = {c: None for c in table.column_codes}
            result.unread.add(f"appeals/{r.code}")
            if values:
                n = sum(1 for v in values if v is not None)
                result.notes[f"appeals/{r.code}"] = (
                    f"{_at(used[0].line)}起印有{n}个数字，表格有{width}格，无法确定各数字所在的格，未填入"
                )
            else:
                result.notes[f"appeals/{r.code}"] = "原文中未找到行政复议、行政诉讼表的数字"
            continue
        row_values = placed[k * ncols : (k + 1) * ncols]
        if any(rd.line.scanned for rd in used) and None not in row_values and not _row_sum_holds(row_values):
            _scan_misread(result, table, r.code, used[0].line)
            continue
        result.cells[r.code] = dict(zip(table.column_codes, row_values))
        if any(rd.line.unsure for rd in used) and None in row_values:
            _scan_unsure(result, table, r.code, used[0].line)
        for c in table.column_codes:
            result.provenance[f"appeals/{r.code}/{c}"] = _where(used[0].line)
    if placed is None and not _scanned(lines):
        _recover_appeals(lines, table, result)
    return result


def _recover_appeals(lines: list[Line], table: Table, result: TableResult) -> None:
    """Table 四 not placed: its fifteen numbers torn from the labels (by order, when every row
    sums) or run together into one run (only when the sums split it one way)."""
    ncols, nrows = len(table.columns), len(table.rows)
    numbers = torn_numbers(lines)
    rows: list[Any] | None = rows_by_moves(numbers, nrows, ncols)
    how = "order"
    for r, row in zip(table.rows, rows or []):
        if row is None:
            result.notes[f"appeals/{r.code}"] = (
                f"表中数字的顺序被打乱（{' '.join(str(n) for n in numbers)}），按“四项之和等于总计”"
                "该行可排成不止一种顺序，无法唯一确定，未填入"
            )
    if rows is None:
        run = max(re.findall(r"\d+", flatten(region_text(lines))), key=len, default="")
        rows = split_groups(run, nrows, ncols) if len(run) >= nrows * ncols else []
        how = "sums"
        for r, row in zip(table.rows, rows):
            if row is None:
                result.notes[f"appeals/{r.code}"] = (
                    f"表中数字连在一起（{run}），按“四项之和等于总计”该行可拆分为不止一种结果，无法唯一确定，未填入"
                )
    for r, row in zip(table.rows, rows or []):
        if row is not None:
            _fill(result, table, r.code, list(row), _line_of(lines, run) if how == "sums" else lines[0], how)


def _scanned(lines: list[Line]) -> bool:
    """Lines read by OCR: their tables come as cells, so run-together and torn-text recovery
    (which reads digits out of running text) does not apply and would only invent splits."""
    return any(ln.scanned for ln in lines)


def _row_sum_holds(values: list[int | float | None]) -> bool:
    """The last column is the total of the others (R3 for table 三)."""
    numbers = [v for v in values if v is not None]
    return len(numbers) == len(values) and sum(numbers[:-1]) == numbers[-1]


def _fragment_follows(lines: list[Line], last: Line) -> bool:
    after = lines[lines.index(last) + 1 :] if last in lines else []
    for ln in after:
        rd = split_row(ln)
        if rd is None or _blank_only(rd):
            continue
        return not rd.labels and not rd.separated and len(rd.values) < 3
    return False


def _appeals_sums_hold(cells: list[int | float | None], ncols: int) -> bool:
    """Every row's total is the sum of its four results (R4)."""
    for k in range(0, len(cells), ncols):
        if not _row_sum_holds(cells[k : k + ncols]):
            return False
    return True


def _blank_only(rd: RowData) -> bool:
    return all(v is None for v in rd.values)


def _appeals_label(label: str) -> bool:
    c = core(label)
    return any(w in c for w in ("复议", "诉讼", "起诉", "维持", "纠正", "结果", "审结", "总计"))


def read_lines(lines: list[Line], meta: PageMeta | None = None) -> Report:
    """The report the lines print; UnreadableReport when they print none. `meta`: what a web
    page says about itself (its <title>), evidence for the agency and year after the body."""
    for ln in lines:
        ln.text = fold_radicals(ln.text)
        if ln.cells is not None:
            ln.cells = [fold_radicals(c) for c in ln.cells]
    lines = [ln for ln in lines if ln.cells is not None or not is_chrome(ln.text)]
    headings = find_headings(lines)
    first = min((h.index for h in headings.values()), default=len(lines))
    agency, year = find_title(lines, max(first, 1), meta)
    detected = detect_format(lines)
    if year is None and detected is None and len(headings) < 3:
        raise UnreadableReport("未识别出政府信息公开工作年度报告：没有找到报告标题、六部分标题或统计表")
    if year is None:
        raise UnreadableReport("无法确定报告年度：标题中没有“××××年政府信息公开工作年度报告”字样")
    fmt = FORMATS[detected] if detected else format_for_year(year)
    regions = _regions(lines, headings)
    simple = read_simple_tables(regions["proactive"], fmt)
    apps, uses_alt = read_applications(regions["applications"], fmt)
    appeals = read_appeals(regions["appeals"], fmt)
    found_any = any(key.startswith(("applications/", "appeals/")) for key in {**apps.provenance, **appeals.provenance})
    if not found_any and len(headings) < 3:
        raise UnreadableReport("未识别出政府信息公开工作年度报告：没有找到六部分标题和统计表的数字")
    if not found_any:
        raise UnreadableReport(_nothing_read(agency, year, headings, regions))
    tables = dict(simple.cells)
    tables["applications"] = apps.cells
    tables["appeals"] = appeals.cells
    report = Report(
        format=fmt.code,
        year=year,
        agency=agency,
        tables=tables,
        sections={code: _section_text(lines, headings, code) for code in TEXT_SECTIONS},
        headings={s.code: headings[s.code].printed if s.code in headings else "" for s in SECTIONS},
        provenance={**simple.provenance, **apps.provenance, **appeals.provenance},
        notes={**simple.notes, **apps.notes, **appeals.notes},
        unread=sorted(simple.unread | apps.unread | appeals.unread),
    )
    report.sections = {k: v for k, v in report.sections.items() if v}
    return report


def _nothing_read(agency: str, year: int, headings: dict[str, Heading], regions: dict[str, list[Line]]) -> str:
    """Why a report is refused although its title was found: say what was found and what not."""
    found = [f"报告标题（{agency or '未识别机关'}，{year}年度）"]
    if headings:
        printed = sorted(headings.values(), key=lambda h: h.index)
        found.append(f"{len(headings)}个部分标题（{'、'.join(h.number or h.printed for h in printed)}）")
    numbers = sum(
        1 for code in ("applications", "appeals") for ln in regions[code] for token in re.findall(r"\d+", ln.text)
    )
    what = "表中有数字，但无法确定它们所在的行和列" if numbers else "表中没有找到数字"
    return (
        f"未能读出统计表：找到了{'、'.join(found)}，但第三部分（收到和处理政府信息公开申请情况）"
        f"和第四部分（行政复议、行政诉讼情况）的统计表一个单元格也未能读出（{what}）"
    )


def _regions(lines: list[Line], headings: dict[str, Heading]) -> dict[str, list[Line]]:
    """Lines of each table section: from its heading to the next heading found."""
    starts = sorted((h.index, code) for code, h in headings.items())
    out = {}
    for code in ("proactive", "applications", "appeals"):
        if code in headings:
            begin = headings[code].index + 1
            end = next((i for i, _ in starts if i > headings[code].index), len(lines))
        else:
            # no heading: between the neighbours that were found
            order = [s.code for s in SECTIONS]
            pos = order.index(code)
            before = [headings[c].index for c in order[:pos] if c in headings]
            after = [headings[c].index for c in order[pos + 1 :] if c in headings]
            begin = max(before) + 1 if before else 0
            end = min(after) if after else len(lines)
        out[code] = lines[begin:end]
    return out


def _section_text(lines: list[Line], headings: dict[str, Heading], code: str) -> str:
    if code not in headings:
        return ""
    start = headings[code].index + 1
    end = next(
        (h.index for h in sorted(headings.values(), key=lambda h: h.index) if h.index > headings[code].index),
        len(lines),
    )
    return "\n".join(paragraphs(ln.text for ln in lines[start:end])).strip()


_PARA_END = tuple("。！？!?；;：:")
_PARA_START = re.compile(rf"^(（[{CN_NUM}\d]+）|\([{CN_NUM}\d]+\)|[{CN_NUM}]+[、是]|\d+[.、．]|#)")


def _subheading(text: str, width: float) -> bool:
    """A numbered line without a full stop that is clearly shorter than the lines of the text
    (“（一）聚焦组织领导，明确责任分工”) is a subheading, not the first line of a wrapped paragraph
    (which runs the full width) nor a heading run into its paragraph (“（二）依申请公开情况。定期…”)."""
    return (
        bool(_PARA_START.match(text))
        and not text.endswith(_PARA_END)
        and "。" not in text
        and len(text) <= min(50, 0.75 * width)
    )


def _line_width(texts: list[str]) -> float:
    """The width of the text's lines: the upper quartile of their lengths (a few long joined lines
    or many short headings do not move it)."""
    lengths = sorted(len(text) for text in texts)
    return lengths[(3 * len(lengths)) // 4] if lengths else 0


def paragraphs(lines: Iterable[str]) -> list[str]:
    """Rejoin lines a PDF or text extraction broke inside paragraphs; a subheading stays a
    paragraph of its own (the text under it starts the next one)."""
    texts = [text.strip() for text in lines if text.strip()]
    width = _line_width(texts)
    out: list[list[str]] = []  # pieces joined once: a paragraph of many lines is not quadratic
    after_heading = False
    for text in texts:
        heading = _subheading(text, width)
        if (
            out
            and not heading
            and not after_heading
            and not out[-1][-1].endswith(_PARA_END)
            and not _PARA_START.match(text)
        ):
            out[-1].append(text)
        else:
            out.append([text])
        after_heading = heading
    return ["".join(p) for p in out]
