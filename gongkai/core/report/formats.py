"""The two national annual report formats, declared once as data.

国办公开办函〔2019〕60号 (试行) for report years 2019–2020 and 国办公开办函〔2021〕30号 from 2021.
The renderer lays tables out from these declarations, the parser matches printed labels against
them and the validator names cells with them; nothing else repeats a label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    variants: tuple[str, ...] = ()
    group: str = ""  # spanning header above the column, e.g. 法人或其他组织
    money: bool = False  # amounts may be fractional; counts must be whole
    signed: bool = False  # 本年增/减 may be negative
    # Section 二: what the registers count into this column (a MEASURE_* name below); the
    # statistics read it instead of knowing the column codes.
    measure: str = ""

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.variants)


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    variants: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # row-spanning label cells to the left, outermost first
    short: str = ""  # the words a form offers when the printed label is longer (部分公开)
    # Section 二: the register (a REGISTER_* name below) whose records of kind `code` feed the row.
    register: str = ""

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.variants)

    @property
    def stem(self) -> str:
        """The result a numbered row belongs to: refused for refused.3."""
        return self.code.split(".")[0]


@dataclass(frozen=True)
class Table:
    code: str
    section: str
    title: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    corner: str = "信息内容"  # the top-left header cell
    top: str = ""  # header spanning every value column (申请人情况)
    # A layout whose rows differ from the format's own (the （六） row printed 2019-style in a
    # 2021 report); the parser recognises it and R8 reports it.
    alt_rows: tuple[Row, ...] = ()

    # Cells are looked up by code hundreds of thousands of times in a county's roll-up (every
    # set_cell and every rule): an index per table, built on first use, the first match kept.
    @cached_property
    def _rows_by_code(self) -> dict[str, Row]:
        index: dict[str, Row] = {}
        for r in self.rows + self.alt_rows:
            index.setdefault(r.code, r)
        return index

    @cached_property
    def column_index(self) -> dict[str, Column]:
        index: dict[str, Column] = {}
        for c in self.columns:
            index.setdefault(c.code, c)
        return index

    def row(self, code: str) -> Row:
        try:
            return self._rows_by_code[code]
        except KeyError:
            raise KeyError(code) from None

    def column(self, code: str) -> Column:
        try:
            return self.column_index[code]
        except KeyError:
            raise KeyError(code) from None

    def replaced_codes(self) -> set[str]:
        """Own rows that the alternate layout prints differently (（六） as one row or three)."""
        stems = {r.code.split(".")[0] for r in self.alt_rows}
        return {r.code for r in self.rows if r.code.split(".")[0] in stems}

    def layout(self, alternate: bool) -> tuple[Row, ...]:
        """Rows in printed order, with the alternate （六） rows in place of the own ones."""
        if not alternate or not self.alt_rows:
            return self.rows
        replaced = self.replaced_codes()
        out: list[Row] = []
        for r in self.rows:
            if r.code not in replaced:
                out.append(r)
            elif not any(a in out for a in self.alt_rows):
                out.extend(self.alt_rows)
        return tuple(out)

    def layout_of(self, codes: Iterable[str]) -> tuple[Row, ...]:
        """The layout a set of printed row codes follows."""
        codes = set(codes)
        alternate = bool(codes & {r.code for r in self.alt_rows}) and not (codes & self.replaced_codes())
        return self.layout(alternate)

    @cached_property  # read per grouped row by the statistics (counting_row): built once
    def row_codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.rows)

    @cached_property
    def column_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.columns)


@dataclass(frozen=True)
class Section:
    code: str
    number: str
    title: str
    variants: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()  # a printed heading must contain one of these

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass(frozen=True)
class Format:
    code: str
    name: str
    first_year: int
    last_year: int | None
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    rules: tuple[str, ...]
    # Printed words found only in this format, used to recognise it in a published report.
    signatures: tuple[str, ...] = field(default=())

    @cached_property
    def _tables_by_code(self) -> dict[str, Table]:
        index: dict[str, Table] = {}
        for t in self.tables:
            index.setdefault(t.code, t)
        return index

    def table(self, code: str) -> Table:
        try:
            return self._tables_by_code[code]
        except KeyError:
            raise KeyError(code) from None

    def section(self, code: str) -> Section:
        for s in self.sections:
            if s.code == code:
                return s
        raise KeyError(code)

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


SECTIONS = (
    Section("overview", "一", "总体情况", keywords=("总体情况",)),
    Section("proactive", "二", "主动公开政府信息情况", keywords=("主动公开",)),
    Section("applications", "三", "收到和处理政府信息公开申请情况", keywords=("申请",)),
    Section(
        "appeals",
        "四",
        "政府信息公开行政复议、行政诉讼情况",
        variants=("因政府信息公开工作被申请行政复议和提起行政诉讼情况",),
        keywords=("复议", "诉讼"),
    ),
    Section(
        "problems",
        "五",
        "存在的主要问题及改进情况",
        variants=("政府信息公开工作存在的主要问题及改进情况", "存在的主要问题及整改措施"),
        keywords=("问题", "改进", "整改"),
    ),
    Section("other", "六", "其他需要报告的事项", keywords=("其他需要报告", "其他事项")),
)

# Sections whose body is prose the Report keeps; 二 to 四 are tables.
TEXT_SECTIONS = ("overview", "problems", "other")

# ---- codes other modules name (tables, rows and columns they compute or act on) ----
# Everything else is read from the declarations below; these names exist so that no other module
# spells a code of the national formats.

APPLICATIONS = "applications"  # table of section 三
APPEALS_TABLE = "appeals"  # table of section 四
TOTAL = "total"  # the 总计 column of sections 三 and 四, and the （七）总计 row of section 三

# Rows of section 三 that are not results of the year.
NEW = "new"
CARRIED_OVER = "carried_over"
CARRIED_FORWARD = "carried_forward"

# Results a case is filed under. The stems name the kinds of answer (第三十六条); a numbered row
# is stem.N. The 2021 rows are the finest grain, so cases store them.
GRANTED = "granted"
PARTIAL = "partial"
STEM_REFUSED = "refused"
STEM_UNABLE = "unable"
STEM_NOT_HANDLED = "not_handled"
STEM_OTHER = "other"
RESULT_STEMS = (GRANTED, PARTIAL, STEM_REFUSED, STEM_UNABLE, STEM_NOT_HANDLED, STEM_OTHER)
# Results that the application workflow reaches on its own.
UNREASONABLE = f"{STEM_NOT_HANDLED}.4"  # 第三十五条: no good reason for the quantity or frequency
ABANDONED = f"{STEM_OTHER}.1"  # 第三十条: 补正 not made in time
FEE_LAPSED = f"{STEM_OTHER}.2"  # 信息处理费管理办法: the fee not paid in time
WITHDRAWN = f"{STEM_OTHER}.3"  # （六）3 其他: the applicant withdrew the application

# The applicant column for a natural person (the others are organisations).
NATURAL = "natural"

# Rows and columns of section 四.
REVIEW = "review"
LITIGATION_DIRECT = "litigation_direct"
LITIGATION_AFTER_REVIEW = "litigation_after_review"
UPHELD = "upheld"
CORRECTED = "corrected"
OTHER_RESULT = "other"
PENDING = "pending"

# Section 二: the table and row of 规章 (a township makes none, R10).
DOCUMENTS_TABLE = "20.1"
RULES = "rules"

# Section 二: the registers behind 第二十条 and what is counted of them.
REGISTER_DOCUMENTS = "documents"  # 规章 / 规范性文件, by kind (the row code)
REGISTER_POWERS = "powers"  # 权责清单 items and monthly decision tallies, by kind (the row code)
REGISTER_PROCUREMENT = "procurement"  # 政府集中采购 projects
MEASURE_MADE = "documents made in the year"
MEASURE_PUBLISHED = "documents published in the year"
MEASURE_PUBLIC_AT_END = "documents public at the year's end"
MEASURE_REPEALED = "documents repealed in the year"
MEASURE_IN_FORCE_AT_END = "documents in force at the year's end"
MEASURE_LISTED_BEFORE = "list items of the previous year"
MEASURE_LISTED_CHANGE = "list items of the year less those of the previous year"
MEASURE_DECISIONS = "decisions made in the year"
MEASURE_FEES_WAN = "fees collected in the year, 万元"
MEASURE_PROCUREMENT_COUNT = "procurement projects of the year"
MEASURE_PROCUREMENT_WAN = "procurement amount of the year, 万元"

# ---- 三、收到和处理政府信息公开申请情况 (the same in both formats except （六）) ----

APPLICANT_COLUMNS = (
    Column(NATURAL, "自然人"),
    Column("commercial", "商业企业", variants=("商业机构",), group="法人或其他组织"),
    Column("research", "科研机构", group="法人或其他组织"),
    Column("social", "社会公益组织", variants=("社会组织",), group="法人或其他组织"),
    Column("legal", "法律服务机构", group="法人或其他组织"),
    Column("other", "其他", group="法人或其他组织"),
    Column(TOTAL, "总计"),
)

RESULTS = "三、本年度办理结果"
REFUSED = "（三）不予公开"
UNABLE = "（四）无法提供"
NOT_HANDLED = "（五）不予处理"
OTHER = "（六）其他处理"


def _numbered(prefix: str, group: str, labels: list[str | tuple[str, str]]) -> list[Row]:
    """Rows prefix.1, prefix.2, … under `group`; a (label, short) pair gives the short form too."""
    out = []
    for i, item in enumerate(labels, 1):
        label, short = item if isinstance(item, tuple) else (item, "")
        out.append(Row(f"{prefix}.{i}", f"{i}.{label}", groups=(RESULTS, group), short=short))
    return out


_HEAD_ROWS = [
    Row(NEW, "一、本年新收政府信息公开申请数量"),
    Row(CARRIED_OVER, "二、上年结转政府信息公开申请数量"),
    Row(GRANTED, "（一）予以公开", groups=(RESULTS,)),
    Row(PARTIAL, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", groups=(RESULTS,), short="部分公开"),
    *_numbered(
        STEM_REFUSED,
        REFUSED,
        [
            "属于国家秘密",
            "其他法律行政法规禁止公开",
            "危及“三安全一稳定”",
            "保护第三方合法权益",
            "属于三类内部事务信息",
            "属于四类过程性信息",
            "属于行政执法案卷",
            "属于行政查询事项",
        ],
    ),
    *_numbered(STEM_UNABLE, UNABLE, ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"]),
    *_numbered(
        STEM_NOT_HANDLED,
        NOT_HANDLED,
        [
            "信访举报投诉类申请",
            "重复申请",
            "要求提供公开出版物",
            "无正当理由大量反复申请",
            "要求行政机关确认或重新出具已获取信息",
        ],
    ),
]
_OTHER_ONE_ROW = Row(STEM_OTHER, OTHER, groups=(RESULTS,))
_OTHER_THREE_ROWS = _numbered(
    STEM_OTHER,
    OTHER,
    [
        ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "申请人无正当理由逾期不补正"),
        (
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "申请人逾期未按收费通知要求缴纳费用",
        ),
        "其他",
    ],
)
_TAIL_ROWS = [
    Row(TOTAL, "（七）总计", groups=(RESULTS,)),
    Row(CARRIED_FORWARD, "四、结转下年度继续办理"),
]
APPLICATIONS_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _applications(other_rows: list[Row], alt_rows: list[Row]) -> Table:
    return Table(
        APPLICATIONS,
        "applications",
        "收到和处理政府信息公开申请情况",
        rows=tuple(_HEAD_ROWS + other_rows + _TAIL_ROWS),
        columns=APPLICANT_COLUMNS,
        corner=APPLICATIONS_CORNER,
        top="申请人情况",
        alt_rows=tuple(alt_rows),
    )


RESULT_ROWS_PREFIXES = (GRANTED, PARTIAL, *(f"{stem}." for stem in RESULT_STEMS[2:]), STEM_OTHER)

# ---- 四、行政复议、行政诉讼 ----

APPEAL_COLUMNS = (
    Column(UPHELD, "结果维持"),
    Column(CORRECTED, "结果纠正"),
    Column(OTHER_RESULT, "其他结果"),
    Column(PENDING, "尚未审结"),
    Column(TOTAL, "总计"),
)
APPEALS = Table(
    APPEALS_TABLE,
    "appeals",
    "政府信息公开行政复议、行政诉讼情况",
    rows=(
        Row(REVIEW, "行政复议"),
        Row(LITIGATION_DIRECT, "未经复议直接起诉", groups=("行政诉讼",)),
        Row(LITIGATION_AFTER_REVIEW, "复议后起诉", groups=("行政诉讼",)),
    ),
    columns=APPEAL_COLUMNS,
    corner="",
)

# ---- 二、主动公开政府信息情况 ----

_PREV_ITEMS = Column("prev_items", "上一年项目数量", measure=MEASURE_LISTED_BEFORE)
_CHANGE = Column("change", "本年增/减", variants=("本年增减",), signed=True, measure=MEASURE_LISTED_CHANGE)
_DECISIONS_2019 = Column("decisions", "处理决定数量", measure=MEASURE_DECISIONS)
_DECISIONS_2021 = Column("decisions", "本年处理决定数量", measure=MEASURE_DECISIONS)
_RULES = Row(RULES, "规章", register=REGISTER_DOCUMENTS)
_LICENSE = Row("license", "行政许可", register=REGISTER_POWERS)
_PENALTY = Row("penalty", "行政处罚", register=REGISTER_POWERS)
_COERCION = Row("coercion", "行政强制", register=REGISTER_POWERS)
_FEES = Row("fees", "行政事业性收费", register=REGISTER_POWERS)

FORMAT_2019 = Format(
    code="2019",
    name="国办公开办函〔2019〕60号",
    first_year=2019,
    last_year=2020,
    sections=SECTIONS,
    tables=(
        Table(
            DOCUMENTS_TABLE,
            "proactive",
            "第二十条第（一）项",
            rows=(_RULES, Row("normative", "规范性文件", variants=("行政规范性文件",), register=REGISTER_DOCUMENTS)),
            columns=(
                Column("made", "本年新制作数量", measure=MEASURE_MADE),
                Column("published", "本年新公开数量", measure=MEASURE_PUBLISHED),
                Column("total", "对外公开总数量", measure=MEASURE_PUBLIC_AT_END),
            ),
        ),
        Table(
            "20.5",
            "proactive",
            "第二十条第（五）项",
            rows=(_LICENSE, Row("other_service", "其他对外管理服务事项", register=REGISTER_POWERS)),
            columns=(_PREV_ITEMS, _CHANGE, _DECISIONS_2019),
        ),
        Table(
            "20.6",
            "proactive",
            "第二十条第（六）项",
            rows=(_PENALTY, _COERCION),
            columns=(_PREV_ITEMS, _CHANGE, _DECISIONS_2019),
        ),
        Table("20.8", "proactive", "第二十条第（八）项", rows=(_FEES,), columns=(_PREV_ITEMS, _CHANGE)),
        Table(
            "20.9",
            "proactive",
            "第二十条第（九）项",
            rows=(Row("procurement", "政府集中采购", register=REGISTER_PROCUREMENT),),
            columns=(
                Column("items", "采购项目数量", measure=MEASURE_PROCUREMENT_COUNT),
                Column("amount", "采购总金额", money=True, measure=MEASURE_PROCUREMENT_WAN),
            ),
        ),
        _applications([_OTHER_ONE_ROW], _OTHER_THREE_ROWS),
        APPEALS,
    ),
    rules=("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11"),
    signatures=(
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "第二十条第（九）项",
        "政府集中采购",
        "采购项目数量",
        "其他对外管理服务事项",
    ),
)

FORMAT_2021 = Format(
    code="2021",
    name="国办公开办函〔2021〕30号",
    first_year=2021,
    last_year=None,
    sections=SECTIONS,
    tables=(
        Table(
            DOCUMENTS_TABLE,
            "proactive",
            "第二十条第（一）项",
            rows=(_RULES, Row("normative", "行政规范性文件", variants=("规范性文件",), register=REGISTER_DOCUMENTS)),
            columns=(
                Column("issued", "本年制发件数", measure=MEASURE_MADE),
                Column("repealed", "本年废止件数", measure=MEASURE_REPEALED),
                Column("in_force", "现行有效件数", measure=MEASURE_IN_FORCE_AT_END),
            ),
        ),
        Table("20.5", "proactive", "第二十条第（五）项", rows=(_LICENSE,), columns=(_DECISIONS_2021,)),
        Table("20.6", "proactive", "第二十条第（六）项", rows=(_PENALTY, _COERCION), columns=(_DECISIONS_2021,)),
        Table(
            "20.8",
            "proactive",
            "第二十条第（八）项",
            rows=(_FEES,),
            columns=(Column("amount_wan", "本年收费金额（单位：万元）", money=True, measure=MEASURE_FEES_WAN),),
        ),
        _applications(_OTHER_THREE_ROWS, [_OTHER_ONE_ROW]),
        APPEALS,
    ),
    rules=("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11"),
    signatures=(
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额",
        "申请人无正当理由逾期不补正",
        "申请人逾期未按收费通知要求缴纳费用",
    ),
)

FORMATS = {"2019": FORMAT_2019, "2021": FORMAT_2021}

# A rule this project adds to LAW.md's R1–R11, for both formats: a template prompt left in the
# prose (【…】, ××, 请填写…) would be published verbatim, so it is an error, not a warning.
PROMPT_RULE = "R12"
PROMPT_RULE_LABEL = "未删除的模板提示语"


def get_format(code: str | int) -> Format:
    try:
        return FORMATS[str(code)]
    except KeyError:
        raise KeyError(f"unknown report format {code!r}") from None


def format_for_year(year: int) -> Format:
    """The format a report of this year must use (R8); a year before the first format gets the
    first one."""
    formats = sorted(FORMATS.values(), key=lambda f: f.first_year)
    for f in formats:
        if f.covers(year):
            return f
    return formats[0] if year < formats[0].first_year else formats[-1]


def latest() -> Format:
    """The format in force now (no last year): its section 三 rows are the ones cases store."""
    return next(f for f in FORMATS.values() if f.last_year is None)


# ---- section 三 as the applications app files and counts cases ----


def applicant_columns() -> tuple[Column, ...]:
    """The applicant types (申请人情况) a case is filed under: every column but 总计."""
    return tuple(c for c in latest().table(APPLICATIONS).columns if c.code != TOTAL)


def result_rows(spec: Format) -> tuple[Row, ...]:
    """The result rows of a format's section 三, （一）予以公开 to （六）其他处理, in order."""
    return tuple(r for r in spec.table(APPLICATIONS).rows if r.groups[:1] == (RESULTS,) and r.code != TOTAL)


def outcome_rows() -> tuple[Row, ...]:
    """The results a case is filed under: the finest rows, those of the format in force."""
    return result_rows(latest())


_NUMBER_PREFIX = re.compile(r"^(?:（[一二三四五六七八九十]+）|\d+\.)")


def _bare(label: str) -> str:
    return _NUMBER_PREFIX.sub("", label)


def outcome_label(row: Row) -> str:
    """A result as a form offers it: 不予公开：属于国家秘密, 部分公开."""
    words = row.short or _bare(row.label)
    if len(row.groups) > 1:
        return f"{_bare(row.groups[-1])}：{words}"
    return words


def counting_row(spec: Format, outcome: str) -> str:
    """The row of `spec` that counts a case filed under `outcome` (2019 folds （六）1–3 into one)."""
    codes = spec.table(APPLICATIONS).row_codes
    if outcome in codes:
        return outcome
    stem = outcome.split(".")[0]
    if stem in codes:
        return stem
    raise KeyError(outcome)


def outcomes_counted_in(row: str) -> list[str]:
    """The stored outcomes behind a result row of any format."""
    return [r.code for r in outcome_rows() if r.code == row or r.stem == row]


# ---- section 二 as the registers feed it ----


def proactive_tables(spec: Format) -> tuple[Table, ...]:
    return tuple(t for t in spec.tables if t.section == "proactive")


def register_kinds(register: str) -> list[tuple[str, str]]:
    """[(kind, label)] of the records a register keeps: the rows it feeds in any format, first
    declared label first (规范性文件 of 2019 before 行政规范性文件 of 2021)."""
    out: dict[str, str] = {}
    for spec in sorted(FORMATS.values(), key=lambda f: f.first_year):
        for t in proactive_tables(spec):
            for r in t.rows:
                if r.register == register:
                    out.setdefault(r.code, r.label)
    return list(out.items())


def proactive_cell(table: str, row: str, column: str) -> tuple[Row, Column]:
    """The declared row and column of a section 二 cell in any format; KeyError if none."""
    for spec in FORMATS.values():
        try:
            t = spec.table(table)
            if t.section == "proactive":
                return t.row(row), t.column(column)
        except KeyError:
            continue
    raise KeyError(f"{table}/{row}/{column}")


# ---- section 四 as the appeals register files cases ----


def appeal_kinds() -> list[tuple[str, str]]:
    """[(kind, label)] of 行政复议 / 行政诉讼 records: 行政诉讼（复议后起诉）."""
    return [
        (r.code, f"{r.groups[-1]}（{r.label}）" if r.groups else r.label) for r in latest().table(APPEALS_TABLE).rows
    ]


def appeal_results() -> list[tuple[str, str]]:
    """[(result, label)] of a 复议 / 诉讼 record: every column of section 四 but 总计."""
    return [(c.code, c.label) for c in latest().table(APPEALS_TABLE).columns if c.code != TOTAL]
