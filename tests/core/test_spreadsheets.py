"""Reports a county collects as spreadsheets: keyed into .xlsx (one sheet, or one sheet per
section; totals as SUM formulas), saved by an office as Excel 97 .xls, as WPS 表格 .et, or as
OpenDocument .ods — each read whole through LibreOffice; a spreadsheet that is no report is
refused saying what is missing."""

import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from material import soffice_convert, spreadsheet  # noqa: E402

from gongkai.core.report import UnreadableReport, parse_file  # noqa: E402
from gongkai.core.report.parse import parse_bytes, sniff  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def report():
    return parse_file(CORPUS / "huaian-city-2024.txt")


@pytest.mark.parametrize("per_section", [False, True])
def test_a_report_keyed_into_an_xlsx_reads_every_cell(report, per_section):
    back = parse_bytes(spreadsheet(report, per_section), "年报.xlsx")
    assert (back.agency, back.year, back.format) == (report.agency, report.year, report.format)
    assert back.tables == report.tables
    assert not [f for f in back.findings if f.rule == "R11"]


def test_totals_kept_as_formulas_are_read_as_their_values(report):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(spreadsheet(report)))
    formulas = 0
    for row in book.active.iter_rows():
        numbers = [c for c in row if isinstance(c.value, int)]
        if len(numbers) == 7:  # a row of 三: its total is the sum of the six applicant columns
            numbers[-1].value = f"=SUM({numbers[0].coordinate}:{numbers[5].coordinate})"
            formulas += 1
    assert formulas >= 20
    out = io.BytesIO()
    book.save(out)
    assert parse_bytes(out.getvalue(), "年报.xlsx").tables == report.tables


@pytest.mark.parametrize(
    "target, name, kind", [("xls", "年报.xls", "xls"), ("xls", "年报.et", "xls"), ("ods", "年报.ods", "ods")]
)
def test_a_report_saved_as_xls_et_or_ods_reads_every_cell(report, target, name, kind):
    data = soffice_convert(spreadsheet(report), ".xlsx", target)
    assert sniff(data, name) == kind
    back = parse_bytes(data, name)
    assert back.tables == report.tables and back.agency == report.agency


def test_a_spreadsheet_that_is_no_report_is_refused_saying_what_is_missing():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["事项名称", "办理数量", "办结数量"])
    for k in range(20):
        book.active.append([f"行政许可事项{k}", 10 + k, 9 + k])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(UnreadableReport) as exc:
        parse_bytes(out.getvalue(), "台账.xlsx")
    assert "未识别出政府信息公开工作年度报告" in exc.value.message
