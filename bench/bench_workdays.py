"""Deadline arithmetic: 20-working-day due dates per second over every day of 2019–2026."""

import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongkai.core.workdays import packaged_calendar  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figures import record  # noqa: E402


def main():
    cal = packaged_calendar()
    days = [date(2019, 1, 1) + timedelta(days=i) for i in range((date(2026, 12, 31) - date(2019, 1, 1)).days)]
    start = time.perf_counter()
    for day in days:
        cal.due(day, 20)
    elapsed = time.perf_counter() - start
    print(
        f"due(day, 20) with explanation: {len(days)} dates in {elapsed:.3f} s = {len(days) / elapsed:,.0f} per second"
    )
    record("WORKDAYS", "due_per_s", len(days) / elapsed)


if __name__ == "__main__":
    main()
