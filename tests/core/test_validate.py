"""The rules on reports built from data, as the Django side builds them."""

import pytest

from gongkai.core.report import empty_report, format_for_year, validate
from gongkai.core.report.formats import FORMAT_2021


def consistent(fmt="2021", year=2024, agency="淮安市人民政府"):
    report = empty_report(fmt, year, agency)
    for table in report.spec.tables:
        for row in table.rows:
            for col in table.columns:
                report.set_cell(table.code, row.code, col.code, 0)
    apps = report.tables["applications"]
    for row, n in (("new", 5), ("carried_over", 1), ("granted", 4), ("total", 4), ("carried_forward", 2)):
        apps[row]["natural"] = apps[row]["total"] = n
    report.fill("appeals", {"review": {"upheld": 1, "pending": 1, "total": 2}})
    return report


def rules(findings):
    return [(f.rule, f.severity, f.where) for f in findings]


def test_it_finds_nothing_wrong_in_a_consistent_report():
    assert validate(consistent()) == []
    assert validate(consistent("2019", 2020)) == []


def test_r1_r2_r3_r4_are_errors_naming_the_numbers():
    report = consistent()
    report.tables["applications"]["total"]["total"] = 5
    report.tables["appeals"]["review"]["total"] = 3
    found = validate(report)
    assert ("R1", "error", "applications/total/total") in rules(found)
    assert ("R2", "error", "applications/total/total") in rules(found)
    assert ("R3", "error", "applications/total/total") in rules(found)
    r4 = next(f for f in found if f.rule == "R4")
    assert r4.where == "appeals/review/total" and "3" in r4.message and "2" in r4.message


def test_blanks_are_unknowns_not_zeros():
    report = consistent()
    report.tables["applications"]["new"]["commercial"] = None
    found = validate(report)
    assert ("R11", "warning", "applications/new/commercial") in rules(found)
    proof = [f for f in found if f.rule == "R3" and f.where == "applications/new/commercial"]
    assert proof[0].severity == "warning" and "只能为0" in proof[0].message
    assert report.tables["applications"]["new"]["commercial"] is None
    # a blank cannot repair a sum the known cells already exceed
    report.tables["applications"]["new"]["natural"] = 9
    assert ("R3", "error", "applications/new/total") in rules(validate(report))


def test_r6_counts_are_whole_and_not_negative():
    report = consistent()
    report.tables["20.5"]["license"]["decisions"] = -1
    report.tables["20.6"]["penalty"]["decisions"] = 2.5
    found = rules(validate(report))
    assert ("R6", "error", "20.5/license/decisions") in found
    assert ("R6", "error", "20.6/penalty/decisions") in found
    report = consistent("2019", 2020)
    report.tables["20.5"]["license"].update(prev_items=2, change=-3)
    assert ("R6", "error", "20.5/license/change") in rules(validate(report))


def test_r8_compares_the_format_with_the_year():
    assert format_for_year(2020).code == "2019" and format_for_year(2021) is FORMAT_2021
    found = validate(consistent("2019", 2022))
    assert ("R8", "error", "format") in rules(found)


def test_r10_townships_make_no_rules():
    report = consistent(agency="盐池县高沙窝镇")
    report.tables["20.1"]["rules"]["issued"] = 1
    assert ("R10", "error", "20.1/rules") in rules(validate(report))
    assert "R10" not in {f.rule for f in validate(report, level="county")}
    city = consistent(agency="镇江市人民政府")
    city.tables["20.1"]["rules"]["issued"] = 1
    assert "R10" not in {f.rule for f in validate(city)}
    assert ("R10", "error", "20.1/rules") in rules(validate(city, level="乡镇"))


@pytest.mark.parametrize(
    "prose,ok",
    [
        ("全年共受理政府信息公开申请5件，答复4件（含上年度结转申请1件，另有2件顺延到下年度答复）。", True),
        ("全年共收到政府信息公开申请6件。", True),  # new + carried over
        ("全年共收到政府信息公开申请7件。", False),
        ("予以公开4件，不予公开0件，无法提供0件。", True),
        ("同意公开答复3件。", False),
        ("行政复议2件，其中结果维持1件，尚未审结1件；行政诉讼0件。", True),
        ("行政复议2件，其中结果维持2件。", False),
    ],
)
def test_r9_prose_numbers(prose, ok):
    report = consistent()
    report.sections["overview"] = prose
    r9 = [f for f in validate(report) if f.rule == "R9"]
    assert (not r9) == ok, r9
    assert all(f.severity == "warning" for f in r9)


def with_section_two(fmt, year):
    report = consistent(fmt, year)
    docs = {"2021": ("issued", "repealed", "in_force"), "2019": ("made", "published", "total")}[fmt]
    for col, n in zip(docs, (3, 1, 12)):
        report.set_cell("20.1", "normative", col, n)
    report.set_cell("20.6", "penalty", "decisions", 192)
    if fmt == "2021":
        report.set_cell("20.8", "fees", "amount_wan", 7.5)
    return report


@pytest.mark.parametrize(
    "fmt, year, prose, wrong",
    [
        ("2021", 2024, "全年制发行政规范性文件3件，废止规范性文件1件，现行有效规范性文件12件。", []),
        (
            "2021",
            2024,
            "全年印发规范性文件 4 件，废止规范性文件2件。",
            ["20.1/normative/issued", "20.1/normative/repealed"],
        ),
        ("2021", 2024, "作出行政处罚决定 192 件，行政许可0件；收取行政事业性收费 7.5 万元。", []),
        (
            "2021",
            2024,
            "作出行政处罚决定 190 件，行政事业性收费8万元。",
            ["20.6/penalty/decisions", "20.8/fees/amount_wan"],
        ),
        ("2019", 2020, "本年新制作规范性文件3件，现行有效的规范性文件12件。", []),
        ("2019", 2020, "主动公开规范性文件 1 件。", []),  # 本年新公开数量
        ("2019", 2020, "主动公开规范性文件 2 件。", ["20.1/normative/made"]),
        ("2021", 2024, "公开部门规范性文件 40 件。", []),  # a department's own, not this table's
    ],
)
def test_r9_reads_every_figure_of_section_two_the_prose_states(fmt, year, prose, wrong):
    report = with_section_two(fmt, year)
    report.sections["overview"] = prose
    r9 = [f for f in validate(report) if f.rule == "R9"]
    assert sorted(f.where for f in r9) == sorted(wrong)
    assert all(f.severity == "warning" and "第一部分写明" in f.message for f in r9)


def test_set_cell_knows_the_codes():
    report = empty_report("2021", 2024, "某机关")
    with pytest.raises(KeyError):
        report.set_cell("20.9", "procurement", "items", 1)  # gone in 2021
    with pytest.raises(TypeError):
        report.set_cell("20.5", "license", "decisions", "12")
    report.set_cell("20.5", "license", "decisions", 12)
    assert report.cell("20.5", "license", "decisions") == 12
