"""The tests' clock: every test runs on a known day, never on the day the suite happens to run.

The `clock` fixture (tests/conftest.py) starts a time_machine traveller at 10:00 Beijing time on
the test's day: the day of its `today` marker (a test whose dates were counted by hand on one
year's calendar says which day its story happens on: `@pytest.mark.today("2026-12-01")`), else
GONGKAI_TEST_TODAY's, else DEFAULT_TODAY. `GONGKAI_TEST_TODAY=2027-06-01 pytest` runs the suite
on another day, e.g. after the last year whose holidays are known.
"""

import os
import sys
import time as _time
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_TODAY = "2026-11-30"


def test_today():
    """The day of the tests without a `today` marker."""
    text = os.environ.get("GONGKAI_TEST_TODAY") or DEFAULT_TODAY
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(f"GONGKAI_TEST_TODAY={text!r} is not a YYYY-MM-DD date") from None


test_today.__test__ = False  # a helper, not a test


# The demo tells a story of 2025 and 2026 on fixed dates, the last on 30 November 2026 (services
# refuse a day still to come): the tests about the demo load it on their day, but not before that.
DEMO_EARLIEST = date(2026, 11, 30)


def demo_day(day):
    return max(day, DEMO_EARLIEST)


def morning(day):
    return datetime.combine(day, time(10, 0), tzinfo=SHANGHAI)


class Clock:
    """A time_machine traveller as the tests use it.

    It ticks on from where it was put (a browser test's live server and its waits need time to
    pass), in every thread, and `timezone.now()`, `timezone.localdate()`, `date.today()` and
    `time.time()` all read it. Tests speak of days relative to it (`clock.days_ago(3)`) or move
    it (`clock.move_to(date(2026, 12, 1))`)."""

    def __init__(self, traveller):
        self.traveller = traveller

    @property
    def today(self):
        return datetime.now(SHANGHAI).date()

    def now(self):
        return datetime.now(SHANGHAI)

    def move_to(self, when):
        """Jump to a day (at 10:00 Beijing time) or to an aware datetime."""
        self.traveller.move_to(when if isinstance(when, datetime) else morning(when))

    def days_ago(self, n):
        return self.today - timedelta(days=n)

    def days_ahead(self, n):
        return self.today + timedelta(days=n)


# A child process does not see the test's time_machine: this starts one of its own in the child,
# then runs what `python ARGS…` would (`-m module`, `-c code` or a script).
_LAUNCH = """
import runpy, sys, time_machine
time_machine.travel(float(sys.argv[1]), tick=True).start()
args = sys.argv[2:]
if args[0] == "-m":
    sys.argv = args[1:]
    runpy.run_module(args[1], run_name="__main__", alter_sys=True)
elif args[0] == "-c":
    sys.argv = ["-c", *args[2:]]
    exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})
else:
    sys.argv = args
    runpy.run_path(args[0], run_name="__main__")
"""


def python_at(*args, when=None):
    """argv running `python ARGS…` with the child's clock at `when` (an aware datetime), by default
    where the test's clock is now."""
    return [sys.executable, "-c", _LAUNCH, str(when.timestamp() if when else _time.time()), *args]
