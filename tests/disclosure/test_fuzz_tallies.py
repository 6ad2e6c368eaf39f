"""The Excel/CSV import of monthly tallies (许可、处罚、强制) under damaged files: every row is
read with its errors, or the file is refused with a message (TallyFileError); never an
exception, and no count the database cannot hold."""

import os

import io
import re

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.disclosure.registers import TallyFileError, parse_tallies

SCALE = int(os.environ.get("GONGKAI_FUZZ_SCALE", "1"))  # `make bench` runs the long version

HEADER = ["年度", "月份", "类型", "数量"]
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # openpyxl cannot write these: no real sheet has them
CELLS = st.one_of(
    st.none(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["行政许可", "行政处罚", "行政强制", "12.0", "１２", "²", "-0", " 3 "]),
)
ROWS = st.lists(st.lists(CELLS, min_size=0, max_size=6), max_size=25)


def xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows, encoding="utf-8"):
    return "\n".join(",".join("" if c is None else str(c) for c in r) for r in rows).encode(encoding, "replace")


def read_or_refuse(name, content):
    try:
        rows = parse_tallies(name, content)
    except TallyFileError as exc:
        assert str(exc)
        return None
    for row in rows:
        assert row.errors or (0 <= row.count <= 2**31 - 1 and 1 <= row.month <= 12 and 2000 <= row.year <= 2100)
    return rows


@settings(deadline=None, max_examples=120 * SCALE)
@given(ROWS)
def test_damaged_csv_rows_are_read_with_errors_or_refused(rows):
    read_or_refuse("tallies.csv", csv_bytes([HEADER, *rows]))


@settings(deadline=None, max_examples=60 * SCALE)
@given(ROWS.map(lambda rows: [[c if not isinstance(c, str) else ILLEGAL.sub("", c) for c in r] for r in rows]))
def test_damaged_xlsx_rows_are_read_with_errors_or_refused(rows):
    read_or_refuse("tallies.xlsx", xlsx([HEADER, *rows]))


@settings(deadline=None, max_examples=100 * SCALE)
@given(st.binary(max_size=3000), st.sampled_from(["x.csv", "x.xlsx", "x.txt"]))
def test_any_bytes_are_refused_cleanly(data, name):
    read_or_refuse(name, data)


def test_a_count_beyond_what_the_register_can_hold_is_a_row_error():
    rows = parse_tallies("t.csv", csv_bytes([HEADER, [2025, 3, "行政许可", 10**12]]))
    assert rows[0].errors and "超出范围" in rows[0].errors[0]


def test_a_superscript_digit_is_a_row_error_not_a_crash():
    rows = parse_tallies("t.csv", csv_bytes([HEADER, [2025, "²", "行政许可", 1]]))
    assert rows[0].errors


def test_full_width_digits_read_as_digits():
    rows = parse_tallies("t.csv", csv_bytes([HEADER, ["２０２５", "３", "行政许可", "１２"]]))
    assert not rows[0].errors and (rows[0].year, rows[0].month, rows[0].count) == (2025, 3, 12)
