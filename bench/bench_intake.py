"""P4: applications per second through the real public form over HTTP (gunicorn, 2 workers, 8
concurrent clients on loopback), against a hello-world CSRF form on the same stack as the floor
(bench/hello_wsgi.py); then none lost and serial numbers gap-free. A fresh database with the
demo (SQLite; PostgreSQL under scripts/with-postgres.sh). Bounded by --seconds.

    python bench/bench_intake.py [--applications 600] [--clients 8]
"""
# bench: every database

from __future__ import annotations

import argparse
import multiprocessing
import re
import subprocess
import urllib.error
import urllib.parse
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_faults import PY, ROOT, Inputs, NoRedirect, Server, applicant, check, environment, free_port, manage  # noqa: E402
from figures import figure, record  # noqa: E402


class Hello(Server):
    def start(self):
        self.proc = subprocess.Popen(
            [
                PY,
                "-m",
                "gunicorn",
                "bench.hello_wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--log-level",
                "error",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=2)
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn (hello) did not start")


def production(env):
    """Run the server as deployed (DEBUG off: cached templates, no query log), behind a proxy that
    terminates TLS (X-Forwarded-Proto); the clients keep the Secure cookies themselves."""
    return {
        **env,
        "DEBUG": "False",
        "SECRET_KEY": "bench-intake-not-secret",
        "SECURE_SSL_REDIRECT": "False",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }


def submit(port, n, deadline):
    """GET the form, POST application n with its tokens, as a browser behind TLS would; the id of
    the application on the receipt, or None if none came back before the deadline."""
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
            body = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _eq, value = header.split(";", 1)[0].partition("=")
            cookies[name.strip()] = value
        return response, body

    while time.monotonic() < deadline:
        try:
            parser = Inputs()
            parser.feed(call()[1].decode())
            response, _body = call(urllib.parse.urlencode({**parser.hidden, **applicant(n)}).encode())
            match = re.search(r"/apply/receipt/(\d+)/", response.headers.get("Location") or "")
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--applications", type=int, default=600)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=int, default=300)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-intake-") as tmp:
        env = production(environment(Path(tmp)))
        tag = "pg" if env["DATABASE_URL"].startswith("postgres") else "sqlite"
        manage(env, "migrate", "--noinput")
        manage(env, "demo")
        hello = Hello(env, free_port())
        hello.start()
        try:
            _acks, floor = rate(hello.port, 0, args.applications, args.clients, args.seconds)
        finally:
            hello.kill()
        server = Server(env, free_port())
        server.start()
        try:
            rate(server.port, 10_000_000, 2 * args.clients, args.clients, args.seconds)  # warm both workers
            acknowledged, ours = rate(server.port, 0, args.applications, args.clients, args.seconds)
        finally:
            server.kill()
        stored, lost, gaps, twice = check(env, acknowledged)
        print(
            f"intake ({tag}): {len(acknowledged)}/{args.applications} acknowledged at {ours:.0f}/s "
            f"({args.clients} clients); hello-world form {floor:.0f}/s; {stored} stored, {len(lost)} lost, "
            f"{gaps} serial gaps, {twice} filed twice"
        )
        figure("P4", f"intake_per_s_{tag}", ours, ">=", 200)
        record("P4", f"hello_form_per_s_{tag}", floor)
        record("P4", f"intake_vs_hello_{tag}", round(ours / floor, 3))
        figure("P4", f"intake_lost_{tag}", len(lost) + args.applications - len(acknowledged), "=", 0)
        figure("P4", f"intake_serial_gaps_{tag}", gaps, "=", 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
