"""Every published report of the corpus parses to its hand-keyed cells, with the findings the
corpus README describes and no false alarms."""

import json
from pathlib import Path

import pytest

from gongkai.core.report import parse_file

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"

CASES = [
    (p.stem, ext)
    for p in sorted((CORPUS / "expected").glob("*.json"))
    for ext in (".txt", ".pdf")
    if (CORPUS / f"{p.stem}{ext}").exists()
]


def differences(got: dict, expected: dict) -> list[str]:
    """The comparison of shared/tools/compare_report.py: "0|null" accepts 0 or None."""
    out = []
    for t, rows in expected["tables"].items():
        for r, cols in rows.items():
            for c, v in cols.items():
                g = got["tables"].get(t, {}).get(r, {}).get(c, "absent")
                v = "null" if v is None else v
                if v == "0|null":
                    ok = g is None or g == 0
                elif v == "null":
                    ok = g is None
                else:
                    ok = g not in (None, "absent") and abs(float(g) - float(v)) < 1e-6
                if not ok:
                    out.append(f"{t}/{r}/{c}: got {g!r}, expected {v!r}")
    return out


def rules(report, severity=None):
    return {(f.rule, f.where) for f in report.findings if severity in (None, f.severity)}


@pytest.mark.parametrize("name,ext", CASES, ids=[f"{n}{e}" for n, e in CASES])
def test_it_reads_every_published_cell(name, ext):
    expected = json.loads((CORPUS / "expected" / f"{name}.json").read_text())
    report = parse_file(CORPUS / f"{name}{ext}")
    assert differences(report.to_dict(), expected) == []
    assert report.format == expected["format"]


@pytest.mark.parametrize("name", ["hongze-district-2023", "hongze-district-2024", "huaian-city-2024"])
def test_it_reads_the_same_tables_from_text_and_pdf(name):
    text = parse_file(CORPUS / f"{name}.txt")
    pdf = parse_file(CORPUS / f"{name}.pdf")
    assert pdf.tables == text.tables
    assert (pdf.format, pdf.year, pdf.agency) == (text.format, text.year, text.agency)
    assert rules(pdf) == rules(text)


def test_it_reads_the_township_report():
    report = parse_file(CORPUS / "gaoshawo-2020.txt")
    assert (report.format, report.year, report.agency) == ("2019", 2020, "盐池县高沙窝镇")
    assert report.tables["20.6"]["penalty"] == {"prev_items": 12, "change": 0, "decisions": 192}
    assert report.tables["20.5"]["license"] == {"prev_items": 3, "change": -3, "decisions": 0}
    # rows printing six numbers for seven columns: nothing guessed, every cell None, R11 says where
    for row in [f"refused.{i}" for i in range(1, 9)] + [f"unable.{i}" for i in range(1, 4)]:
        assert set(report.tables["applications"][row].values()) == {None}
        finding = next(f for f in report.findings if f.rule == "R11" and f.where.startswith(f"applications/{row}"))
        assert "6个数字" in finding.message and "7列" in finding.message
    assert not [f for f in report.findings if f.severity == "error"]


def test_hongze_2023_breaks_r4_on_appeals_and_r8():
    report = parse_file(CORPUS / "hongze-district-2023.txt")
    errors = rules(report, "error")
    assert ("R4", "appeals/review/total") in errors
    assert ("R4", "appeals/litigation_after_review/total") in errors
    assert ("R8", "applications/other") in errors
    assert report.tables["applications"]["other"]["natural"] == 0
    assert "other.1" not in report.tables["applications"]
    assert {r for r, _ in errors} == {"R4", "R8"}


def test_hongze_2024_carries_over_from_2023():
    previous = parse_file(CORPUS / "hongze-district-2023.txt")
    report = parse_file(CORPUS / "hongze-district-2024.pdf", previous=previous)
    assert {r for r, _ in rules(report, "error")} == {"R8"}
    assert not [f for f in report.findings if f.rule == "R5"]


def test_r5_fails_when_carry_over_differs():
    previous = parse_file(CORPUS / "hongze-district-2023.txt")
    previous.tables["applications"]["carried_forward"]["natural"] = 3
    report = parse_file(CORPUS / "hongze-district-2024.txt", previous=previous)
    r5 = [f for f in report.findings if f.rule == "R5"]
    assert [f.where for f in r5] == ["applications/carried_over/natural"]
    assert "3" in r5[0].message and "0" in r5[0].message


def test_shuyang_fgj_blank_legal_person_cells_and_variant_heading():
    report = parse_file(CORPUS / "shuyang-fgj-2023.txt")
    assert not rules(report, "error")
    r11 = {w for r, w in rules(report) if r == "R11"}
    assert "applications/new" in r11 and "applications/total" in r11
    r7 = [f for f in report.findings if f.rule == "R7"]
    assert [(f.where, f.severity) for f in r7] == [("section/problems", "warning")]
    assert "存在的主要问题及整改措施" in r7[0].message
    # R3 proves the blanks are 0; the cells stay blank
    proof = [f for f in report.findings if f.rule == "R3" and f.where == "applications/new/commercial"]
    assert proof and proof[0].severity == "warning" and "只能为0" in proof[0].message
    assert report.tables["applications"]["new"]["commercial"] is None


def test_shanghai_kewei_lost_cell():
    report = parse_file(CORPUS / "shanghai-kewei-2024.txt")
    assert not rules(report, "error")
    assert ("R11", "applications/carried_forward/total") in rules(report)
    assert report.tables["applications"]["carried_forward"]["total"] is None
    derived = [f for f in report.findings if f.rule == "R1" and "应为1" in f.message]
    assert derived and derived[0].severity == "warning"


def test_shanghai_govoffice_2019_blank_totals_and_prose():
    report = parse_file(CORPUS / "shanghai-govoffice-2019.txt")
    r11 = {w for r, w in rules(report) if r == "R11"}
    for row in ("granted", "partial", "refused.1", "unable.1", "not_handled.1", "other"):
        assert any(w.startswith(f"applications/{row}") for w in r11), row
    r9 = [f for f in report.findings if f.rule == "R9"]
    assert {f.where for f in r9} == {"applications/granted+partial/total", "applications/unable/total"}
    assert any("258" in f.message and "275" in f.message for f in r9)


@pytest.mark.parametrize("name", ["huaian-city-2024", "shuyang-county-2025", "shanghai-govoffice-2025"])
def test_consistent_reports_have_no_errors(name):
    for ext in (".txt", ".pdf"):
        path = CORPUS / f"{name}{ext}"
        if path.exists():
            report = parse_file(path)
            assert not rules(report, "error"), path
            assert not [f for f in report.findings if f.rule in ("R1", "R2", "R3", "R4", "R9")]


def test_prose_figures_of_huaian_match_the_tables():
    report = parse_file(CORPUS / "huaian-city-2024.txt")
    assert report.findings == []
    assert "3119" in report.sections["overview"]
    assert "3940" in report.sections["other"]
