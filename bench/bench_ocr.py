"""Benchmark of reading scanned reports by OCR: cell accuracy and seconds per page.

Three rendered reports (from the corpus, written sections cut short) are printed to PDF,
rasterised at 150 and 200 dpi, turned a fraction of a degree, speckled, and saved as image-only
PDFs and as one long JPG; each is read by the report parser (no cache). For tables 三 and 四 we
count cells right, cells left blank (OCR not confident: R11) and cells wrong (a wrong number is
the failure that matters; a blank is honest); section 二's cells are counted apart. The figures
(bench/figures.py, goal P2): seconds per page, cells right and blank, cells wrong (must be 0).
Plain Python:

    python bench/bench_ocr.py [--reports N]
"""

from __future__ import annotations

import argparse
from dataclasses import replace
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "core"))

import scans  # noqa: E402

from gongkai.core.limits import DEFAULT  # noqa: E402
from gongkai.core.report.parse import parse_bytes, parse_text  # noqa: E402
from gongkai.core.report.render import render_pdf  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from figures import figure, record  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
# the per-file wall time is a service limit, not a measurement: on a loaded machine a page can
# take longer than the service allows, and the benchmark measures how long, rather than refusing
LIMITS = replace(DEFAULT, seconds=900)
SOURCES = ["huaian-city-2024.txt", "shuyang-county-2025.txt", "hongze-district-2024.txt"]


def source_report(name: str):
    report = parse_text((CORPUS / name).read_text("utf-8"))
    report.sections = {k: v[:60] for k, v in report.sections.items()}
    return report


def count(report, expected, tables=("applications", "appeals")):
    right = blank = wrong = 0
    for t in tables:
        for row, cols in expected.tables[t].items():
            for col, value in cols.items():
                got = (report.tables.get(t) or {}).get(row, {}).get(col)
                if got == value:
                    right += 1
                elif got is None:
                    blank += 1
                else:
                    wrong += 1
    return right, blank, wrong


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=len(SOURCES))
    args = ap.parse_args()
    totals: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as cache:
        os.environ["GONGKAI_OCR_CACHE"] = cache
        print(f"{'scan':<34}{'pages':>6}{'right':>7}{'blank':>7}{'wrong':>7}{'s/page':>8}")
        for name in SOURCES[: args.reports]:
            expected = source_report(name)
            printed = render_pdf(expected)
            for dpi in (150, 200):
                angle = 0.4 if dpi == 150 else -0.3
                pages = scans.scan_pages(printed, dpi=dpi, angle=angle, noise=0.003)
                long_jpg = scans.long_jpeg(scans.rasterise(printed, dpi), dpi, angle=angle, noise=0.003)
                for kind, data, filename in (
                    ("pdf", scans.image_pdf(pages, dpi), "scan.pdf"),
                    ("jpg", long_jpg, "scan.jpg"),
                ):
                    start = time.perf_counter()
                    proactive = [t for t in expected.tables if t not in ("applications", "appeals")]
                    try:
                        report = parse_bytes(data, filename, limits=LIMITS)
                        right, blank, wrong = count(report, expected)
                        two = count(report, expected, proactive)
                    except Exception as exc:  # a file not read at all counts every cell as blank
                        print(f"  {name} {dpi} {kind}: not read: {exc}")
                        right, blank, wrong = 0, 190, 0
                        two = (0, sum(len(c) for t in proactive for c in expected.tables[t].values()), 0)
                    seconds = (time.perf_counter() - start) / len(pages)
                    label = f"{name[:-4]} {dpi}dpi {kind}"
                    print(
                        f"{label:<34}{len(pages):>6}{right:>7}{blank:>7}{wrong:>7}{seconds:>8.1f}"
                        f"   二: {two[0]} right, {two[1]} blank, {two[2]} wrong",
                        flush=True,
                    )
                    t = totals.setdefault(f"{dpi}dpi", [0, 0, 0, 0.0, 0, 0, 0, 0])
                    for k, v in enumerate((right, blank, wrong, seconds * len(pages), len(pages), *two)):
                        t[k] += v
    for key, (right, blank, wrong, seconds, pages, *_two) in totals.items():
        cells = right + blank + wrong
        print(
            f"{key}: cell accuracy {right / cells:.2%} ({right}/{cells}), blank {blank}, wrong {wrong}, "
            f"{seconds / pages:.1f} s/page"
        )
        record("P2", f"scan_s_per_page_{key}", seconds / pages)
        record("P2", f"scan_cell_accuracy_{key}", round(right / cells, 3))
        # a blank cell is honest (R11); a wrong number is the failure that matters
        figure("P2", f"scan_wrong_cells_{key}", wrong, "=", 0)
    right, blank, wrong, seconds, pages, two_right, two_blank, two_wrong = (
        sum(t[k] for t in totals.values()) for k in range(8)
    )
    record("P2", "scan_s_per_page", seconds / pages)
    record("P2", "scan_cell_accuracy", right / (right + blank + wrong))
    record("P2", "scan_cells_right", right)
    record("P2", "scan_cells_blank", blank)
    figure("P2", "scan_cells_wrong", wrong, "=", 0)
    record("P2", "scan_cells_two_right", two_right)
    record("P2", "scan_cells_two_blank", two_blank)
    figure("P2", "scan_cells_two_wrong", two_wrong, "=", 0)


if __name__ == "__main__":
    main()
