"""A label corrected in the format declaration shows everywhere the format is used: the rendered
report, the validator's messages and the results a clerk can file a case under."""

import dataclasses

import pytest

from gongkai.applications.forms import DecideForm
from gongkai.applications.outcomes import outcome_label, outcomes
from gongkai.core.report import empty_report, render_html, validate
from gongkai.core.report import formats

RENAMED = "1.属于国家秘密（更正后的标签）"


@pytest.fixture
def corrected_format(monkeypatch):
    """A copy of the 2021 format with the label of （三）1 changed, in place of the real one."""
    spec = formats.get_format("2021")
    row = next(r for r in formats.outcome_rows() if r.label == "1.属于国家秘密")
    table = spec.table(formats.APPLICATIONS)
    rows = tuple(dataclasses.replace(r, label=RENAMED) if r is row else r for r in table.rows)
    tables = tuple(dataclasses.replace(t, rows=rows) if t is table else t for t in spec.tables)
    monkeypatch.setitem(formats.FORMATS, "2021", dataclasses.replace(spec, tables=tables))
    return row.code


def test_it_shows_a_corrected_label_in_the_report_the_validator_and_the_outcomes(corrected_format):
    report = empty_report("2021", 2024, "某某镇人民政府")
    for column in report.spec.table(formats.APPLICATIONS).column_codes:
        report.set_cell(formats.APPLICATIONS, corrected_format, column, 0)
    report.set_cell(formats.APPLICATIONS, corrected_format, formats.NATURAL, 2)
    report.set_cell(formats.APPLICATIONS, corrected_format, formats.TOTAL, 3)  # 2 ≠ 3: R3 names the row

    assert RENAMED in render_html(report)
    r3 = [f.message for f in validate(report) if f.rule == "R3"]
    assert any(f"“{RENAMED}”行" in m for m in r3)
    assert outcome_label(corrected_format) == "不予公开：属于国家秘密（更正后的标签）"
    assert (corrected_format, "不予公开：属于国家秘密（更正后的标签）") in [(c, str(t)) for c, t in outcomes()]
    offered = dict(DecideForm().fields["outcome"].choices)
    assert str(offered[corrected_format]) == "不予公开：属于国家秘密（更正后的标签）"


def test_the_real_declaration_is_untouched_after_the_copy_is_gone():
    assert outcome_label(formats.ABANDONED) == "其他处理：申请人无正当理由逾期不补正"
    assert "更正后的标签" not in render_html(empty_report("2021", 2024, "某某镇人民政府"))
