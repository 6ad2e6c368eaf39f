"""The tests' own clock (tests/clock.py): the day a test runs on is the one it was given, in the
test's thread, in any other thread (a live server's) and in a child process it starts."""

import subprocess
import threading
from datetime import date, datetime

import pytest
from django.utils import timezone

from tests.clock import SHANGHAI, python_at, test_today


def test_a_test_runs_at_ten_in_beijing_on_the_day_it_was_given(clock):
    now = timezone.localtime()
    assert now.date() == clock.today == test_today() and now.hour == 10
    assert date.today() == clock.today  # 02:00 UTC: the same day on a server clock in UTC


@pytest.mark.today("2027-06-01")
def test_a_today_marker_gives_the_day_of_the_story(clock):
    assert timezone.localdate() == date(2027, 6, 1)
    clock.move_to(date(2027, 6, 3))
    assert clock.today == date(2027, 6, 3) and clock.days_ago(3) == date(2027, 5, 31)


def test_another_thread_reads_the_same_clock(clock):
    seen = []
    thread = threading.Thread(target=lambda: seen.append(timezone.localdate()))
    thread.start()
    thread.join()
    assert seen == [clock.today]


def test_a_child_process_started_through_python_at_reads_it(clock):
    clock.move_to(datetime(2027, 1, 4, 23, 30, tzinfo=SHANGHAI))
    done = subprocess.run(
        python_at("-c", "import time; print(time.strftime('%Y-%m-%d %H', time.gmtime()))"),
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "2027-01-04 15"
