"""P3: public pages and search under load, on a fresh database with the demo and BENCH_ITEMS
generated items (50,000 by default, the S size's items).

    python bench/bench_pages.py                                   # SQLite
    sh scripts/with-postgres.sh .venv/bin/python bench/bench_pages.py   # PostgreSQL

Measured:
- `reindex_rss_mb`: peak memory of a full `gongkai search_reindex` (its own process);
- `search_p95_ms`: the 95th percentile of one search in process, uncached, over the relevance
  set's queries and the common words (补贴, 公示 …), relevance order, first page;
- each page's throughput under gunicorn (2 workers, as in production) driven by wrk (Debian's
  package; 2 threads, 8 connections, BENCH_SECONDS each) as a ratio to a hello-world view on the
  same stack: home, agency column, catalog list, item page, search (a two-character word and a
  phrase) and the API list. Pages are served as a visitor gets them, i.e. from the page cache after
  the first request; the p95 of each is recorded too.
"""

import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from figures import figure, record  # noqa: E402

ITEMS = int(os.environ.get("BENCH_ITEMS", "50000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
COMMON_WORDS = ["补贴", "公示", "低保", "临时救助", "耕地地力保护补贴", "资金 发放", "高沙窝村 补贴", "“一卡通”"]


def cli(env, *args, measure=False):
    """Run `gongkai <args>`; with `measure`, return the peak RSS of that process in MB."""
    run = subprocess.Popen([sys.executable, "-m", "gongkai.cli", *args], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(run.pid, 0)
    run.returncode = os.waitstatus_to_exitcode(status)
    if run.returncode:
        raise SystemExit(f"gongkai {' '.join(args)} failed ({run.returncode})")
    return usage.ru_maxrss / 1024 if measure else None


def search_p95_ms():
    from bench.relevance import QUERIES
    from gongkai.portal.search import engine

    queries = [q for q, _any, _all in QUERIES] + COMMON_WORDS
    times = []
    for _round in range(3):
        for query in queries:
            start = time.perf_counter()
            engine.search(query=query)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[int(len(times) * 0.95) - 1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url):
    """(requests per second, p95 in ms) of `url` under wrk."""
    out = subprocess.run(["wrk", "-t2", "-c8", f"-d{SECONDS}s", "-s", str(ROOT / "bench" / "p95.lua"), url],
                         capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p95 = int(re.search(r"P95_US (\d+)", out).group(1)) / 1000
    return rate, p95


def serve(env, port):
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "120",
         "gongkai.wsgi:application"],
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.pages_settings"}, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/hello/", timeout=5)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def main():
    if not shutil.which("wrk"):
        raise SystemExit("bench_pages needs wrk (Debian's package): sh scripts/system-deps.sh bench")
    with tempfile.TemporaryDirectory() as data:
        # SQLite in the temporary folder, or the PostgreSQL of DATABASE_URL (scripts/with-postgres.sh)
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        print(f"database: {'PostgreSQL' if env.get('DATABASE_URL') else 'SQLite'}", flush=True)
        # production settings (DEBUG off) on loopback, where TLS would be ended by the proxy in front
        env.update(DATA_DIR=data, SECRET_KEY="bench-only-" + "x" * 40, DEBUG="False", ALLOWED_HOSTS="127.0.0.1",
                   SECURE_SSL_REDIRECT="False")
        cli(env, "migrate", "-v0")
        cli(env, "demo")
        os.environ.update(env, DJANGO_SETTINGS_MODULE="gongkai.settings")
        import django

        django.setup()
        from bench.searchfill import fill
        from gongkai.disclosure.models import Item

        fill(ITEMS)
        print(f"{ITEMS} items generated; indexing", flush=True)
        rss = cli(env, "search_reindex", measure=True)
        figure("P3", "reindex_rss_mb", round(rss), "<=", 300)
        figure("P3", "search_p95_ms", round(search_p95_ms(), 1), "<=", 100)
        item = Item.objects.public().filter(agency__slug="gaoshawo").order_by("-published_at").first()
        django.db.connections.close_all()

        port = free_port()
        server = serve(env, port)
        try:
            base = f"http://127.0.0.1:{port}"
            hello, _p95 = wrk(base + "/bench/hello/")
            record("P3", "hello_per_s", round(hello))
            pages = {
                "home": "/", "column": "/gk/gaoshawo/", "catalog": "/gk/gaoshawo/catalog/",
                "item": f"/gk/gaoshawo/items/{item.pk}/", "search_word": "/search/?q=%E8%A1%A5%E8%B4%B4",
                "search_phrase": "/search/?q=%E8%80%95%E5%9C%B0%E5%9C%B0%E5%8A%9B%E4%BF%9D%E6%8A%A4%E8%A1%A5%E8%B4%B4",
                "api_items": "/api/items",
            }
            for name, path in pages.items():
                urllib.request.urlopen(base + path, timeout=120)  # its first visitor renders it
                rate, p95 = wrk(base + path)
                figure("P3", f"{name}_vs_hello", round(rate / hello, 2), ">=", 0.5)
                record("P3", f"{name}_p95_ms", round(p95, 1))
        finally:
            server.terminate()
            server.wait()
    print(f"peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
