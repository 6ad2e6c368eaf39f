"""Benchmark of the report parser: text reports per second over the corpus, and PDF parse time
against pdfplumber's bare extract_text on the same PDFs (wall time, the goal; and CPU time,
recorded: steadier on a loaded machine). Plain Python:

    python bench/bench_report.py [--rounds N]
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from gongkai.core.report.parse import parse_bytes, parse_text  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from figures import figure, record  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def best_of(rounds: int, fn) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def cpu_seconds() -> float:
    """CPU time of this process and of its children that ended (each PDF is read in a forked
    child, see gongkai/core/limits.py)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best_of_both(rounds: int, ours, bare) -> dict:
    """Best wall and CPU times of `ours` and `bare` run in turns, so that a change in the
    machine's load between them weighs on both alike. On a loaded machine the CPU times are the
    steadier: they do not count the time spent waiting for a core."""
    best = {"ours": [], "bare": [], "ours_cpu": [], "bare_cpu": []}
    for _ in range(rounds):
        for name, fn in (("ours", ours), ("bare", bare)):
            wall, cpu = time.perf_counter(), cpu_seconds()
            fn()
            best[name].append(time.perf_counter() - wall)
            best[f"{name}_cpu"].append(cpu_seconds() - cpu)
    return {name: min(times) for name, times in best.items()}


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

    print("pdf: file                     gongkai parse  pdfplumber extract_text  ratio  (CPU: ours / bare  ratio)")
    total = dict.fromkeys(("ours", "bare", "ours_cpu", "bare_cpu"), 0.0)
    for path in sorted(CORPUS.glob("*.pdf")):
        data = path.read_bytes()

        def ours(data=data, path=path):
            parse_bytes(data, path.name)

        def bare(data=data):
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                for page in pdf.pages:
                    page.extract_text()

        ours(), bare()  # the first reading of a process imports what it reads with
        best = best_of_both(args.rounds, ours, bare)
        for name in total:
            total[name] += best[name]
        print(f"     {path.name:<26}" + times(best))
    print(f"     {'all':<26}" + times(total))
    # one process, one core: the per-core rate of the goal
    figure("P2", "text_reports_per_s", len(texts) / elapsed, ">=", 200)
    figure("P2", "pdf_vs_pdfplumber", total["ours"] / total["bare"], "<=", 1.3)
    record("P2", "pdf_vs_pdfplumber_cpu", total["ours_cpu"] / total["bare_cpu"])


def times(t: dict) -> str:
    return (
        f"{t['ours'] * 1000:9.1f} ms{t['bare'] * 1000:17.1f} ms{t['ours'] / t['bare']:11.2f}x"
        f"{t['ours_cpu'] * 1000:11.1f} / {t['bare_cpu'] * 1000:.1f} ms{t['ours_cpu'] / t['bare_cpu']:7.2f}x"
    )


if __name__ == "__main__":
    main()
