"""OCR never guesses: a number the scan may have misread is a blank that R11 reports, never a
wrong number. Three guards, each tested here without Tesseract (fast), and the whole chain on a
150-dpi noisy long JPG (the scan that once gave a wrong number): a scanned row of 三 or 四
whose sums fail is unread; a cell whose ink is two lines of digits (a rule the scan broke) is
not read as one number; a rule broken in places still separates two rows."""

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scans  # noqa: E402

from gongkai.core import ocr  # noqa: E402
from gongkai.core.report.parse import parse_bytes, read_lines  # noqa: E402
from gongkai.core.report.parse.sources import html_page  # noqa: E402
from gongkai.core.report.render import render_html, render_pdf  # noqa: E402
from gongkai.core.report.validate import validate  # noqa: E402


@pytest.fixture(scope="module")
def report():
    return scans.short_report()


def scanned_lines(report, change=None):
    """The report's lines as OCR gives them (grid rows marked scanned), with `change`
    (label, column index, new text) applied to one cell, as a misread digit."""
    lines, _meta = html_page(render_html(report))
    for ln in lines:
        if ln.cells is not None:
            ln.scanned = True
            if change and ln.cells and change[0] in ln.cells[0]:
                ln.cells[change[1]] = change[2]
                ln.text = " | ".join(c for c in ln.cells if c)
    return lines


def test_a_scanned_row_of_three_whose_sums_fail_is_unread_not_wrong(report):
    # 一、本年新收: the natural-person count misread (an extra digit)
    new = report.tables["applications"]["new"]
    back = read_lines(scanned_lines(report, ("一、本年新收", 1, str(new["natural"]) + "1")))
    back.findings = validate(back)
    assert back.tables["applications"]["new"] == {c: None for c in new}
    assert "applications/new" in back.unread
    r11 = [f for f in back.findings if f.rule == "R11" and f.where.startswith("applications/new")]
    assert r11 and all(f.severity == "error" for f in r11)
    assert any("文字识别" in f.message for f in r11)
    others = {k: v for k, v in back.tables["applications"].items() if k != "new"}
    assert others == {k: v for k, v in report.tables["applications"].items() if k != "new"}


def test_the_same_row_from_a_text_source_is_not_blanked_its_error_is_the_reports(report):
    new = report.tables["applications"]["new"]
    lines = scanned_lines(report, ("一、本年新收", 1, str(new["natural"] + 1)))
    for ln in lines:
        ln.scanned = False
    back = read_lines(lines)
    assert back.tables["applications"]["new"]["natural"] == new["natural"] + 1


def test_a_scanned_row_of_four_whose_sums_fail_is_unread(report):
    lines = scanned_lines(report)
    row = next(ln for ln in lines if ln.cells and len(ln.cells) == 15 and all(c.isdigit() for c in ln.cells))
    row.cells[0] = str(int(row.cells[0]) + 7)  # 行政复议 维持 misread
    back = read_lines(lines)
    assert back.tables["appeals"]["review"] == {c: None for c in report.tables["appeals"]["review"]}
    assert "appeals/review" in back.unread
    assert back.tables["appeals"]["litigation_direct"] == report.tables["appeals"]["litigation_direct"]


def test_a_scanned_cell_ocr_was_not_sure_of_is_unread_not_a_printed_blank(report):
    lines = scanned_lines(report, ("一、本年新收", 2, ""))
    row = next(ln for ln in lines if ln.cells and "一、本年新收" in ln.cells[0])
    row.unsure = True
    back = read_lines(lines)
    back.findings = validate(back)
    new = report.tables["applications"]["new"]
    assert back.tables["applications"]["new"] == {**new, "commercial": None}  # the others are kept
    r11 = next(f for f in back.findings if f.rule == "R11" and f.where.startswith("applications/new"))
    assert r11.severity == "error" and "未能识别清楚" in r11.message and "商业企业" in r11.message
    row.unsure = False  # the same blank printed as a blank: a warning, as for any report
    back = read_lines(lines)
    back.findings = validate(back)
    assert {f.severity for f in back.findings if f.rule == "R11"} == {"warning"}


@pytest.mark.parametrize("label", ["规章", "行政规范性文件"])
def test_a_row_of_two_whose_label_ocr_garbled_is_placed_by_its_neighbour(report, label):
    lines = scanned_lines(report, (label, 0, "LIX"))  # 规章 as Tesseract once read it
    back = read_lines(lines)
    documents = next(t for t in report.tables if t not in ("applications", "appeals"))
    assert back.tables[documents] == report.tables[documents]
    for ln in lines:
        ln.scanned = False  # from a text source a label that names no row places nothing
    assert None in {v for row in read_lines(lines).tables[documents].values() for v in row.values()}


def test_what_an_unread_inked_cell_holds():
    dash = np.zeros((60, 120), dtype=bool)
    dash[28:32, 30:90] = True
    assert ocr._unread_mark(dash) == "-"
    assert ocr._unread_mark(cell_ink(["7"])) == ocr.UNSURE
    speck = np.zeros((60, 120), dtype=bool)
    speck[10:13, 10:13] = True
    assert ocr._unread_mark(speck) == ""


def cell_ink(draw_text_lines):
    img = Image.new("L", (160, 110), 255)
    d = ImageDraw.Draw(img)
    for k, text in enumerate(draw_text_lines):
        d.text((20, 10 + 50 * k), text, fill=0, font_size=36)
    return np.asarray(img) < 128


def test_two_numbers_stacked_in_one_cell_count_as_two_lines():
    assert ocr._text_lines(cell_ink(["2"])) == 1
    assert ocr._text_lines(cell_ink(["2", "2"])) == 2
    assert ocr._text_lines(cell_ink(["4068.208"])) == 1


def grid_with_middle_rule(*, middle_cell: tuple[int, int] | None, last_cell: tuple[int, int] | None):
    """Two rows of three cells; the rule between the rows printed over the given x-span of the
    middle and of the last cell only (None: not at all), as a merged cell or a broken scan."""
    img = Image.new("L", (1200, 400), 255)
    d = ImageDraw.Draw(img)
    for y in (50, 250):
        d.line((100, y, 1100, y), fill=0, width=3)
    d.line((100, 150, 400, 150), fill=0, width=3)
    for span in (middle_cell, last_cell):
        if span:
            d.line((span[0], 150, span[1], 150), fill=0, width=3)
    for x in (100, 400, 700, 1100):
        d.line((x, 50, x, 250), fill=0, width=3)
    bands, _rules = ocr.find_grid(np.asarray(img) < 128)
    assert len(bands) == 2
    return [bool(c) for c in bands[1][3]]


def test_a_rule_the_scan_broke_in_places_still_separates_two_rows():
    # no rule over the middle cell: merged; the last cell's rule whole
    assert grid_with_middle_rule(middle_cell=None, last_cell=(700, 1100)) == [False, True, False]
    # a quarter of the last cell's rule left by the scan: still two rows
    assert grid_with_middle_rule(middle_cell=(400, 700), last_cell=(850, 950)) == [False, False, False]
    assert grid_with_middle_rule(middle_cell=(400, 700), last_cell=None) == [False, False, True]


@pytest.fixture(autouse=True)
def ocr_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_OCR_CACHE", str(tmp_path / "ocr"))


def test_a_noisy_150_dpi_long_jpg_reads_no_cell_wrong_and_reports_every_blank():
    """The scan that once gave 2 as 22: shuyang 2025, 150 dpi, 0.4° askew, speckled, one JPG."""
    corpus = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
    from gongkai.core.report.parse import parse_text

    expected = parse_text((corpus / "shuyang-county-2025.txt").read_text("utf-8"))
    expected.sections = {k: v[:60] for k, v in expected.sections.items()}
    printed = render_pdf(expected)
    data = scans.long_jpeg(scans.rasterise(printed, 150), 150, angle=0.4, noise=0.003)
    back = parse_bytes(data, "年报.jpg")
    tables = [t for t in expected.tables]
    differ = scans.wrong_cells(back, expected, tables=tables)
    assert [d for d in differ if d[4] is not None] == []  # nothing wrong
    reported = {f.where.rsplit("/", 1)[0] for f in back.findings if f.rule == "R11"} | {
        f.where for f in back.findings if f.rule == "R11"
    }
    for table, row, col, _value, _read in differ:  # every blank said by R11
        assert f"{table}/{row}" in reported or f"{table}/{row}/{col}" in reported
    assert len(differ) <= 10
