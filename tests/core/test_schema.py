"""The JSON form of a report is checked by one schema before anything reads it, and written in
one canonical form."""

import json
from pathlib import Path

import pytest

from gongkai.core.report import UnreadableReport
from gongkai.core.report.model import NotAReport, Report, canonical_json
from gongkai.core.report.parse import parse_bytes

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"


def huaian() -> dict:
    return json.loads(parse_bytes((CORPUS / "huaian-city-2024.txt").read_bytes(), "h.txt").to_json())


def refusal(data) -> str:
    text = data if isinstance(data, (str, bytes)) else json.dumps(data, ensure_ascii=False)
    with pytest.raises(UnreadableReport) as exc:
        parse_bytes(text.encode() if isinstance(text, str) else text, "r.json")
    return exc.value.message


@pytest.mark.parametrize(
    "change,where",
    [
        ({"provenance": ["not", "an", "object"]}, "provenance 应为对象"),
        ({"headings": {"overview": 3}}, "headings/overview 应为字符串"),
        ({"sections": None}, "sections 应为对象"),
        ({"sections": {"overview": None}}, "sections/overview 应为字符串"),
        ({"year": 10**30}, "应在1990–2100之间"),
        ({"year": 1989}, "应在1990–2100之间"),
        ({"year": "2024"}, "year 应为整数"),
        ({"format": "2020"}, 'format 为"2020"'),
    ],
)
def test_the_crashing_shapes_are_refused_with_the_place_named(change, where):
    data = huaian()
    data.update(change)
    message = refusal(data)
    assert message.startswith("JSON 不是有效的年度报告") and where in message


def test_cells_must_be_finite_numbers_of_the_reports_own_codes():
    data = huaian()
    data["tables"]["applications"]["new"]["natural"] = "12"
    assert "tables/applications/new/natural 应为数字或null" in refusal(data)
    data = huaian()
    data["tables"]["20.9"] = {"procurement": {"items": 1}}  # a 2019 table in a 2021 report
    assert "没有的代码：20.9" in refusal(data)
    text = json.dumps(huaian()).replace('"natural": 3001', '"natural": NaN')
    assert "NaN" in refusal(text)
    text = json.dumps(huaian()).replace('"natural": 3001', '"natural": Infinity')
    assert "Infinity" in refusal(text)
    data = huaian()
    data["tables"]["applications"]["new"]["natural"] = 1e300
    assert "超出允许范围" in refusal(data)


def test_a_json_of_another_kind_is_not_a_report():
    with pytest.raises(NotAReport):
        parse_bytes(b'{"name": "package", "version": "1.0"}', "package.json")
    with pytest.raises(NotAReport):
        parse_bytes(b"[1, 2, 3]", "list.json")


def test_the_report_json_is_canonical():
    report = parse_bytes((CORPUS / "huaian-city-2024.txt").read_bytes(), "h.txt")
    text = report.to_json()
    shuffled = json.loads(text)
    shuffled = {k: shuffled[k] for k in reversed(list(shuffled))}
    shuffled["tables"]["applications"]["new"] = {
        k: float(v) for k, v in reversed(list(shuffled["tables"]["applications"]["new"].items()))
    }
    assert canonical_json(shuffled) == text
    keys = list(json.loads(text))
    assert keys == sorted(keys)
    # read back, the tables keep the format's printed order in memory
    again = Report.from_json(text)
    assert list(again.tables["applications"])[:2] == ["new", "carried_over"]
    assert again.to_json() == text
