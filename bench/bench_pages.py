"""PAGES: the query count of every staff and public list page does not grow with its rows. Runs
tests/test_list_queries.py (each page read with few rows, then with several times as many) and
reports the largest growth.

    python bench/bench_pages.py
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from figures import figure, record  # noqa: E402


def main():
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_list_queries.py", "-s", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    pages = re.findall(r"PAGE-QUERIES (\S+) (\d+) (\d+)$", run.stdout, re.M)  # after the progress dots
    for page, few, many in pages:
        print(f"{page:<60} {few:>4} queries with few rows, {many:>4} with more")
    growth = max([0] + [int(many) - int(few) for _page, few, many in pages])  # fewer is no growth
    record("PAGES", "pages_checked", len(pages))
    figure("PAGES", "max_queries_growth", growth, "=", 0)
    if run.returncode != 0:
        print(run.stdout[-3000:])
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
