"""The consistency rules R1–R11 of LAW.md and R12 (template prompts left in the prose), run on a Report value.

A blank (None) cell is an unknown number ≥ 0: an equation with blanks is still checked as far as
the known cells allow, and when the known cells force the blanks' value the finding says so as a
warning, without touching the cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import formats
from .formats import PROMPT_RULE, PROMPT_RULE_LABEL, RESULT_ROWS_PREFIXES, SECTIONS, Format, Section, format_for_year
from .labels import core, squash
from .model import DECODE_NOTE, Finding, Number, Report

TOWNSHIP_LEVELS = {"township", "town", "street", "乡", "镇", "乡镇", "街道", "乡镇街道"}
_EPS = 1e-6


def validate(report: Report, previous: Report | None = None, level: str | None = None) -> list[Finding]:
    """Every finding on the report, errors and warnings, in rule order."""
    spec = report.spec
    out: list[Finding] = []
    out += _r1(report, spec)
    out += _r2(report, spec)
    out += _r3(report, spec)
    out += _r4(report, spec)
    if previous is not None:
        out += _r5(report, previous)
    out += _r6(report, spec)
    out += _r7(report)
    out += _r8(report, spec)
    out += _r9(report)
    if is_township(report.agency, level):
        out += _r10(report, spec)
    out += _r11(report, spec)
    out += _prompts(report)
    if report.notes.get(DECODE_NOTE):
        out.append(Finding("decode", "warning", "input", report.notes[DECODE_NOTE]))
    return out


def is_township(agency: str, level: str | None = None) -> bool:
    """乡、镇、街道: by the level given, else by the agency's name."""
    if level:
        return level.strip().lower() in TOWNSHIP_LEVELS
    name = re.sub(r"(人民政府|政府|办事处|党政办公室|党政办|党委)$", "", agency.strip())
    return name.endswith(("乡", "镇", "街道"))


# ---- names used in messages ----


def _row_label(spec: Format, table: str, row: str) -> str:
    try:
        return spec.table(table).row(row).label
    except KeyError:
        return row


def _col_label(spec: Format, table: str, col: str) -> str:
    try:
        return spec.table(table).column(col).label
    except KeyError:
        return col


def _fmt(v: float | int | None) -> str:
    if v is None:
        return "空白"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


# ---- equations with unknowns ----


@dataclass
class Term:
    path: str  # table/row/col
    name: str
    value: float | int | None


def _equation(rule: str, where: str, title: str, lhs: list[Term], rhs: list[Term]) -> list[Finding]:
    """Check sum(lhs) == sum(rhs); blanks are unknowns ≥ 0."""

    def side(terms: list[Term]) -> str:
        return " + ".join(f"{t.name}（{_fmt(t.value)}）" for t in terms)

    def said() -> str:
        # Only for a finding: a county's roll-up checks some 12,000 equations that hold.
        if len(lhs) + len(rhs) <= 8:
            return f"{title}：{side(lhs)} 应等于 {side(rhs)}"
        return f"{title}：{side(lhs)} 应等于{'、'.join(t.name for t in rhs[:2])}……{rhs[-1].name}等{len(rhs)}行之和"

    known_l = sum(t.value for t in lhs if t.value is not None)
    known_r = sum(t.value for t in rhs if t.value is not None)
    blank_l = [t for t in lhs if t.value is None]
    blank_r = [t for t in rhs if t.value is None]
    if not blank_l and not blank_r:
        if abs(known_l - known_r) > _EPS:
            return [Finding(rule, "error", where, f"{said()}，但前者为{_fmt(known_l)}，后者为{_fmt(known_r)}")]
        return []
    if blank_l and blank_r:
        return []
    blanks, rest = (blank_l, known_r - known_l) if blank_l else (blank_r, known_l - known_r)
    names = "、".join(t.name for t in blanks)
    if rest < -_EPS:
        return [
            Finding(rule, "error", where, f"{said()}；即使空白单元格（{names}）按0计，两边也不相等（差{_fmt(-rest)}）")
        ]
    if abs(rest) <= _EPS:
        return [
            Finding(rule, "warning", blanks[0].path, f"{said()}；按此关系，空白单元格（{names}）只能为0（表格未改动）")
        ]
    if len(blanks) == 1:
        return [
            Finding(
                rule,
                "warning",
                blanks[0].path,
                f"{said()}；按此关系，空白单元格（{names}）应为{_fmt(rest)}（表格未改动）",
            )
        ]
    return []


_A = formats.APPLICATIONS


def _apps(report: Report) -> dict[str, dict[str, Number | None]]:
    return report.tables.get(_A) or {}


def _result_rows(rows: dict[str, dict[str, Number | None]]) -> list[str]:
    return [r for r in rows if r.startswith(RESULT_ROWS_PREFIXES) and r != formats.TOTAL]


def _r1(report: Report, spec: Format) -> list[Finding]:
    rows = _apps(report)
    need = (formats.NEW, formats.CARRIED_OVER, formats.TOTAL, formats.CARRIED_FORWARD)
    if not all(r in rows for r in need):
        return []
    out = []
    for col in spec.table(_A).column_codes:

        def term(r: str, col: str = col) -> Term:
            return Term(f"{_A}/{r}/{col}", _row_label(spec, _A, r), rows[r].get(col))

        out += _equation(
            "R1",
            f"{_A}/{formats.TOTAL}/{col}",
            f"“{_col_label(spec, _A, col)}”列",
            [term(formats.NEW), term(formats.CARRIED_OVER)],
            [term(formats.TOTAL), term(formats.CARRIED_FORWARD)],
        )
    return out


def _r2(report: Report, spec: Format) -> list[Finding]:
    rows = _apps(report)
    results = _result_rows(rows)
    if formats.TOTAL not in rows or not results:
        return []
    out = []
    total = _row_label(spec, _A, formats.TOTAL)
    for col in spec.table(_A).column_codes:
        lhs = [Term(f"{_A}/{formats.TOTAL}/{col}", total, rows[formats.TOTAL].get(col))]
        rhs = [Term(f"{_A}/{r}/{col}", _row_label(spec, _A, r), rows[r].get(col)) for r in results]
        out += _equation("R2", f"{_A}/{formats.TOTAL}/{col}", f"“{_col_label(spec, _A, col)}”列{total}", lhs, rhs)
    return out


def _r3(report: Report, spec: Format) -> list[Finding]:
    out = []
    cols = [c for c in spec.table(_A).column_codes if c != formats.TOTAL]
    total = _col_label(spec, _A, formats.TOTAL)
    for row, cells in _apps(report).items():
        lhs = [Term(f"{_A}/{row}/{formats.TOTAL}", total, cells.get(formats.TOTAL))]
        rhs = [Term(f"{_A}/{row}/{c}", _col_label(spec, _A, c), cells.get(c)) for c in cols]
        out += _equation("R3", f"{_A}/{row}/{formats.TOTAL}", f"“{_row_label(spec, _A, row)}”行", lhs, rhs)
    return out


def _appeal_name(spec: Format, row: str) -> str:
    """行政复议, or 行政诉讼（复议后起诉） for a row printed under a group."""
    try:
        declared = spec.table(formats.APPEALS_TABLE).row(row)
    except KeyError:
        return row
    return f"{declared.groups[-1]}（{declared.label}）" if declared.groups else declared.label


def _r4(report: Report, spec: Format) -> list[Finding]:
    out = []
    appeals = spec.table(formats.APPEALS_TABLE)
    parts = [c for c in appeals.column_codes if c != formats.TOTAL]
    total = _col_label(spec, formats.APPEALS_TABLE, formats.TOTAL)
    for row, cells in (report.tables.get(formats.APPEALS_TABLE) or {}).items():
        name = _appeal_name(spec, row)
        lhs = [Term(f"{formats.APPEALS_TABLE}/{row}/{formats.TOTAL}", total, cells.get(formats.TOTAL))]
        rhs = [
            Term(f"{formats.APPEALS_TABLE}/{row}/{c}", _col_label(spec, formats.APPEALS_TABLE, c), cells.get(c))
            for c in parts
        ]
        out += _equation("R4", f"{formats.APPEALS_TABLE}/{row}/{formats.TOTAL}", f"“{name}”", lhs, rhs)
    return out


def _r5(report: Report, previous: Report) -> list[Finding]:
    spec = report.spec
    now = _apps(report).get(formats.CARRIED_OVER) or {}
    before = (previous.tables.get(_A) or {}).get(formats.CARRIED_FORWARD) or {}
    out = []
    for col in spec.table(_A).column_codes:
        a, b = now.get(col), before.get(col)
        if a is None or b is None or abs(a - b) <= _EPS:
            continue
        out.append(
            Finding(
                "R5",
                "error",
                f"{_A}/{formats.CARRIED_OVER}/{col}",
                f"“{_col_label(spec, _A, col)}”列：本年“{_row_label(spec, _A, formats.CARRIED_OVER)}”为{_fmt(a)}，"
                f"但{previous.year}年度报告“{_row_label(previous.spec, _A, formats.CARRIED_FORWARD)}”为{_fmt(b)}",
            )
        )
    return out


def _r6(report: Report, spec: Format) -> list[Finding]:
    out = []
    for t in spec.tables:
        for row, cells in (report.tables.get(t.code) or {}).items():
            for col, v in cells.items():
                if v is None:
                    continue
                try:
                    c = t.column(col)
                except KeyError:
                    continue
                if not c.money and not float(v).is_integer():
                    problem = "件数应为整数"
                elif v < 0 and not c.signed:
                    problem = "不能为负数"
                else:
                    continue
                name = f"“{_row_label(spec, t.code, row)}”行“{c.label}”列"
                out.append(Finding("R6", "error", f"{t.code}/{row}/{col}", f"{name}为{_fmt(v)}，{problem}"))
        out += _r6_listing(report, t)
    return out


def _r6_listing(report: Report, t: formats.Table) -> list[Finding]:
    """2019 format: 上一年项目数量 + 本年增/减 is this year's number of list items, never < 0."""
    by_measure = {c.measure: c for c in t.columns}
    before, change = by_measure.get(formats.MEASURE_LISTED_BEFORE), by_measure.get(formats.MEASURE_LISTED_CHANGE)
    if before is None or change is None:
        return []
    out = []
    for row, cells in (report.tables.get(t.code) or {}).items():
        a, b = cells.get(before.code), cells.get(change.code)
        if a is not None and b is not None and a + b < 0:
            out.append(
                Finding(
                    "R6",
                    "error",
                    f"{t.code}/{row}/{change.code}",
                    f"“{_row_label(report.spec, t.code, row)}”行：{before.label}（{_fmt(a)}）加{change.label}"
                    f"（{_fmt(b)}）为{_fmt(a + b)}，项目数量不能为负",
                )
            )
    return out


def _r7(report: Report) -> list[Finding]:
    if not report.headings:
        return []  # built from data: the renderer prints the national headings
    out = []
    for s in SECTIONS:
        printed = report.headings.get(s.code, "")
        where = f"section/{s.code}"
        if not printed:
            out.append(
                Finding(
                    "R7",
                    "warning",
                    where,
                    f"未找到第{s.number}部分标题“{s.heading}”（缺少该部分，或标题未按全国格式印出）",
                )
            )
            continue
        if core(printed) != core(s.title):
            out.append(Finding("R7", "warning", where, f"第{s.number}部分标题印为“{printed}”，全国格式为“{s.heading}”"))
        elif not squash(printed).startswith(s.number):
            out.append(
                Finding(
                    "R7", "warning", where, f"第{s.number}部分标题编号不规范：印为“{printed}”，全国格式为“{s.heading}”"
                )
            )
    return out


def _r8(report: Report, spec: Format) -> list[Finding]:
    out = []
    required = format_for_year(report.year)
    if required.code != spec.code:
        out.append(
            Finding(
                "R8",
                "error",
                "format",
                f"{report.year}年度报告应使用{required.code}年格式（{required.name}），"
                f"本报告使用{spec.code}年格式（{spec.name}）",
            )
        )
    table = spec.table(_A)
    alt = [r for r in table.alt_rows if r.code in _apps(report)]
    if alt:
        own = [r for r in table.rows if r.stem == alt[0].stem]
        group = own[0].groups[-1] if own[0].code != own[0].stem else own[0].label
        out.append(
            Finding(
                "R8",
                "error",
                f"{_A}/{alt[0].code}",
                f"{spec.code}年格式中“{group}”应分{len(own)}行印出"
                f"（{'、'.join(r.label for r in own)}），本报告印为{len(alt)}行，与格式不符",
            )
        )
    return out


def _r10(report: Report, spec: Format) -> list[Finding]:
    cells = (report.tables.get(formats.DOCUMENTS_TABLE) or {}).get(formats.RULES) or {}
    nonzero = {c: v for c, v in cells.items() if v}
    if not nonzero:
        return []
    listing = "、".join(f"{_col_label(spec, formats.DOCUMENTS_TABLE, c)}{_fmt(v)}" for c, v in nonzero.items())
    name = _row_label(spec, formats.DOCUMENTS_TABLE, formats.RULES)
    return [
        Finding(
            "R10",
            "error",
            f"{formats.DOCUMENTS_TABLE}/{formats.RULES}",
            f"{report.agency or '乡镇、街道'}属于乡镇、街道，无权制定规章，但“{name}”行填有数字（{listing}）",
        )
    ]


def _r11(report: Report, spec: Format) -> list[Finding]:
    out = []
    for t in spec.tables:
        for row, cells in (report.tables.get(t.code) or {}).items():
            blank = [c for c, v in cells.items() if v is None]
            if not blank:
                continue
            name = _row_label(spec, t.code, row)
            cols = "、".join(f"“{_col_label(spec, t.code, c)}”" for c in blank)
            reason = report.notes.get(f"{t.code}/{row}")
            where = f"{t.code}/{row}" + (f"/{blank[0]}" if len(blank) == 1 else "")
            at = report.provenance.get(f"{t.code}/{row}/{next(iter(cells))}") or {}
            unread = f"{t.code}/{row}" in report.unread
            if unread:
                msg = f"“{name}”行{cols}未能读出（原文有此表，但该行的数字无法确定）：{reason or '原因不明'}"
            elif reason:
                msg = f"“{name}”行{cols}缺失：{reason}"
            else:
                msg = f"“{name}”行{cols}为空白或缺失，未按0填入"
            page, line = at.get("page"), at.get("line")
            out.append(
                Finding(
                    "R11",
                    "error" if unread else "warning",
                    where,
                    msg,
                    page=page if isinstance(page, int) else None,
                    line=line if isinstance(line, int) else None,
                )
            )
    return out


# ---- R9: numbers in the prose ----


def _row_value(rows: dict[str, dict[str, Number | None]], row: str, cols: list[str]) -> tuple[float, bool]:
    """The row's total: the printed total, else the sum of its parts (a lower bound if blanks)."""
    cells = rows.get(row) or {}
    total = cells.get(formats.TOTAL)
    if total is not None:
        return total, True
    parts = [cells.get(c) for c in cols if c != formats.TOTAL]
    return sum(v for v in parts if v is not None), all(v is not None for v in parts)


def _quantity(report: Report, table: str, rows: list[str], col: str = formats.TOTAL) -> tuple[float, bool, bool]:
    """Sum over rows of one column (total: row totals); (value, exact, anything known)."""
    data = report.tables.get(table) or {}
    cols = report.spec.table(table).column_codes
    total, exact, known = 0.0, True, False
    for r in rows:
        if r not in data:
            continue
        if col == formats.TOTAL:
            v, ex = _row_value(data, r, list(cols))
            known = known or ex or v > 0
        else:
            cell = data[r].get(col)
            v, ex = (cell or 0), cell is not None
            known = known or ex
        total += v
        exact = exact and ex
    return total, exact, known


def _rows_starting(report: Report, table: str, prefix: str) -> list[str]:
    return [r for r in (report.tables.get(table) or {}) if r == prefix or r.startswith(prefix + ".")]


_N = r"(?<![\d,])(\d[\d,]*)"  # tried from a run's first digit only: linear on long runs
_CASE = r"(?:件|起)"
# (pattern, candidate row sets of table applications, what the prose names) — earlier patterns
# claim their text first, so "同意公开答复 9 件" is not read as "答复 9 件".
_APP_PATTERNS = [
    (rf"予以公开(?:及|和|与)部分公开(?:答复)?(?:的)?(?:共)?{_N}件", [[formats.GRANTED, formats.PARTIAL]]),
    (rf"(?:同意公开|予以公开|全部公开)(?:答复)?(?:的)?(?:共)?{_N}件", [[formats.GRANTED]]),
    (rf"部分公开(?:答复)?(?:的)?(?:共)?{_N}件", [[formats.PARTIAL]]),
    (rf"不予公开(?:答复)?(?:的)?(?:共)?{_N}件", [[formats.STEM_REFUSED]]),
    (rf"无法提供(?:答复)?(?:的)?(?:共)?{_N}件", [[formats.STEM_UNABLE]]),
    (rf"不予处理(?:答复)?(?:的)?(?:共)?{_N}件", [[formats.STEM_NOT_HANDLED]]),
    (rf"其他处理(?:答复)?(?:的)?(?:共)?{_N}件", [[formats.STEM_OTHER]]),
    (rf"(?:上年度?|上一年度?)结转(?:的)?(?:政府信息公开)?(?:申请)?(?:共)?{_N}件", [[formats.CARRIED_OVER]]),
    (rf"{_N}件(?:申请)?(?:按照《条例》)?(?:顺延|结转)(?:到|至|入)?下一?年度?", [[formats.CARRIED_FORWARD]]),
    (
        rf"(?:结转|转入|转|顺延)(?:到|至|入)?下一?年度?(?:继续)?(?:办理)?(?:答复)?(?:的有|的)?(?:共)?{_N}件",
        [[formats.CARRIED_FORWARD]],
    ),
    (
        rf"(?:收到|新收|受理|接收)[^，。；、\d]{{0,20}}?申请[^，。；\d]{{0,8}}?{_N}件",
        [[formats.NEW], [formats.NEW, formats.CARRIED_OVER]],
    ),
    (rf"(?:答复|办结|办理)(?:政府信息公开)?(?:申请)?(?:共)?{_N}件", [[formats.TOTAL]]),
]
_APPEAL_SUBJECTS = [
    (rf"行政复议(?:案件)?(?:数量?为?|共)?{_N}{_CASE}", [formats.REVIEW], "行政复议"),
    (
        rf"(?:行政)?诉讼(?:案件)?(?:数量?为?|共)?{_N}{_CASE}",
        [formats.LITIGATION_DIRECT, formats.LITIGATION_AFTER_REVIEW],
        "行政诉讼",
    ),
]


def _prose_name(spec: Format, code: str) -> str:
    """How a finding names a row or a kind of result of section 三: its printed label."""
    table = spec.table(_A)
    for r in table.rows:
        if r.code == code:
            return f"“{r.label}”"
    group = next((r.groups[-1] for r in table.rows if r.stem == code and r.groups), code)
    return f"“{group}”"


def _appeal_parts(spec: Format) -> dict[str, str]:
    """{printed column label: column} of the result columns of section 四 (结果维持 …)."""
    return {c.label: c.code for c in spec.table(formats.APPEALS_TABLE).columns if c.code != formats.TOTAL}


def _r9(report: Report) -> list[Finding]:
    if _A not in report.tables:
        return []
    out = []
    parts = _appeal_parts(report.spec)
    part_pattern = "|".join(re.escape(label) for label in parts)
    for s in SECTIONS:
        text = report.sections.get(s.code)
        if not text:
            continue
        flat = squash(text)
        claimed = [False] * len(flat)
        for pattern, candidates in _APP_PATTERNS:
            for m in re.finditer(pattern, flat):
                if any(claimed[m.start() : m.end()]):
                    continue
                claimed[m.start() : m.end()] = [True] * (m.end() - m.start())
                out += _check_prose(report, s, m, candidates)
        for pattern, rows, subject in _APPEAL_SUBJECTS:
            for m in re.finditer(pattern, flat):
                if any(claimed[m.start() : m.end()]):
                    continue
                claimed[m.start() : m.end()] = [True] * (m.end() - m.start())
                out += _check_appeal(report, s, m, rows, subject, formats.TOTAL)
                clause = re.split(r"[；;。]", flat[m.end() :], maxsplit=1)[0]
                for pm in re.finditer(rf"({part_pattern}){_N}{_CASE}", clause):
                    out += _check_appeal(report, s, pm, rows, subject, parts[pm.group(1)])
        for pattern, measures in _PROACTIVE_PATTERNS:
            for m in re.finditer(pattern, flat):
                if any(claimed[m.start() : m.end()]):
                    continue
                claimed[m.start() : m.end()] = [True] * (m.end() - m.start())
                out += _check_proactive(report, s, m, measures)
    return out


def _agrees(stated: float, value: float, exact: bool) -> bool:
    return abs(stated - value) <= _EPS if exact else stated >= value - _EPS


def _check_prose(report: Report, section: Section, m: re.Match[str], candidates: list[list[str]]) -> list[Finding]:
    stated = int(m.group(1).replace(",", ""))
    values = []
    for rows in candidates:
        codes = [c for prefix in rows for c in _rows_starting(report, _A, prefix)]
        if not codes:
            return []
        value, exact, known = _quantity(report, _A, codes)
        if not known:
            return []
        if _agrees(stated, value, exact):
            return []
        names = "＋".join(_prose_name(report.spec, r) for r in rows)
        values.append(f"{names}合计{'' if exact else '至少'}{_fmt(value)}件")
    return [
        Finding(
            "R9",
            "warning",
            f"{_A}/{'+'.join(candidates[0])}/{formats.TOTAL}",
            f"第{section.number}部分写明“{m.group(0)}”，与表格不符：表中{'；或'.join(values)}",
        )
    ]


def _check_appeal(
    report: Report, section: Section, m: re.Match[str], rows: list[str], subject: str, col: str
) -> list[Finding]:
    stated = int(m.group(m.lastindex or 0).replace(",", ""))
    value, exact, known = _quantity(report, formats.APPEALS_TABLE, rows, col)
    if not known or _agrees(stated, value, exact):
        return []
    col_name = _col_label(report.spec, formats.APPEALS_TABLE, col)
    return [
        Finding(
            "R9",
            "warning",
            f"{formats.APPEALS_TABLE}/{'+'.join(rows)}/{col}",
            f"第{section.number}部分写明{subject}“{m.group(0)}”，与表格不符：表中{subject}"
            f"“{col_name}”{'' if exact else '至少'}为{_fmt(value)}",
        )
    ]


# Section 二 as the prose states it (most often in section 一, 总体情况): 规章 and 规范性文件 made,
# repealed or in force, decisions on 许可/处罚/强制, fees collected. Each pattern names the
# measures (formats.MEASURE_*) a stated number may be: the row comes from the words, the column
# from the format's column with that measure, so one pattern serves both formats. A department's
# own documents (部门规范性文件) are not the agency's table's and are not read.
_MONEY = r"(?<![\d,.])(\d[\d,]*(?:\.\d+)?)"
_DOCS = r"(?<!部门)(规章|(?:行政)?规范性文件)"
_POWERS = r"(行政许可|行政处罚|行政强制)"
_FEES_WORDS = "行政事业性收费"
_PROACTIVE_PATTERNS = [
    (rf"废止[^，。；、\d]{{0,12}}?{_DOCS}(?:共)?{_N}件", (formats.MEASURE_REPEALED,)),
    (rf"现行有效(?:的)?{_DOCS}(?:共)?{_N}件", (formats.MEASURE_IN_FORCE_AT_END, formats.MEASURE_PUBLIC_AT_END)),
    (
        rf"(?:制发|制定|出台|印发|新制作|新公开|主动公开|公开|发布)[^，。；、\d]{{0,12}}?{_DOCS}(?:共)?{_N}件",
        (formats.MEASURE_MADE, formats.MEASURE_PUBLISHED),
    ),
    (
        rf"(?:作出|办理|办结|实施)?{_POWERS}(?:处理)?(?:决定)?(?:共|数量为?)?{_N}(?:件|起|宗)",
        (formats.MEASURE_DECISIONS,),
    ),
    (rf"(?:收取|征收)?{_FEES_WORDS}(?:金额|共计|共)?{_MONEY}万元", (formats.MEASURE_FEES_WAN,)),
]


def _check_proactive(report: Report, section: Section, m: re.Match[str], measures: tuple[str, ...]) -> list[Finding]:
    words = m.group(1) if m.lastindex and m.lastindex > 1 else _FEES_WORDS
    stated = float(m.group(m.lastindex or 0).replace(",", ""))
    # the row is the one the format prints with these words (either format's label or variant)
    found = next(((t, r) for t in report.spec.tables for r in t.rows if words in r.labels), None)
    if found is None:
        return []
    table, row = found[0], found[1].code
    columns = [c for c in table.columns if c.measure in measures]
    cells = (report.tables.get(table.code) or {}).get(row) or {}
    values = [(c, cells.get(c.code)) for c in columns]
    known = [(c, v) for c, v in values if v is not None]
    if not known or any(abs(stated - v) <= _EPS for _c, v in known):
        return []
    shown = "；或".join(f"“{c.label}”为{_fmt(v)}" for c, v in known)
    return [
        Finding(
            "R9",
            "warning",
            f"{table.code}/{row}/{known[0][0].code}",
            f"第{section.number}部分写明“{m.group(0)}”，与表格不符：表中“{words}”{shown}",
        )
    ]


# ---- R12: template prompts left in the prose ----

# Bounded, linear patterns: a 【…】 bracket of at most 200 characters, two or more ×/Ｘ/X
# placeholders, and 请填写/请在此填写 with what follows up to the end of the clause.
_PROMPTS = re.compile(r"【[^】\n]{0,200}】|[×Ｘ]{2,}|(?<![A-Za-z])XX+(?![A-Za-z])|请(?:在此)?填写[^，。；\n]{0,30}")


def _prompts(report: Report) -> list[Finding]:
    out = []
    for s in SECTIONS:
        text = report.sections.get(s.code) or ""
        for m in _PROMPTS.finditer(text):
            shown = m.group(0) if len(m.group(0)) <= 40 else m.group(0)[:40] + "…"
            out.append(
                Finding(
                    PROMPT_RULE,
                    "error",
                    f"section/{s.code}",
                    f"第{s.number}部分有{PROMPT_RULE_LABEL}“{shown}”：请改写为本年度的实际情况或删除后再发布",
                )
            )
    return out
