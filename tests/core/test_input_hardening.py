"""Hostile or damaged text input: long adversarial runs are read in linear time (bounded by a
generous hypothesis deadline; the figures are in bench/bench_adversarial.py), and bytes that
are neither UTF-8 nor GB18030 become U+FFFD with a warning saying where."""

from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.report import UnreadableReport
from gongkai.core.report.labels import core
from gongkai.core.report.parse import parse_bytes

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
HUAIAN = (CORPUS / "huaian-city-2024.txt").read_bytes()
TITLE = "某某县人民政府2024年政府信息公开工作年度报告\n"

# Each took minutes before (quadratic regexes: 100 KB of digits took 110 s); linear, each
# takes well under a second. The deadline only catches a return to quadratic time.
ADVERSARIAL = {
    "digits": lambda n: "1" * n,
    "digits after a title": lambda n: TITLE + "1" * n,
    "digits then a dot": lambda n: "1" * n + ".",
    "numerals": lambda n: "一" * n + "x",
    "spaces inside a cell": lambda n: TITLE + "1\t1" + " " * n + "x\n",
    "page mark spaces": lambda n: TITLE + "第1" + " " * n + "页x\n",
    "row labels repeated": lambda n: (
        TITLE + "三、收到和处理政府信息公开申请情况\n" + "（一）予以公开 1 0 0 0 0 0 1\n" * (n // 25)
    ),
    "digit runs in prose": lambda n: TITLE + "一、总体情况\n" + ("收到申请" + "9" * 40 + "件，") * (n // 50),
    "one cell per tab": lambda n: TITLE + "三、收到和处理政府信息公开申请情况\n" + "予以公开\t" * (n // 5),
}


@settings(deadline=timedelta(seconds=20), max_examples=len(ADVERSARIAL), derandomize=True, database=None)
@given(st.sampled_from(sorted(ADVERSARIAL)))
def test_long_adversarial_text_is_read_in_linear_time(kind):
    text = ADVERSARIAL[kind](100_000)
    try:
        parse_bytes(text.encode(), "x.txt")
    except UnreadableReport as exc:
        assert exc.message


def test_label_numbering_is_still_stripped():
    assert core("（三）不予公开") == "不予公开"
    assert core("十一、其他") == "其他"
    assert core("12. 属于国家秘密") == "属于国家秘密"
    assert core("第三部分、情况") == "情况"


def test_undecodable_bytes_become_replacement_characters_with_a_warning():
    at = HUAIAN.index("一、总体情况".encode())
    damaged = HUAIAN[:at] + b"\xff" + HUAIAN[at:]
    report = parse_bytes(damaged, "huaian.txt")
    assert report.tables["applications"]["new"]["total"] == 3119
    (warning,) = [f for f in report.findings if f.rule == "decode"]
    assert warning.severity == "warning" and "UTF-8" in warning.message and "第" in warning.message
    line = HUAIAN[:at].count(b"\n") + 1
    assert f"第{line}行" in warning.message


def test_a_gb18030_text_with_one_bad_byte_is_read_too():
    text = HUAIAN.decode().encode("gb18030")
    report = parse_bytes(text + b"\n\x80\n", "huaian.txt")
    assert report.agency == "淮安市人民政府"
    assert report.tables["appeals"]["review"]["total"] == 351
    assert [f.rule for f in report.findings] == ["decode"]


def test_binary_noise_is_still_refused():
    import random

    noise = bytes(random.Random(4).randrange(256) for _ in range(5000))
    try:
        parse_bytes(noise, "noise.txt")
    except UnreadableReport as exc:
        assert exc.message
    else:
        raise AssertionError("noise was read as a report")
