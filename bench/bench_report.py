"""Benchmark of the report parser: text reports per second over the corpus, and PDF parse time
against pdfplumber's bare extract_text on the same PDFs. Plain Python:

    python bench/bench_report.py [--rounds N]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from gongkai.core.report.parse import parse_bytes, parse_text  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from figures import figure  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def best_of(rounds: int, fn) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def best_of_both(rounds: int, ours, bare) -> tuple[float, float]:
    """Best times of `ours` and `bare` run in turns, so that a change in the machine's load
    between them weighs on both alike."""
    a, b = [], []
    for _ in range(rounds):
        a.append(best_of(1, ours))
        b.append(best_of(1, bare))
    return min(a), min(b)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()

    texts = [p.read_text() for p in sorted(CORPUS.glob("*.txt"))]
    parse_text(texts[0])  # warm imports

    def all_texts():
        for t in texts:
            parse_text(t)

    elapsed = best_of(args.rounds, all_texts)
    print(
        f"text: {len(texts)} reports in {elapsed * 1000:.1f} ms -> {len(texts) / elapsed:.1f} reports/s "
        f"({elapsed / len(texts) * 1000:.2f} ms per report, parse + validate)"
    )

    print("pdf: file                        gongkai parse   pdfplumber extract_text   ratio")
    total_ours = total_bare = 0.0
    for path in sorted(CORPUS.glob("*.pdf")):
        data = path.read_bytes()

        def ours(data=data, path=path):
            parse_bytes(data, path.name)

        def bare(data=data):
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                for page in pdf.pages:
                    page.extract_text()

        a, b = best_of_both(args.rounds, ours, bare)
        total_ours, total_bare = total_ours + a, total_bare + b
        print(f"     {path.name:<28}{a * 1000:9.1f} ms{b * 1000:18.1f} ms{a / b:13.2f}x")
    print(f"     {'all':<28}{total_ours * 1000:9.1f} ms{total_bare * 1000:18.1f} ms{total_ours / total_bare:13.2f}x")
    # one process, one core: the per-core rate of the goal
    figure("P2", "text_reports_per_s", len(texts) / elapsed, ">=", 200)
    figure("P2", "pdf_vs_pdfplumber", total_ours / total_bare, "<=", 1.3)


if __name__ == "__main__":
    main()
