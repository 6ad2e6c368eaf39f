"""The long fuzz run: the suite's hypothesis properties for the report parser, the JSON importer,
the holiday-calendar importer and the tally (Excel/CSV) importer, with SCALE times the examples
the suite tries, fresh random inputs each run. Prints the inputs tried and the failures.

    python bench/bench_fuzz.py [--scale 20]
"""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from figures import figure  # noqa: E402

TARGETS = {
    "report parser": "tests/core/test_fuzz.py",
    "JSON importer": "tests/core/test_fuzz_json.py",
    "calendar importer": "tests/workdays/test_fuzz_calendar.py",
    "tally importer (xlsx/csv)": "tests/disclosure/test_fuzz_tallies.py",
}


def run(target, scale):
    env = {**os.environ, "GONGKAI_FUZZ_SCALE": str(scale)}
    env.pop("CI", None)  # CI's profile is derandomized: here we want new inputs every run
    r = subprocess.run(
        [sys.executable, "-m", "pytest", target, "-q", "-p", "no:randomly", "--hypothesis-show-statistics"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    counts = re.findall(r"- (\d+) passing, (\d+) failing", r.stdout)
    tried = sum(int(p) + int(f) for p, f in counts)
    failing = sum(int(f) for _, f in counts)
    failed_tests = re.findall(r"^FAILED (\S+)", r.stdout, re.M)
    return tried, failing, failed_tests


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=20)
    args = ap.parse_args()
    status = 0
    for name, target in TARGETS.items():
        tried, failing, failed = run(target, args.scale)
        print(
            f"fuzz {name}: {tried} inputs tried, {failing} failing, {len(failed)} properties failed"
            + (f": {', '.join(failed)}" if failed else ""),
            flush=True,
        )
        status |= bool(failed)
        figure("FUZZ", f"{name.replace(' ', '_')}_failed_properties", len(failed), "=", 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
