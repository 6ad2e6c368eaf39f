"""The answer deadline of an application, counted by hand on the 2026 calendar."""

from datetime import date as D

import pytest

from gongkai.core.deadlines import (
    PAUSE,
    RESTART,
    Interval,
    answer_deadline,
    correction_request_deadline,
    deadline_flag,
)
from gongkai.core.workdays import packaged_calendar

CAL = packaged_calendar()


def due(**kw):
    return answer_deadline(CAL, receipt=kw.pop("receipt", D(2026, 9, 28)), **kw)


def test_it_counts_20_working_days_across_the_national_day_holiday():
    d = due()
    assert d.date == D(2026, 10, 30) and not d.provisional
    text = "\n".join(d.explanation)
    assert "2026-10-01 至 2026-10-07 不计：国庆节" in text
    assert "2026-10-10 周六 计入：调休上班" in text
    assert d.explanation[-1] == "答复期限：2026-10-30。"


def test_an_extension_of_20_working_days_moves_it_to_27_november():
    d = due(extension_days=20)
    assert d.date == D(2026, 11, 27)
    assert any("延长 20 个工作日" in line for line in d.explanation)


def test_an_extension_beyond_20_days_is_refused():
    with pytest.raises(ValueError):
        due(extension_days=21)


def test_a_third_party_consultation_does_not_count():
    # Sent Monday 12 October, answer Friday 16 October: 13–16 October (4 working days) skipped.
    d = due(intervals=[Interval(PAUSE, D(2026, 10, 12), D(2026, 10, 16), "第三十二条", "征求第三方意见")])
    assert d.date == D(2026, 11, 5)
    assert d.skipped_workdays == 4
    assert any("第三十二条" in line and "4 个工作日不计" in line for line in d.explanation)


def test_an_open_consultation_projects_15_working_days():
    d = due(intervals=[Interval(PAUSE, D(2026, 10, 12), None, "第三十二条", "征求第三方意见", expected_days=15)])
    # 13 Oct .. 2 Nov are the 15 working days of the third party: 30 Oct + 15 = 20 November.
    assert d.paused and d.date == D(2026, 11, 20)


def test_an_open_pause_without_an_expected_end_gives_no_date():
    d = due(intervals=[Interval(PAUSE, D(2026, 10, 12), None, "第三十四条", "征求其他机关意见")])
    assert d.date is None and d.paused


def test_a_correction_restarts_the_count_from_the_corrected_application():
    d = due(intervals=[Interval(RESTART, D(2026, 9, 30), D(2026, 10, 9), "第三十条", "告知补正")])
    assert d.start == D(2026, 10, 9) and d.date == D(2026, 11, 5)


def test_while_waiting_for_a_correction_there_is_no_deadline():
    d = due(intervals=[Interval(RESTART, D(2026, 9, 30), None, "第三十条")])
    assert d.date is None and d.waiting
    assert "重新计算" in d.explanation[-1]


def test_a_pause_before_the_correction_is_forgotten():
    d = due(
        intervals=[
            Interval(PAUSE, D(2026, 9, 29), D(2026, 9, 30), "第三十二条", "征求第三方意见"),
            Interval(RESTART, D(2026, 9, 30), D(2026, 10, 9), "第三十条"),
        ]
    )
    assert d.date == D(2026, 11, 5)


def test_overlapping_pauses_skip_a_day_once():
    a = Interval(PAUSE, D(2026, 10, 12), D(2026, 10, 16), "第三十二条", "征求第三方意见")
    b = Interval(PAUSE, D(2026, 10, 14), D(2026, 10, 19), "第三十四条", "征求其他机关意见")
    d = due(intervals=[a, b])
    # 13,14,15,16,19 October: 5 working days.
    assert d.skipped_workdays == 5 and d.date == D(2026, 11, 6)


def test_a_later_deadline_under_article_35_replaces_the_count():
    d = due(later_deadline=D(2026, 12, 15))
    assert d.date == D(2026, 12, 15)
    assert any("第三十五条" in line for line in d.explanation)


def test_an_earlier_later_deadline_changes_nothing():
    assert due(later_deadline=D(2026, 10, 1)).date == D(2026, 10, 30)


def test_a_deadline_in_2027_is_provisional():
    # 11, 14–18, 21–25, 28–31 December (15), 2027-01-01 元旦 skipped, 4–8 January (20).
    d = due(receipt=D(2026, 12, 10))
    assert d.date == D(2027, 1, 8) and d.provisional and d.unknown_years == (2027,)
    assert "暂定" in d.explanation[-1]


def test_a_receipt_on_a_holiday_counts_from_that_day():
    # 8, 9, 10 (调休), 12–16, 19–23, 26–30 October, 2 and 3 November.
    assert due(receipt=D(2026, 10, 3)).date == D(2026, 11, 3)


def test_a_correction_must_be_asked_within_7_working_days():
    assert correction_request_deadline(CAL, D(2026, 9, 28)) == D(2026, 10, 13)


def test_flags_due_soon_and_overdue():
    assert deadline_flag(CAL, D(2026, 10, 30), D(2026, 10, 31)) == "overdue"
    assert deadline_flag(CAL, D(2026, 10, 30), D(2026, 10, 27)) == "soon"
    assert deadline_flag(CAL, D(2026, 10, 30), D(2026, 10, 26)) == ""
    assert deadline_flag(CAL, None, D(2026, 10, 26)) == ""
