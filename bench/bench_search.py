"""Search relevance on the demo portal: precision@10 and recall over bench/relevance.py's queries
(≥40), on a fresh SQLite database with `gongkai demo` loaded. Plain Python:

    python bench/bench_search.py
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    with tempfile.TemporaryDirectory() as data:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        env["DATA_DIR"] = data
        for step in (["migrate", "-v0"], ["demo"]):
            subprocess.run(
                [sys.executable, "-m", "gongkai.cli", *step], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL
            )
        os.environ.update(DATA_DIR=data, DJANGO_SETTINGS_MODULE="gongkai.settings")
        os.environ.pop("DATABASE_URL", None)
        import django

        django.setup()
        from bench.relevance import evaluate, summary

        rows = evaluate()
        for query, precision, recall, found, wanted in rows:
            print(f"{query:<20} P@10 {precision:.2f}  recall {recall:.2f}  ({found} found, {wanted} relevant)")
        s = summary(rows)
        print(f"{s['queries']} queries: mean precision@10 {s['precision_at_10']:.3f}, mean recall {s['recall']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
