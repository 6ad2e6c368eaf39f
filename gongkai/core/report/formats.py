"""The two national annual report formats, declared once as data.

国办公开办函〔2019〕60号 (试行) for report years 2019–2020 and 国办公开办函〔2021〕30号 from 2021.
The renderer lays tables out from these declarations, the parser matches printed labels against
them and the validator names cells with them; nothing else repeats a label.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    variants: tuple[str, ...] = ()
    group: str = ""  # spanning header above the column, e.g. 法人或其他组织
    money: bool = False  # amounts may be fractional; counts must be whole
    signed: bool = False  # 本年增/减 may be negative

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.variants)


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    variants: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # row-spanning label cells to the left, outermost first

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.variants)


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

    def row(self, code: str) -> Row:
        for r in self.rows + self.alt_rows:
            if r.code == code:
                return r
        raise KeyError(code)

    def column(self, code: str) -> Column:
        for c in self.columns:
            if c.code == code:
                return c
        raise KeyError(code)

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

    def layout_of(self, codes) -> tuple[Row, ...]:
        """The layout a set of printed row codes follows."""
        codes = set(codes)
        alternate = bool(codes & {r.code for r in self.alt_rows}) and not (codes & self.replaced_codes())
        return self.layout(alternate)

    @property
    def row_codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.rows)

    @property
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

    def table(self, code: str) -> Table:
        for t in self.tables:
            if t.code == code:
                return t
        raise KeyError(code)

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
    Section("appeals", "四", "政府信息公开行政复议、行政诉讼情况",
            variants=("因政府信息公开工作被申请行政复议和提起行政诉讼情况",),
            keywords=("复议", "诉讼")),
    Section("problems", "五", "存在的主要问题及改进情况",
            variants=("政府信息公开工作存在的主要问题及改进情况", "存在的主要问题及整改措施"),
            keywords=("问题", "改进", "整改")),
    Section("other", "六", "其他需要报告的事项", keywords=("其他需要报告", "其他事项")),
)

# Sections whose body is prose the Report keeps; 二 to 四 are tables.
TEXT_SECTIONS = ("overview", "problems", "other")

# ---- 三、收到和处理政府信息公开申请情况 (the same in both formats except （六）) ----

APPLICANT_COLUMNS = (
    Column("natural", "自然人"),
    Column("commercial", "商业企业", variants=("商业机构",), group="法人或其他组织"),
    Column("research", "科研机构", group="法人或其他组织"),
    Column("social", "社会公益组织", variants=("社会组织",), group="法人或其他组织"),
    Column("legal", "法律服务机构", group="法人或其他组织"),
    Column("other", "其他", group="法人或其他组织"),
    Column("total", "总计"),
)

RESULTS = "三、本年度办理结果"
REFUSED = "（三）不予公开"
UNABLE = "（四）无法提供"
NOT_HANDLED = "（五）不予处理"
OTHER = "（六）其他处理"


def _numbered(prefix: str, group: str, labels: list[str]) -> list[Row]:
    return [Row(f"{prefix}.{i}", f"{i}.{label}", groups=(RESULTS, group))
            for i, label in enumerate(labels, 1)]


_HEAD_ROWS = [
    Row("new", "一、本年新收政府信息公开申请数量"),
    Row("carried_over", "二、上年结转政府信息公开申请数量"),
    Row("granted", "（一）予以公开", groups=(RESULTS,)),
    Row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", groups=(RESULTS,)),
    *_numbered("refused", REFUSED, [
        "属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
        "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"]),
    *_numbered("unable", UNABLE, [
        "本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"]),
    *_numbered("not_handled", NOT_HANDLED, [
        "信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息"]),
]
_OTHER_ONE_ROW = Row("other", OTHER, groups=(RESULTS,))
_OTHER_THREE_ROWS = _numbered("other", OTHER, [
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "其他"])
_TAIL_ROWS = [
    Row("total", "（七）总计", groups=(RESULTS,)),
    Row("carried_forward", "四、结转下年度继续办理"),
]
APPLICATIONS_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _applications(other_rows: list[Row], alt_rows: list[Row]) -> Table:
    return Table(
        "applications", "applications", "收到和处理政府信息公开申请情况",
        rows=tuple(_HEAD_ROWS + other_rows + _TAIL_ROWS), columns=APPLICANT_COLUMNS,
        corner=APPLICATIONS_CORNER, top="申请人情况", alt_rows=tuple(alt_rows))


RESULT_ROWS_PREFIXES = ("granted", "partial", "refused.", "unable.", "not_handled.", "other")

# ---- 四、行政复议、行政诉讼 ----

APPEAL_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
APPEALS = Table(
    "appeals", "appeals", "政府信息公开行政复议、行政诉讼情况",
    rows=(
        Row("review", "行政复议"),
        Row("litigation_direct", "未经复议直接起诉", groups=("行政诉讼",)),
        Row("litigation_after_review", "复议后起诉", groups=("行政诉讼",)),
    ),
    columns=APPEAL_COLUMNS, corner="")

# ---- 二、主动公开政府信息情况 ----

_PREV_ITEMS = Column("prev_items", "上一年项目数量")
_CHANGE = Column("change", "本年增/减", variants=("本年增减",), signed=True)
_DECISIONS_2019 = Column("decisions", "处理决定数量")
_DECISIONS_2021 = Column("decisions", "本年处理决定数量")

FORMAT_2019 = Format(
    code="2019", name="国办公开办函〔2019〕60号", first_year=2019, last_year=2020,
    sections=SECTIONS,
    tables=(
        Table("20.1", "proactive", "第二十条第（一）项",
              rows=(Row("rules", "规章"),
                    Row("normative", "规范性文件", variants=("行政规范性文件",))),
              columns=(Column("made", "本年新制作数量"), Column("published", "本年新公开数量"),
                       Column("total", "对外公开总数量"))),
        Table("20.5", "proactive", "第二十条第（五）项",
              rows=(Row("license", "行政许可"), Row("other_service", "其他对外管理服务事项")),
              columns=(_PREV_ITEMS, _CHANGE, _DECISIONS_2019)),
        Table("20.6", "proactive", "第二十条第（六）项",
              rows=(Row("penalty", "行政处罚"), Row("coercion", "行政强制")),
              columns=(_PREV_ITEMS, _CHANGE, _DECISIONS_2019)),
        Table("20.8", "proactive", "第二十条第（八）项",
              rows=(Row("fees", "行政事业性收费"),),
              columns=(_PREV_ITEMS, _CHANGE)),
        Table("20.9", "proactive", "第二十条第（九）项",
              rows=(Row("procurement", "政府集中采购"),),
              columns=(Column("items", "采购项目数量"),
                       Column("amount", "采购总金额", money=True))),
        _applications([_OTHER_ONE_ROW], _OTHER_THREE_ROWS),
        APPEALS,
    ),
    rules=("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11"),
    signatures=("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
                "第二十条第（九）项", "政府集中采购", "采购项目数量", "其他对外管理服务事项"),
)

FORMAT_2021 = Format(
    code="2021", name="国办公开办函〔2021〕30号", first_year=2021, last_year=None,
    sections=SECTIONS,
    tables=(
        Table("20.1", "proactive", "第二十条第（一）项",
              rows=(Row("rules", "规章"),
                    Row("normative", "行政规范性文件", variants=("规范性文件",))),
              columns=(Column("issued", "本年制发件数"), Column("repealed", "本年废止件数"),
                       Column("in_force", "现行有效件数"))),
        Table("20.5", "proactive", "第二十条第（五）项",
              rows=(Row("license", "行政许可"),),
              columns=(_DECISIONS_2021,)),
        Table("20.6", "proactive", "第二十条第（六）项",
              rows=(Row("penalty", "行政处罚"), Row("coercion", "行政强制")),
              columns=(_DECISIONS_2021,)),
        Table("20.8", "proactive", "第二十条第（八）项",
              rows=(Row("fees", "行政事业性收费"),),
              columns=(Column("amount_wan", "本年收费金额（单位：万元）", money=True),)),
        _applications(_OTHER_THREE_ROWS, [_OTHER_ONE_ROW]),
        APPEALS,
    ),
    rules=("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11"),
    signatures=("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
                "申请人无正当理由逾期不补正", "申请人逾期未按收费通知要求缴纳费用"),
)

FORMATS = {"2019": FORMAT_2019, "2021": FORMAT_2021}


def get_format(code: str) -> Format:
    try:
        return FORMATS[str(code)]
    except KeyError:
        raise KeyError(f"unknown report format {code!r}") from None


def format_for_year(year: int) -> Format:
    """The format a report of this year must use (R8)."""
    return FORMAT_2019 if year <= FORMAT_2019.last_year else FORMAT_2021
