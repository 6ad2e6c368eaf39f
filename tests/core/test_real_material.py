"""Reports as they really come, made from the corpus with the project's own renderers: portal
pages with chrome, text whose cells ran together, plain pdftotext output, radicals from PDF
printing. Every cell read is the published number; what cannot be read is an R11 error."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from material import portal_page, run_together, torn_text  # noqa: E402

from gongkai.core.report import UnreadableReport, parse_file, parse_text  # noqa: E402
from gongkai.core.report.parse import parse_bytes  # noqa: E402
from gongkai.core.report.parse.recover import splits  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
# reports without blank cells: every cell of theirs can be read back from any material
COMPLETE = ["huaian-city-2024", "hongze-district-2024", "shanghai-govoffice-2025", "shuyang-county-2025"]
ALL = COMPLETE + [
    "hongze-district-2023",
    "shanghai-kewei-2024",
    "shuyang-fgj-2023",
    "shanghai-govoffice-2019",
    "gaoshawo-2020",
]


def source(name):
    return parse_file(CORPUS / f"{name}.txt")


def wrong_and_missing(got, want, tables=None):
    wrong, missing = [], []
    for t in tables or want.tables:
        for row, cols in want.tables[t].items():
            for col, value in cols.items():
                g = got.tables.get(t, {}).get(row, {}).get(col, "absent")
                if g is None:
                    missing.append(f"{t}/{row}/{col}") if value is not None else None
                elif g != value:
                    wrong.append(f"{t}/{row}/{col}: {g!r} != {value!r}")
    return wrong, missing


def unread_is_error(report):
    """Every row not read is an R11 error finding."""
    errors = {
        f.where.rsplit("/", 1)[0] if f.where.count("/") == 2 else f.where
        for f in report.findings
        if f.rule == "R11" and f.severity == "error"
    }
    return all(key in errors for key in report.unread)


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize(
    "title",
    [
        "<h1>{agency}{year}年度政府信息公开工作年度报告</h1>",
        "<h1>{year}年度政府信息公开工作年度报告</h1>",
        "<p>{agency}</p><p>{year}年</p><p>政府信息公开工作年度报告</p>",
        "",
    ],
)
def test_a_portal_page_reads_whole_with_the_right_agency(name, title):
    want = source(name)
    page = portal_page(want, title.format(agency=want.agency, year=want.year))
    got = parse_bytes(page, "page.shtml")
    assert (got.agency, got.year, got.format) == (want.agency, want.year, want.format)
    assert got.tables == want.tables
    assert "首页" not in got.agency and "分享" not in "".join(got.sections.values())
    assert "版权所有" not in "".join(got.sections.values())


def test_a_portal_page_with_only_a_signature_names_its_agency():
    want = source("huaian-city-2024")
    page = portal_page(
        want,
        "<h1>2024年度政府信息公开工作年度报告</h1>",
        page_title="政府信息公开年报",
        meta_table=False,
        signature=True,
        crumb_class="position",
    )
    got = parse_bytes(page, "page.html")
    assert (got.agency, got.year) == ("淮安市人民政府", 2024)


def test_the_title_tag_names_the_agency_without_the_site():
    want = source("hongze-district-2024")
    page = portal_page(
        want, "", page_title="淮安市洪泽区人民政府2024年度政府信息公开工作年度报告 - 洪泽区门户网站", meta_table=False
    )
    got = parse_bytes(page, "page.html")
    assert (got.agency, got.year) == ("淮安市洪泽区人民政府", 2024)


def test_radicals_from_pdf_printing_are_folded():
    want = source("huaian-city-2024")
    text = run_together(want, title="淮安市⼈⺠政府2024年政府信息公开工作年度报告").replace("首页", "首⻚")
    got = parse_text(text)
    assert got.agency == "淮安市人民政府"


@pytest.mark.parametrize("name", ALL)
def test_cells_run_together_are_recovered_or_reported(name):
    want = source(name)
    try:
        got = parse_text(run_together(want))
    except UnreadableReport as exc:
        assert "一个单元格也未能读出" in exc.message  # nothing placed: said so, exit 2
        return
    wrong, missing = wrong_and_missing(got, want)
    assert wrong == []
    assert unread_is_error(got)
    if missing:
        assert any(f.severity == "error" for f in got.findings)


@pytest.mark.parametrize("name", COMPLETE)
def test_every_cell_of_three_run_together_is_recovered(name):
    want = source(name)
    got = parse_text(run_together(want))
    assert wrong_and_missing(got, want, ["applications"]) == ([], [])


def test_the_huaian_appeals_run_splits_two_rows_one_way_and_says_the_third_is_ambiguous():
    want = source("huaian-city-2024")
    got = parse_text(run_together(want))
    assert got.tables["appeals"]["review"] == want.tables["appeals"]["review"]
    assert got.tables["appeals"]["litigation_direct"] == want.tables["appeals"]["litigation_direct"]
    assert set(got.tables["appeals"]["litigation_after_review"].values()) == {None}
    finding = next(f for f in got.findings if f.where.startswith("appeals/litigation_after_review"))
    assert finding.rule == "R11" and finding.severity == "error" and "不止一种" in finding.message


def test_the_issue_example_row_splits_one_way():
    assert splits("801000081", 7, total_last=True) == [(80, 1, 0, 0, 0, 0, 81)]
    assert len(splits("1100000", 6, total_last=False)) > 1


@pytest.mark.parametrize("name", ALL)
def test_torn_pdftotext_is_recovered_or_reported(name):
    want = source(name)
    try:
        got = parse_text(torn_text(want))
    except UnreadableReport as exc:
        assert "一个单元格也未能读出" in exc.message
        return
    wrong, _ = wrong_and_missing(got, want)
    assert wrong == []
    assert unread_is_error(got)


@pytest.mark.parametrize("name", COMPLETE)
def test_every_cell_of_three_torn_from_its_labels_is_recovered(name):
    want = source(name)
    got = parse_text(torn_text(want))
    assert wrong_and_missing(got, want, ["applications"]) == ([], [])


def pages_with(pdf: bytes, words: str) -> list[int]:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [k for k, page in enumerate(doc.pages) if words in "".join((page.extract_text() or "").split())]


PROSE_LINES = (20, 30, 10, 40, *range(2, 64, 2))


@pytest.mark.parametrize("name", ["huaian-city-2024", "hongze-district-2023", "shuyang-fgj-2023"])
def test_a_table_across_a_page_break_reads_as_one(name):
    from material import pushed_to_page_bottom, with_repeated_header

    from gongkai.core.report.render import render_pdf

    want = source(name)
    # lines of prose that push table 三 across a page break: found by trying, since the page
    # layout moves with how the prose is split into paragraphs
    plain = next(
        pdf
        for n in PROSE_LINES
        if len(
            set(pages_with(pdf := render_pdf(pushed_to_page_bottom(want, n)), "本年新收"))
            | set(pages_with(pdf, "结转下年度继续办理"))
        )
        == 2
    )
    repeated = next(
        pdf for n in PROSE_LINES if len(pages_with(pdf := with_repeated_header(want, n), "申请人情况")) == 2
    )
    for pdf in (plain, repeated):
        got = parse_bytes(pdf, "r.pdf")
        assert got.tables == want.tables and got.unread == []


@pytest.mark.parametrize("name", ["huaian-city-2024", "hongze-district-2023", "gaoshawo-2020"])
def test_an_html_three_table_split_in_two_by_the_editor_reads_as_one(name):
    from material import split_three_table

    want = source(name)
    page = split_three_table(want)
    assert page.count(b"<table") == len(want.spec.tables) + 1
    got = parse_bytes(page, "r.html")
    assert got.tables == want.tables
