"""Table 四 torn out of order (plain pdftotext puts a cell out of its place, or reads the table
column by column): recovered when the sums allow one order only; a row they allow in more
than one order stays an R11 error saying so; the other rows are read."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from material import torn_text  # noqa: E402

from gongkai.core.report import parse_file, parse_text  # noqa: E402
from gongkai.core.report.parse.recover import rows_by_moves  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
HUAIAN = parse_file(CORPUS / "huaian-city-2024.txt")
TRUTH = HUAIAN.tables["appeals"]


def test_pdftotext_moving_one_cell_of_the_first_row_reads_the_others_and_reports_the_first():
    # pdftotext prints 行政复议 as 72 178 37 351 64: 64 (结果纠正) drifted behind the total
    got = parse_text(torn_text(HUAIAN))
    assert got.tables["appeals"]["litigation_direct"] == TRUTH["litigation_direct"]
    assert got.tables["appeals"]["litigation_after_review"] == TRUTH["litigation_after_review"]
    assert set(got.tables["appeals"]["review"].values()) == {None}
    finding = next(f for f in got.findings if f.where.startswith("appeals/review"))
    assert (finding.rule, finding.severity) == ("R11", "error")
    assert "不止一种顺序" in finding.message


def four_as_lines(numbers: list[int]) -> str:
    """The huaian text with table 四's numbers one per line in the given order."""
    text = (CORPUS / "huaian-city-2024.txt").read_text()
    start = text.index("四、政府信息公开行政复议")
    end = text.index("五、", start)
    header = "四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n"
    return text[:start] + header + "\n".join(str(n) for n in numbers) + "\n" + text[end:]


def printed(table) -> list[int]:
    return [v for row in table.values() for v in row.values()]


def test_a_total_printed_before_its_row_is_put_back_when_only_one_order_sums():
    numbers = printed(TRUTH)
    numbers.insert(0, numbers.pop(4))  # 351 first: 351 72 64 178 37 | 13 4 8 1 26 | …
    got = parse_text(four_as_lines(numbers))
    assert got.tables["appeals"] == TRUTH
    assert not [f for f in got.findings if f.rule == "R11"]


def test_a_table_read_column_by_column_is_put_back():
    numbers = printed(TRUTH)
    by_column = [numbers[r * 5 + c] for c in range(5) for r in range(3)]
    got = parse_text(four_as_lines(by_column))
    assert got.tables["appeals"] == TRUTH


def test_an_order_no_move_can_mend_stays_unread():
    numbers = printed(TRUTH)
    numbers[0], numbers[5] = numbers[5], numbers[0]
    numbers[6], numbers[11] = numbers[11], numbers[6]
    got = parse_text(four_as_lines(numbers))
    assert set(v for row in got.tables["appeals"].values() for v in row.values()) == {None}
    assert {f.severity for f in got.findings if f.where.startswith("appeals/")} == {"error"}


def test_rows_by_moves_is_bounded_and_exact():
    assert rows_by_moves([1, 2, 3], 3, 5) is None
    assert rows_by_moves([1, 1, 2], 1, 3) == [[1, 1, 2]]
    assert rows_by_moves([2, 1, 1], 1, 3) == [[1, 1, 2]]
    assert rows_by_moves([6, 1, 2, 3], 1, 4) == [[1, 2, 3, 6]]  # only moving 6 makes it sum
    assert rows_by_moves([1, 2, 6, 3], 1, 4) == [None]  # 3 may go before 6 in three places
    assert rows_by_moves([1, 2, 6, 4], 1, 4) is None
