"""A table that is printed but could not be read is an error, never a quiet warning: exit 1,
counted by `report check`; nothing of 三 and 四 read at all is exit 2 saying what was found."""

import json
import re
from pathlib import Path

import pytest

from gongkai.core.cli import main
from gongkai.core.report import UnreadableReport, parse_text

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
HUAIAN = (CORPUS / "huaian-city-2024.txt").read_text()


def without_numbers(text: str, first: str, last: str) -> str:
    """The text with every number between two headings dropped: the labels stay, the cells go."""
    lines = text.splitlines()
    a = next(i for i, x in enumerate(lines) if x.startswith(first))
    b = next(i for i, x in enumerate(lines) if x.startswith(last))
    lines[a + 1 : b] = [re.sub(r"\d+", "", x) for x in lines[a + 1 : b]]
    return "\n".join(lines)


def test_a_table_whose_numbers_are_lost_is_an_error_not_a_warning():
    report = parse_text(without_numbers(HUAIAN, "三、收到和处理", "四、政府信息公开"))
    unread = [f for f in report.findings if f.rule == "R11" and f.where.startswith("applications/")]
    assert unread and all(f.severity == "error" for f in unread)
    assert "未能读出" in unread[0].message
    assert "applications/new" in report.unread
    assert report.tables["appeals"]["review"]["total"] == 351  # 四 still read


def test_nothing_read_of_either_table_is_refused_saying_what_was_found():
    text = without_numbers(HUAIAN, "三、收到和处理", "五、存在的主要问题")
    with pytest.raises(UnreadableReport) as exc:
        parse_text(text)
    message = exc.value.message
    assert "淮安市人民政府" in message and "2024年度" in message and "部分标题" in message
    assert "一个单元格也未能读出" in message


def test_a_row_one_number_short_stays_a_warning_but_a_run_of_digits_does_not():
    lines = HUAIAN.splitlines()
    i = next(k for k, x in enumerate(lines) if x.startswith("一、本年新收"))
    short = lines[:]
    short[i] = " ".join(lines[i].split()[:-1])  # six numbers for seven columns
    report = parse_text("\n".join(short))
    assert {f.severity for f in report.findings if f.where.startswith("applications/new")} == {"warning"}
    run = lines[:]
    run[i] = "一、本年新收政府信息公开申请数量 3001530061431194"  # cannot be one number of 7 columns
    report = parse_text("\n".join(run))
    assert ("R11", "error") in {(f.rule, f.severity) for f in report.findings if f.where.startswith("applications/new")}


def test_check_of_a_folder_counts_what_it_skipped_and_what_it_could_not_read(tmp_path, capsys):
    (tmp_path / "huaian.txt").write_text(HUAIAN)
    (tmp_path / "torn.txt").write_text(without_numbers(HUAIAN, "三、收到和处理", "四、政府信息公开"))
    (tmp_path / "expected.json").write_text(json.dumps({"format": "2021", "tables": {}}))
    (tmp_path / "package.json").write_text('{"name": "x"}')
    (tmp_path / "notes.xlsx").write_bytes(b"PK\x03\x04")
    assert main(["report", "check", str(tmp_path)]) == 2  # a file that could not be read
    out = capsys.readouterr().out.strip().splitlines()
    assert any("huaian.txt" in x and "读出200/200个单元格" in x for x in out)
    torn = next(x for x in out if "torn.txt" in x)
    assert re.search(r"读出(\d+)/200个单元格", torn).group(1) != "200"
    # a spreadsheet is read like any report (the staff bulk check reads the same kinds), so a
    # broken one is said to be unreadable, not passed over as "not a report"
    notes = out.index(next(x for x in out if x.endswith("notes.xlsx")))
    assert (
        out[notes + 1].strip()
        == "无法读取：压缩文件不是 Word（.docx）、Excel（.xlsx）或 OpenDocument 文档，或文件已损坏"
    )
    assert out[-1].startswith("3 files, ")
    assert "1 unreadable" in out[-1] and "1 with tables not fully read" in out[-1]
    assert "2 skipped (not reports)" in out[-1]
    assert ", 0 errors" not in out[-1]


def test_a_json_named_on_the_command_line_is_still_refused(tmp_path, capsys):
    (tmp_path / "package.json").write_text('{"name": "x"}')
    assert main(["report", "check", str(tmp_path / "package.json")]) == 2
    assert "JSON 不是年度报告" in capsys.readouterr().out


def test_check_of_a_folder_with_a_run_together_report_never_ends_clean(tmp_path, capsys):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from material import run_together

    from gongkai.core.report import parse_file

    (tmp_path / "crawled.txt").write_text(run_together(parse_file(CORPUS / "huaian-city-2024.txt")))
    assert main(["report", "check", str(tmp_path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert "1 with tables not fully read" in out[-1] and ", 0 errors" not in out[-1]
    assert any("读出" in x and "/200个单元格" in x for x in out)
