"""Run every benchmark under bench/ (files named bench_*.py), one process each, and end with the
summary: every figure line (see bench/figures.py) in the order printed."""

import subprocess
import sys
from pathlib import Path

from figures import PREFIX

HERE = Path(__file__).resolve().parent


def main():
    failed = 0
    figures = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        # streamed line by line: a long benchmark shows its progress as it goes
        with subprocess.Popen([sys.executable, str(script)], cwd=HERE.parent, stdout=subprocess.PIPE, text=True) as run:
            for line in run.stdout:
                print(line, end="", flush=True)
                if line.startswith(PREFIX):
                    figures.append(line[len(PREFIX) :].rstrip())
        if run.returncode != 0:
            failed += 1
            figures.append(f"FAILED {script.name} exit {run.returncode}")
    print("== summary")
    print("\n".join(figures))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
