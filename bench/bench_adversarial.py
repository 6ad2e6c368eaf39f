"""Long adversarial text through the report parser: the time must grow linearly with the length.

Each input is parsed at two lengths; a parser that is linear takes about twice as long for twice
the text, a quadratic one four times. Plain Python:

    python bench/bench_adversarial.py [--size 100000]

Prints seconds per input and the ratio; exits 1 if an input slower than 0.5 s grows more than
threefold, or any input at the larger size takes more than 10 s. Before the regexes were made
linear, 100 KB of digits took 110 s (20 KB: 36 s); now every input here takes under 3 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.core.report import UnreadableReport  # noqa: E402
from gongkai.core.report.parse import parse_bytes  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from figures import figure  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
TITLE = "某某县人民政府2024年政府信息公开工作年度报告\n"
HEADING_3 = "三、收到和处理政府信息公开申请情况\n"


def inputs(n: int) -> dict[str, bytes]:
    """Adversarial texts of about n characters each."""
    huaian = (CORPUS / "huaian-city-2024.txt").read_text()
    return {
        "digits": ("1" * n).encode(),
        "digits after a title": (TITLE + "1" * n).encode(),
        "digits and dots": ("1" * n + ".").encode(),
        "chinese numerals": ("一" * n).encode(),
        "spaces inside a cell": ("1\t1" + " " * n + "x\n").encode(),
        "page-mark spaces": ("第1" + " " * n + "页x\n").encode(),
        "many cells on one line": (TITLE + HEADING_3 + "予以公开\t" * (n // 5)).encode(),
        "repeated row labels": (TITLE + HEADING_3 + "（一）予以公开 1 0 0 0 0 0 1\n" * (n // 25)).encode(),
        "one long paragraph": (TITLE + "一、总体情况\n" + "公开\n" * (n // 3)).encode(),
        "digit runs in prose": (TITLE + "一、总体情况\n" + ("收到申请" + "9" * 50 + "件，") * (n // 60)).encode(),
        "report with a huge run": (huaian.replace("3001 53 0 0 61 4 3119", "3" * n)).encode(),
        "undecodable bytes": (TITLE.encode() + b"\xff\xfe\x80" * (n // 3)),
        "html nesting": ("<html><body>" + "<div>" * (n // 10) + TITLE + "</div>" * (n // 10)).encode(),
    }


def seconds(data: bytes, name: str) -> float:
    start = time.perf_counter()
    try:
        parse_bytes(data, "x.html" if name.startswith("html") else "x.txt")
    except UnreadableReport:
        pass
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=100_000)
    args = ap.parse_args()
    small, large = inputs(args.size // 2), inputs(args.size)
    failed = 0
    print(f"{'input':<28}{'n/2 (s)':>10}{'n (s)':>10}{'ratio':>8}")
    for name in large:
        a, b = seconds(small[name], name), seconds(large[name], name)
        ratio = b / a if a > 0.002 else 1.0
        # a short run is all noise on a shared machine: only a slow and superlinear one fails
        bad = (ratio > 3 and b > 0.5) or b > 10
        failed += bad
        print(f"{name:<28}{a:>10.3f}{b:>10.3f}{ratio:>8.1f}{'  SLOW' if bad else ''}")
    print(f"size {args.size} characters; {failed} inputs not linear")
    figure("P2", "adversarial_not_linear", failed, "=", 0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
