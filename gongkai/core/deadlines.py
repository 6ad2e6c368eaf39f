"""The answer deadline of a disclosure application (依申请公开答复期限), without Django.

One function, `answer_deadline`, derives the due date from the day of receipt (第三十一条), the
clock ledger of the case and the calendar of working days, and says why:

- the answer is due on the 20th working day after receipt (第三十三条); the day of receipt itself
  never counts;
- a 补正 (第三十条) restarts the count from the day the corrected application is received; while
  the applicant has not answered, there is no answer deadline at all;
- time spent consulting a third party (第三十二条) or another agency (第三十四条), and the time a
  fee notice is outstanding, does not count: the working days of a paused interval are skipped. A
  pause that starts on day S and ends on day E skips the days after S up to and including E (the
  agency worked on the case on S; it resumes the day after the answer arrives);
- an extension of at most 20 working days (第三十三条第二款) adds to the count;
- a later deadline set under 第三十五条 replaces the count when it is later.

A date that falls in (or is counted across) a year whose holiday calendar is not entered is
provisional (暂定).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from datetime import date as _date
from typing import Iterable

from .workdays import PROVISIONAL_RULE, WorkCalendar, weekday_name

ANSWER_DAYS = 20  # 第三十三条
MAX_EXTENSION_DAYS = 20  # 第三十三条第二款
CORRECTION_REQUEST_DAYS = 7  # 第三十条
CONSULTATION_DAYS = 15  # 第三十二条、第三十四条
FEE_PAYMENT_DAYS = 20  # 信息处理费管理办法（地方实施规定）
SOON_DAYS = 3

RESTART = "restart"  # 补正 (or a reopened case): the count starts again when the interval ends
PAUSE = "pause"  # consultation or an outstanding fee: its working days do not count


@dataclass(frozen=True)
class Interval:
    """One entry of the clock ledger (计时台账)."""

    kind: str
    start: date
    end: date | None = None
    basis: str = ""
    label: str = ""
    # An open pause is assumed to last this many working days (e.g. 15 for a third party), so a
    # projected date can still be shown; None means no date can be given while it is open.
    expected_days: int | None = None


@dataclass(frozen=True)
class Deadline:
    date: date | None
    provisional: bool
    explanation: tuple[str, ...]
    start: _date | None = None  # `date` is shadowed by the field above
    paused: bool = False  # an open pause: the date is projected from its expected end
    waiting: bool = False  # waiting for the applicant's 补正: no date
    days: int = ANSWER_DAYS
    skipped_workdays: int = 0
    unknown_years: tuple[int, ...] = field(default=())


def _range(a: date, b: date) -> str:
    return a.isoformat() if a == b else f"{a.isoformat()} 至 {b.isoformat()}"


def _group(skips: list[tuple[date, str]]) -> list[str]:
    """Consecutive skipped days with the same reason, as one line each."""
    lines: list[str] = []
    run: list[tuple[date, str]] = []
    for day, reason in skips:
        if run and (day - run[-1][0]).days == 1 and reason == run[-1][1]:
            run.append((day, reason))
            continue
        if run:
            lines.append(_skip_line(run))
        run = [(day, reason)]
    if run:
        lines.append(_skip_line(run))
    return lines


def _skip_line(run: list[tuple[date, str]]) -> str:
    first, last, reason = run[0][0], run[-1][0], run[0][1]
    if reason.startswith("+"):
        return f"{first.isoformat()} {weekday_name(first)} 计入：{reason[1:]}"
    return f"{_range(first, last)} 不计：{reason}"


def _pause_end(calendar: WorkCalendar, interval: Interval) -> date | None:
    if interval.end is not None:
        return interval.end
    if interval.expected_days is None:
        return None
    return calendar.due(interval.start, interval.expected_days).date


def answer_deadline(
    calendar: WorkCalendar,
    *,
    receipt: date,
    intervals: Iterable[Interval] = (),
    extension_days: int = 0,
    later_deadline: date | None = None,
    days: int = ANSWER_DAYS,
) -> Deadline:
    """The answer deadline of one case, with the lines that explain it."""
    if not 0 <= extension_days <= MAX_EXTENSION_DAYS:
        raise ValueError(f"extension must be 0..{MAX_EXTENSION_DAYS} working days")
    intervals = sorted(intervals, key=lambda i: (i.start, i.kind))
    lines = [f"{receipt.isoformat()} 收到申请（第三十一条），当日不计。"]
    start = receipt
    for r in (i for i in intervals if i.kind == RESTART):
        if r.end is None:
            lines.append(
                f"{r.start.isoformat()} 起{r.label or '等待申请人补正'}（{r.basis or '第三十条'}），"
                "答复期限自收到补正申请之日起重新计算，目前不计时。"
            )
            return Deadline(None, False, tuple(lines), start=None, waiting=True, days=days)
        start = max(start, r.end)
        lines.append(
            f"{r.start.isoformat()} {r.label or '告知申请人补正'}（{r.basis or '第三十条'}），"
            f"{r.end.isoformat()} 收到补正后的申请，答复期限自该日起重新计算。"
        )

    paused: dict[date, str] = {}
    open_pause = False
    for p in (i for i in intervals if i.kind == PAUSE):
        end = _pause_end(calendar, p)
        label = f"{p.label}（{p.basis}）" if p.basis else p.label
        if end is None:
            lines.append(f"{p.start.isoformat()} 起{label}，尚未结束，期限暂停计算。")
            return Deadline(None, False, tuple(lines), start=start, paused=True, days=days)
        if end <= start:
            continue  # wholly before the count (re)started
        n = 0
        for k in range(1, (end - p.start).days + 1):
            day = p.start + timedelta(days=k)
            if day > start and calendar.is_workday(day) and day not in paused:
                paused[day] = label
                n += 1
        if p.end is None:
            open_pause = True
            lines.append(
                f"{p.start.isoformat()} 起{label}，尚未结束；按 {p.expected_days} 个工作日预计至 "
                f"{end.isoformat()}，其间 {n} 个工作日不计，所得日期为预计日期。"
            )
        else:
            lines.append(f"{_range(p.start, end)} {label}，其间 {n} 个工作日不计（起始当日计入）。")

    total = days + extension_days
    if extension_days:
        lines.append(f"经政府信息公开工作机构负责人同意，答复期限延长 {extension_days} 个工作日（第三十三条第二款）。")
    day, counted, skips = start, 0, []
    while counted < total:
        day += timedelta(days=1)
        if not calendar.is_workday(day):
            skips.append((day, calendar.reason(day)))
        elif day in paused:
            pass  # explained by the pause line above
        else:
            counted += 1
            if day.weekday() >= 5:
                skips.append((day, "+" + calendar.reason(day)))
    lines.extend(_group(skips))
    due = day
    lines.append(f"自 {start.isoformat()} 起第 {total} 个工作日（不计暂停期间）为 {due.isoformat()}。")
    if later_deadline is not None and later_deadline > due:
        due = later_deadline
        lines.append(f"依第三十五条，申请人说明的理由合理，另行确定答复期限为 {due.isoformat()}。")
    unknown = tuple(sorted({y for y in range(start.year, due.year + 1) if not calendar.is_known(date(y, 1, 1))}))
    if unknown:
        years = "、".join(str(y) for y in unknown)
        lines.append(f"{years} 年的节假日安排尚未录入，{PROVISIONAL_RULE}，答复期限为暂定日期。")
    lines.append(f"答复期限：{due.isoformat()}{'（暂定）' if unknown else ''}。")
    return Deadline(
        due,
        bool(unknown),
        tuple(lines),
        start=start,
        paused=open_pause,
        days=total,
        skipped_workdays=len(paused),
        unknown_years=unknown,
    )


def correction_request_deadline(calendar: WorkCalendar, receipt: date) -> date:
    """The last day on which the agency may ask for a 补正 (第三十条: 7 working days)."""
    return calendar.due(receipt, CORRECTION_REQUEST_DAYS).date


def deadline_flag(calendar: WorkCalendar, due: date | None, today: date) -> str:
    """'overdue' after the due date, 'soon' within 3 working days of it, else ''."""
    if due is None:
        return ""
    if today > due:
        return "overdue"
    if calendar.workdays_between(today, due) <= SOON_DAYS:
        return "soon"
    return ""
