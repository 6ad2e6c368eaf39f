"""Random reports of both formats, for the round-trip properties."""

from hypothesis import strategies as st

from gongkai.core.report import empty_report, get_format

PROSE = (
    "政府信息公开工作主动依申请平台建设监督保障推进加强完善规范制度机制网站新媒体群众服务质量水平"
    "提升落实要求开展培训检查解读政策文件栏目更新审核发布渠道意见建议办理答复全年共计其中"
)
NAMES = "淮安洪泽沭阳上海盐池高沙窝苏州江宁浦东青山桃源"
SUFFIXES = [
    "市人民政府",
    "区人民政府",
    "县人民政府",
    "镇人民政府",
    "街道办事处",
    "县发展和改革局",
    "市人民政府办公厅",
    "市科学技术委员会",
    "镇",
]

agencies = st.builds(
    lambda stem, suffix: stem + suffix, st.text(alphabet=NAMES, min_size=2, max_size=4), st.sampled_from(SUFFIXES)
)
paragraph = st.builds(
    lambda words, n, tail: words + (str(n) if n is not None else "") + tail,
    st.text(alphabet=PROSE, min_size=4, max_size=60),
    st.none() | st.integers(0, 99999),
    st.sampled_from(["。", "，并持续推进。", "；"]),
)
prose = st.lists(paragraph, min_size=0, max_size=4).map("\n".join)
counts = st.integers(0, 2_000_000)
money = st.decimals(min_value=0, max_value=10**7, places=3, allow_nan=False).map(
    lambda d: float(d) if d != d.to_integral_value() else int(d)
)


def _value(column):
    if column.money:
        return money
    if column.signed:
        return st.integers(-5000, 5000)
    return counts


@st.composite
def reports(draw, formats=("2019", "2021"), blanks=True):
    code = draw(st.sampled_from(formats))
    spec = get_format(code)
    year = draw(st.integers(2019, 2020) if code == "2019" else st.integers(2021, 2035))
    report = empty_report(code, year, draw(agencies))
    alternate = draw(st.booleans()) if code == "2021" else False
    for table in spec.tables:
        rows = table.layout(alternate) if table.code == "applications" else table.rows
        report.tables[table.code] = {}
        for row in rows:
            for column in table.columns:
                value = draw(_value(column))
                if blanks and draw(st.integers(0, 9)) == 0:
                    value = None
                report.tables[table.code].setdefault(row.code, {})[column.code] = value
    report.sections = {
        k: v for k, v in {"overview": draw(prose), "problems": draw(prose), "other": draw(prose)}.items() if v
    }
    return report
