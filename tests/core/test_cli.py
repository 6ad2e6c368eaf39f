"""The command line: exit codes, the findings table, rendering."""

import json
from pathlib import Path

from gongkai.core.cli import main

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"


def test_parse_json_exit_codes(capsys):
    assert main(["report", "parse", str(CORPUS / "huaian-city-2024.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "2021" and data["year"] == 2024
    assert data["tables"]["applications"]["new"]["total"] == 3119
    assert main(["parse", str(CORPUS / "hongze-district-2023.txt")]) == 1
    out = capsys.readouterr().out
    assert "R4" in out and "错误" in out


def test_unreadable_file_exits_2_without_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    assert main(["report", "parse", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "无法读取" in err and "Traceback" not in err
    assert main(["report", "parse", str(tmp_path / "missing.txt")]) == 2


def test_check_folder_summary_line(tmp_path, capsys):
    for name in ("hongze-district-2023.txt", "hongze-district-2024.txt", "huaian-city-2024.txt"):
        (tmp_path / name).write_bytes((CORPUS / name).read_bytes())
    assert main(["report", "check", str(tmp_path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "3 files, 4 errors, 1 warnings"
    assert main(["report", "check", str(tmp_path / "huaian-city-2024.txt")]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "1 files, 0 errors, 0 warnings"


def test_check_with_previous(capsys):
    code = main(
        [
            "report",
            "check",
            str(CORPUS / "hongze-district-2024.pdf"),
            "--previous",
            str(CORPUS / "hongze-district-2023.txt"),
        ]
    )
    assert code == 1
    assert "R5" not in capsys.readouterr().out


def test_render_every_kind_and_read_back(tmp_path, capsys):
    source = CORPUS / "shuyang-fgj-2023.txt"
    assert main(["report", "render", str(source), "--to", "json", "-o", str(tmp_path / "r.json")]) == 0
    for kind in ("html", "docx", "pdf"):
        out = tmp_path / f"r.{kind}"
        assert main(["report", "render", str(tmp_path / "r.json"), "--to", kind, "-o", str(out)]) == 0
        assert "已生成" in capsys.readouterr().out
        assert main(["report", "parse", str(out), "--json"]) == 0
        got = json.loads(capsys.readouterr().out)
        assert got["tables"] == json.loads((tmp_path / "r.json").read_text())["tables"]


def test_html_page_of_a_cms_with_blank_cells():
    from gongkai.core.report import parse_bytes

    rows = "".join(
        f"<tr><td colspan='3'>{label}</td><td>{n}</td><td>&nbsp;</td><td></td><td></td><td></td><td></td>"
        f"<td>{n}</td></tr>"
        for label, n in (("一、本年新收政府信息公开申请数量", 4), ("二、上年结转政府信息公开申请数量", 0))
    )
    page = (
        "<html><head><meta charset='gbk'></head><body><table><tr><td><table>"
        "<tr><td><p>某某县人民政府2022年政府信息公开工作年度报告</p>"
        "<p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>"
        f"<table>{rows}</table><p>四、政府信息公开行政复议、行政诉讼情况</p>"
        "</td></tr></table></td></tr></table></body></html>"
    ).encode("gbk")
    report = parse_bytes(page, "page.shtml")
    assert (report.year, report.agency) == (2022, "某某县人民政府")
    assert report.tables["applications"]["new"] == {
        "natural": 4,
        "commercial": None,
        "research": None,
        "social": None,
        "legal": None,
        "other": None,
        "total": 4,
    }
