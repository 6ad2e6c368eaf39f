"""Working days of the Chinese statutory calendar (工作日), without Django.

A calendar is data: the special days of each year whose calendar the State Council has published
(statutory holidays, and weekend days that are working days, 调休上班). Every other day is a
working day from Monday to Friday. For a year whose calendar is not published yet, the statutory
festivals of 《全国年节及纪念日放假办法》 (元旦, 除夕 and 春节, 清明, 劳动节, 端午, 中秋, 国庆, lunar
dates computed, with the substitute days for festivals that fall on a weekend) are taken from the
`holidays` package; the make-up working days (调休) cannot be known in advance, so every result
that touches such a year is still marked provisional.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Callable, Iterable

WEEKEND = "周末"
MAKEUP = "调休上班"


class CalendarFileError(ValueError):
    """A calendar file that cannot be imported; the message says what to fix."""


@dataclass(frozen=True)
class SpecialDay:
    day: date
    workday: bool
    name: str


@dataclass(frozen=True)
class Step:
    """One day of a count that is worth explaining: skipped, or a weekend working day."""

    day: date
    counted: bool
    reason: str
    provisional: bool = False


@dataclass(frozen=True)
class Due:
    start: date
    days: int
    date: date
    provisional: bool
    steps: tuple[Step, ...] = field(default=())
    unknown_years: tuple[int, ...] = field(default=())

    def explanation(self) -> list[str]:
        lines = [f"自 {self.start.isoformat()} 起算（当日不计），第 {self.days} 个工作日为 {self.date.isoformat()}。"]
        for step in self.steps:
            verb = "计入" if step.counted else "不计"
            lines.append(f"{step.day.isoformat()} {weekday_name(step.day)} {verb}：{step.reason}")
        if self.provisional:
            years = "、".join(str(y) for y in self.unknown_years)
            lines.append(f"{years} 年的节假日安排尚未录入，{PROVISIONAL_RULE}，结果为暂定日期。")
        return lines


PROVISIONAL_RULE = "按《全国年节及纪念日放假办法》的法定节日和周末推算（调休未知）"
FESTIVAL_NOTE = "（法定节日，按放假办法推算）"


@lru_cache(maxsize=64)
def statutory_festivals(year: int) -> dict[date, str]:
    """The statutory festival days of a year as the law fixes them, before the State Council
    publishes that year's schedule (no 调休 make-up days: those are decided each year)."""
    import holidays

    # holidays builds its country classes at import time: a type checker cannot see them.
    china = holidays.China(years=year, language="zh_CN")  # type: ignore[attr-defined]
    return {day: str(name) for day, name in china.items()}


WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def weekday_name(day: date) -> str:
    return WEEKDAY_NAMES[day.weekday()]


class WorkCalendar:
    def __init__(
        self,
        special_days: Iterable[SpecialDay] = (),
        years: Iterable[int] = (),
        festivals: Callable[[int], dict[date, str]] | None = statutory_festivals,
    ):
        self.special = {s.day: s for s in special_days}
        self.years = frozenset(years)
        # For the years not entered: the statutory festivals (None counts weekends only).
        self.festivals = festivals

    def is_known(self, day: date) -> bool:
        return day.year in self.years

    def festival(self, day: date) -> str | None:
        """The statutory festival on `day` in a year whose schedule is not entered, else None."""
        if self.festivals is None or day.year in self.years:
            return None
        return self.festivals(day.year).get(day)

    def is_workday(self, day: date) -> bool:
        special = self.special.get(day)
        if special is not None:
            return special.workday
        if self.festival(day) is not None:
            return False
        return day.weekday() < 5

    def reason(self, day: date) -> str:
        special = self.special.get(day)
        if special is None:
            festival = self.festival(day)
            if festival is not None:
                return festival + FESTIVAL_NOTE
            return WEEKEND if day.weekday() >= 5 else "工作日"
        return MAKEUP + (f"（{special.name}）" if special.name else "") if special.workday else special.name

    def _step(self, day: date) -> Step | None:
        special = self.special.get(day)
        workday = self.is_workday(day)
        if workday and (special is None or day.weekday() < 5):
            return None
        return Step(day, workday, self.reason(day), not self.is_known(day))

    def due(self, start: date, days: int) -> Due:
        """The `days`-th working day after `start`; `start` itself is never counted."""
        if days < 0:
            raise ValueError("days must be ≥ 0")
        day, counted, steps = start, 0, []
        while counted < days:
            day += timedelta(days=1)
            step = self._step(day)
            if step:
                steps.append(step)
            if self.is_workday(day):
                counted += 1
        unknown = sorted({y for y in range(start.year, day.year + 1) if y not in self.years})
        return Due(start, days, day, bool(unknown), tuple(steps), tuple(unknown))

    def add_workdays(self, day: date, n: int) -> date:
        return self.due(day, n).date

    def workdays_between(self, a: date, b: date) -> int:
        """Working days after `a` up to and including `b` (negative when b is before a)."""
        if b < a:
            return -self.workdays_between(b, a)
        return sum(1 for i in range(1, (b - a).days + 1) if self.is_workday(a + timedelta(days=i)))

    def is_provisional(self, a: date, b: date) -> bool:
        lo, hi = min(a, b), max(a, b)
        return any(y not in self.years for y in range(lo.year, hi.year + 1))


def parse_calendar_file(text: str) -> list[SpecialDay]:
    """Read `date,workday|holiday,name` lines (a header line and # comments allowed).

    All lines are checked before anything is returned, so a bad file imports nothing.
    """
    rows: list[SpecialDay] = []
    errors: list[str] = []
    seen: set[date] = set()
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        for lineno, record in enumerate(reader, start=1):
            if not record or not "".join(record).strip() or record[0].strip().startswith("#"):
                continue
            if lineno == 1 and record[0].strip().lower() in ("date", "日期"):
                continue
            try:
                rows.append(_parse_record(record, seen))
            except CalendarFileError as exc:
                errors.append(f"第 {lineno} 行：{exc}")
    except csv.Error as exc:
        raise CalendarFileError(f"第 {reader.line_num} 行不是有效的 CSV：{exc}") from None
    if errors:
        raise CalendarFileError("；".join(errors[:10]))
    if not rows:
        raise CalendarFileError(
            "文件中没有任何日期。每行应为：日期,workday 或 holiday,名称，例如 2027-01-01,holiday,元旦"
        )
    return rows


MAX_NAME = 100  # the calendar keeps names of up to 100 characters
KINDS = {"workday": True, "上班": True, "工作日": True, "holiday": False, "放假": False, "休息": False}


def _parse_record(record: list[str], seen: set[date]) -> SpecialDay:
    if len(record) < 2:
        raise CalendarFileError("至少需要两列：日期,workday 或 holiday")
    raw_day, raw_kind = record[0].strip(), record[1].strip().lower()
    try:
        day = date.fromisoformat(raw_day)
    except ValueError:
        raise CalendarFileError(f"“{raw_day}”不是 YYYY-MM-DD 格式的日期") from None
    if raw_kind not in KINDS:
        raise CalendarFileError(f"第二列“{record[1].strip()}”应为 workday（上班）或 holiday（放假）")
    if day in seen:
        raise CalendarFileError(f"{raw_day} 重复出现")
    seen.add(day)
    name = record[2].strip() if len(record) > 2 else ""
    if len(name) > MAX_NAME:
        raise CalendarFileError(f"{raw_day} 的名称超过 {MAX_NAME} 个字")
    if not KINDS[raw_kind] and not name:
        raise CalendarFileError(f"{raw_day} 是放假日，请在第三列写明节日名称")
    return SpecialDay(day, KINDS[raw_kind], name)


HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

# 国办发明电〔2020〕1号 extended the 2020 Spring Festival; chinesecalendar files these days under
# the festival itself. It also cancelled the make-up working day of Saturday 1 February.
RENAMED = {
    date(2020, 1, 31): "春节假期延长（国办发明电〔2020〕1号）",
    date(2020, 2, 1): "春节假期延长（国办发明电〔2020〕1号）",
    date(2020, 2, 2): "春节假期延长（国办发明电〔2020〕1号）",
}


def packaged_special_days(first_year: int, last_year: int) -> list[SpecialDay]:
    """The special days that the chinesecalendar package carries for a range of years."""
    from chinese_calendar import constants

    days = []
    for table, workday in ((constants.holidays, False), (constants.workdays, True)):
        for day, english in table.items():
            if first_year <= day.year <= last_year:
                name = RENAMED.get(day) or HOLIDAY_NAMES.get(str(english), str(english))
                days.append(SpecialDay(day, workday, name))
    return sorted(days, key=lambda s: s.day)


def packaged_calendar(first_year: int = 2019, last_year: int = 2026) -> WorkCalendar:
    return WorkCalendar(packaged_special_days(first_year, last_year), range(first_year, last_year + 1))
