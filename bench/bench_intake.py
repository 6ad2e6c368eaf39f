"""P4: applications per second through the real public form over HTTP (gunicorn, 2 workers, the
task queue's worker sending the notices, 8 concurrent clients on loopback), against a
hello-world CSRF form on the same stack as the floor (bench/hello_wsgi.py); then none lost,
serial numbers gap-free, and every notice sent by the worker. A fresh database with the demo
(SQLite; PostgreSQL under scripts/with-postgres.sh). Each phase is bounded by --seconds.

    python bench/bench_intake.py [--applications 600] [--clients 8]
"""
# bench: every database

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from figures import figure, record  # noqa: E402
from webapp import (  # noqa: E402
    NoRedirect,
    Server,
    Worker,
    applicant,
    check,
    environment,
    free_port,
    hidden_inputs,
    manage,
    production,
    stored,
)

RECEIPT = re.compile(r"/apply/receipt/(\d+)/")


def submit(port, n, deadline):
    """GET the form, POST application n with its tokens, as a browser behind TLS would; the id of
    the application on the receipt, or None if none came back before the deadline. Every response
    is read and closed: one left open holds a gunicorn worker until the client goes away."""
    url = f"http://127.0.0.1:{port}/apply/gaoshawo/"
    opener = urllib.request.build_opener(NoRedirect)
    cookies: dict = {}

    def call(data=None):
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1:{port}/apply/gaoshawo/",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        }
        try:
            response = opener.open(urllib.request.Request(url, data=data, headers=headers), timeout=30)
        except urllib.error.HTTPError as exc:
            response = exc
        with response:
            body = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _eq, value = header.split(";", 1)[0].partition("=")
            cookies[name.strip()] = value
        return response, body

    while time.monotonic() < deadline:
        try:
            _page, form = call()
            response, _body = call(urllib.parse.urlencode({**hidden_inputs(form), **applicant(n)}).encode())
            match = RECEIPT.search(response.headers.get("Location") or "")
            if match:
                return match.group(1)
            print(f"application {n} not accepted: HTTP {response.status}", file=sys.stderr)
            return None
        except OSError:
            time.sleep(0.2)
    return None


def _one(job):
    port, n, deadline = job
    return submit(port, n, deadline)


def rate(port, first, count, clients, seconds):
    """(acknowledged receipts, per second) of `count` submissions by `clients` processes."""
    deadline = time.monotonic() + seconds
    jobs = [(port, first + n, deadline) for n in range(count)]
    with multiprocessing.Pool(clients) as pool:
        started = time.monotonic()
        codes = pool.map(_one, jobs, chunksize=1)
        elapsed = time.monotonic() - started
    acknowledged = [c for c in codes if c]
    return acknowledged, len(acknowledged) / elapsed


def drained(env, seconds, waiting=False):
    """Wait (at most `seconds`) for the worker to send every notice of the load (with `waiting`,
    every notice); (unsent, seconds waited)."""
    started = time.monotonic()
    while True:
        _rows, unsent = stored(env, waiting)
        waited = time.monotonic() - started
        if unsent == 0 or waited > seconds:
            return unsent, waited
        time.sleep(1)


def load_average():
    return os.getloadavg()[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--applications", type=int, default=600)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=int, default=120, help="the bound of each phase")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-intake-") as tmp:
        env = production(environment(Path(tmp)))
        tag = "pg" if env["DATABASE_URL"].startswith("postgres") else "sqlite"
        manage(env, "migrate", "--noinput")
        manage(env, "demo")
        hello = Server(env, free_port(), app="bench.hello_wsgi")
        hello.start()
        try:
            cpu = hello.cpu_seconds()
            _acks, floor = rate(hello.port, 0, args.applications, args.clients, args.seconds)
            hello_cpu = (hello.cpu_seconds() - cpu) / args.applications
        finally:
            hello.kill()
        server, worker = Server(env, free_port()), Worker(env)
        server.start()
        worker.start()
        try:
            rate(server.port, 10_000_000, 2 * args.clients, args.clients, args.seconds)  # warm both workers
            drained(env, args.seconds, waiting=True)  # the demo's letters are not the load's cost
            before = load_average()
            cpu = server.cpu_seconds(), worker.cpu_seconds()
            acknowledged, ours = rate(server.port, 0, args.applications, args.clients, args.seconds)
            load = max(before, load_average())
            unsent, waited = drained(env, args.seconds)
            count = max(len(acknowledged), 1)
            web_cpu = (server.cpu_seconds() - cpu[0]) / count
            worker_cpu = (worker.cpu_seconds() - cpu[1]) / count
        finally:
            server.kill()
            worker.kill()
        stored_count, lost, gaps, twice = check(env, acknowledged)
        print(
            f"intake ({tag}): {len(acknowledged)}/{args.applications} acknowledged at {ours:.0f}/s "
            f"({args.clients} clients, load average {load:.1f}); hello-world form {floor:.0f}/s; "
            f"{stored_count} stored, {len(lost)} lost, {gaps} serial gaps, {twice} filed twice; "
            f"notices: {unsent} unsent {waited:.0f} s after the last application; CPU per application: "
            f"{1000 * web_cpu:.1f} ms in gunicorn (the hello form's {1000 * hello_cpu:.1f} ms), "
            f"{1000 * worker_cpu:.1f} ms in the task worker"
        )
        figure("P4", f"intake_per_s_{tag}", ours, ">=", 200)
        record("P4", f"hello_form_per_s_{tag}", floor)
        record("P4", f"intake_vs_hello_{tag}", round(ours / floor, 3))
        record("P4", f"load_average_{tag}", round(load, 1))
        # CPU time per application (both cores counted): the honest figure on a loaded machine
        record("P4", f"intake_cpu_ms_per_application_{tag}", round(1000 * (web_cpu + worker_cpu), 2))
        record("P4", f"intake_web_cpu_ms_{tag}", round(1000 * web_cpu, 2))
        record("P4", f"intake_worker_cpu_ms_{tag}", round(1000 * worker_cpu, 2))
        record("P4", f"hello_form_cpu_ms_{tag}", round(1000 * hello_cpu, 2))
        figure("P4", f"intake_lost_{tag}", len(lost) + args.applications - len(acknowledged), "=", 0)
        figure("P4", f"intake_serial_gaps_{tag}", gaps, "=", 0)
        figure("P4", f"intake_notices_unsent_{tag}", unsent, "=", 0)
        record("P4", f"intake_notices_drained_s_{tag}", round(waited, 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
