from datetime import date, timedelta
from pathlib import Path

import pytest

from gongkai.core.workdays import (
    CalendarFileError,
    SpecialDay,
    WorkCalendar,
    packaged_calendar,
    parse_calendar_file,
)

OFFICIAL = Path(__file__).parent.parent / "fixtures" / "official-calendar-2019-2026.txt"


def official_days():
    """Holidays and make-up days as keyed by hand from the State Council notices."""
    off, work = set(), set()
    for line in OFFICIAL.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        first, last = (date.fromisoformat(x) for x in parts[2].split(".."))
        off.update(first + timedelta(days=i) for i in range((last - first).days + 1))
        work.update(date.fromisoformat(x) for x in parts[4:])
    return off, work


def reference_add(day, n, off, work):
    while n:
        day += timedelta(days=1)
        if day in work or (day.weekday() < 5 and day not in off):
            n -= 1
    return day


@pytest.fixture(scope="module")
def cal():
    return packaged_calendar(2018, 2027)


def test_it_matches_the_official_calendar_for_every_day_2019_to_2026(cal):
    off, work = official_days()
    day = date(2019, 1, 1)
    while day <= date(2026, 11, 30):
        assert cal.add_workdays(day, 20) == reference_add(day, 20, off, work), day
        day += timedelta(days=1)


def test_it_counts_twenty_working_days_across_national_day():
    cal = packaged_calendar()
    assert cal.add_workdays(date(2026, 9, 28), 20) == date(2026, 10, 30)
    assert cal.add_workdays(date(2026, 10, 30), 20) == date(2026, 11, 27)


def test_it_does_not_count_the_start_day_and_counts_from_a_holiday():
    cal = packaged_calendar()
    assert cal.add_workdays(date(2026, 10, 3), 1) == date(2026, 10, 8)
    assert cal.add_workdays(date(2026, 11, 27), 0) == date(2026, 11, 27)


def test_it_explains_skipped_days_and_makeup_working_days():
    due = packaged_calendar().due(date(2026, 9, 28), 20)
    text = "\n".join(due.explanation())
    assert "2026-10-01 周四 不计：国庆节" in text
    assert "2026-10-10 周六 计入：调休上班（国庆节）" in text
    assert "2026-10-11 周日 不计：周末" in text
    assert not due.provisional


def test_it_names_the_2020_spring_festival_extension():
    cal = packaged_calendar()
    assert not cal.is_workday(date(2020, 2, 1))
    assert "延长" in cal.reason(date(2020, 2, 2))


def test_a_year_without_calendar_is_provisional_but_keeps_the_statutory_festivals():
    # Hand count from Sunday 2026-12-20: 21–25 and 28–31 December are 9 working days; Friday
    # 2027-01-01 (元旦) is skipped; 4–8 and 11–15 January make 19; Monday 18 January is the 20th.
    due = packaged_calendar(2019, 2026).due(date(2026, 12, 20), 20)
    assert due.date == date(2027, 1, 18)
    assert due.provisional and due.unknown_years == (2027,)
    text = "\n".join(due.explanation())
    assert "2027-01-01 周五 不计：元旦" in text
    assert "暂定" in due.explanation()[-1]


def test_the_lunar_festivals_of_an_unpublished_year_are_computed():
    cal = packaged_calendar(2019, 2026)
    # 2027: 除夕 is 5 February, 春节 6–8 February (a weekend, so 9–10 February are given back),
    # 端午 9 June, 中秋 15 September, 国庆 1–3 October plus 4–5 October.
    for day in (
        date(2027, 2, 5),
        date(2027, 2, 8),
        date(2027, 2, 9),
        date(2027, 6, 9),
        date(2027, 9, 15),
        date(2027, 10, 1),
        date(2027, 10, 5),
    ):
        assert not cal.is_workday(day), day
    assert cal.is_workday(date(2027, 2, 11)) and cal.is_workday(date(2027, 10, 6))
    assert "春节" in cal.reason(date(2027, 2, 8))


def test_a_calendar_without_festivals_counts_weekends_only():
    cal = WorkCalendar([], [], festivals=None)
    assert cal.add_workdays(date(2026, 12, 20), 20) == date(2027, 1, 15)


def test_workdays_between_is_the_inverse_of_add(cal):
    start = date(2024, 1, 28)
    for n in (0, 1, 7, 15, 20, 40):
        assert cal.workdays_between(start, cal.add_workdays(start, n)) == n
    assert cal.workdays_between(date(2026, 10, 30), date(2026, 9, 28)) == -20


def test_a_calendar_is_only_data():
    cal = WorkCalendar([SpecialDay(date(2030, 1, 1), False, "元旦")], [2030])
    assert not cal.is_workday(date(2030, 1, 1))
    assert cal.is_known(date(2030, 6, 1)) and not cal.is_known(date(2031, 1, 1))


def test_it_reads_a_calendar_file():
    days = parse_calendar_file("date,kind,name\n2027-01-01,holiday,元旦\n# comment\n2027-02-06,workday,春节\n")
    assert days == [SpecialDay(date(2027, 1, 1), False, "元旦"), SpecialDay(date(2027, 2, 6), True, "春节")]


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("2027-13-01,holiday,元旦\n", "不是 YYYY-MM-DD"),
        ("2027-01-01,rest,元旦\n", "workday（上班）或 holiday（放假）"),
        ("2027-01-01,holiday\n", "写明节日名称"),
        ("2027-01-01,holiday,元旦\n2027-01-01,holiday,元旦\n", "重复"),
        ("", "没有任何日期"),
    ],
)
def test_a_bad_calendar_file_says_what_to_fix(text, fragment):
    with pytest.raises(CalendarFileError, match=fragment):
        parse_calendar_file(text)
