"""Load and fault run: public applications over HTTP while the application server is killed.

Starts gunicorn on loopback against a fresh database (SQLite by default; PostgreSQL when run
under `sh scripts/with-postgres.sh`), loads the demo, then sends N applications from several
threads through the real public form. Every few seconds the whole gunicorn process group gets
SIGKILL and is started again. A submission whose response never arrived is retried with the same
form (so the same submission token, when the form has one). At the end:

- every acknowledged application (a receipt was received) is in the database: 0 lost;
- the serial numbers of each agency and year have no gap;
- `gongkai remind` run 5 times at once sends each reminder once.

Bounded: at most --applications submissions, --kills kills, and --seconds of wall time; loopback only.

    python bench/bench_faults.py [--applications 300] [--threads 6] [--kills 3]
"""

# bench: every database
from __future__ import annotations

import argparse
import email
import email.header
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from figures import figure  # noqa: E402
from webapp import PY, ROOT, NoRedirect, Server, applicant, check, environment, free_port, hidden_inputs, manage  # noqa: E402


def submit(port, n, deadline):
    """Submit application n; retry the same form after a lost response. The id of the application
    the receipt shows, or None if no receipt was ever received. Every response is read and closed:
    one left open holds a gunicorn worker until the client goes away."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    url = f"http://127.0.0.1:{port}/apply/gaoshawo/"
    form = None
    while time.monotonic() < deadline:
        try:
            if form is None:
                with opener.open(url, timeout=10) as response:
                    form = {**hidden_inputs(response.read().decode()), **applicant(n)}
            body = urllib.parse.urlencode(form).encode()
            request = urllib.request.Request(url, data=body, headers={"Referer": url})
            with opener.open(request, timeout=10) as response:
                page = response.read().decode()
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</', page, re.S)
            print(f"application {n} refused by the form: {errors[:2]}", file=sys.stderr)
            return None
        except urllib.error.HTTPError as exc:
            with exc:
                exc.read()
            if exc.code in (301, 302, 303):
                match = re.search(r"/apply/receipt/(\d+)/", exc.headers.get("Location", ""))
                return match.group(1) if match else "acknowledged"
            if exc.code in (403,) and form is not None:
                form = None  # the CSRF cookie died with a worker? fetch the form again
            time.sleep(0.2)
        except OSError:
            time.sleep(0.2)  # the server is down: retry the same form
    return None


def load(port, count, threads, deadline):
    codes, lock, counter = [], threading.Lock(), iter(range(count))

    def worker():
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            code = submit(port, n, deadline)
            with lock:
                codes.append(code)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    return pool, codes


def remind_at_once(env, data, runs=5):
    procs = [
        subprocess.Popen(
            [PY, "manage.py", "remind"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        for _ in range(runs)
    ]
    failures = 0
    for p in procs:
        if p.wait() != 0:
            failures += 1
            print(f"remind failed: {p.stderr.read()[-800:]}", file=sys.stderr)
    subjects = mail_subjects(data / "mail")
    return failures, len(subjects), len(subjects) - len(set(subjects))


def mail_subjects(folder):
    """The decoded subject of every mail the file backend wrote (each names its application or
    reminder, so a subject seen twice is a notice sent twice)."""
    subjects = []
    for path in folder.glob("*.log") if folder.exists() else []:
        for text in path.read_text(errors="replace").split("-" * 79):
            if text.strip():
                subject = email.message_from_string(text.strip())["Subject"] or ""
                subjects.append(str(email.header.make_header(email.header.decode_header(subject))))
    return subjects


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--applications", type=int, default=300)
    ap.add_argument("--threads", type=int, default=6)
    ap.add_argument("--kills", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=240)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        data = Path(tmp)
        env = environment(data)
        manage(env, "migrate", "--noinput")
        manage(env, "demo")
        server = Server(env, free_port())
        server.start()
        deadline = time.monotonic() + args.seconds
        started = time.monotonic()
        pool, codes = load(server.port, args.applications, args.threads, deadline)
        kills = 0
        while any(t.is_alive() for t in pool) and kills < args.kills:
            time.sleep(3)
            if any(t.is_alive() for t in pool):
                server.kill()
                kills += 1
                time.sleep(0.5)
                server.start()
        for t in pool:
            t.join()
        elapsed = time.monotonic() - started
        server.kill()
        acknowledged = [c for c in codes if c]
        stored, lost, gaps, twice_filed = check(env, acknowledged)
        db = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        print(
            f"faults ({db}): {args.applications} applications sent from {args.threads} threads in {elapsed:.0f} s, "
            f"{kills} SIGKILLs of gunicorn survived; {len(acknowledged)} acknowledged, "
            f"{stored} stored, {len(lost)} acknowledged lost, {gaps} serial gaps, "
            f"{twice_filed} filed twice by a retry after a lost response"
        )
        failures, sent, twice = remind_at_once(env, data)
        print(f"remind x5 at once: {failures} runs failed, {sent} mails (receipts and reminders), {twice} sent twice")
        tag = "pg" if db == "PostgreSQL" else "sqlite"
        figure("FAULTS", f"lost_{tag}", len(lost), "=", 0)
        figure("FAULTS", f"serial_gaps_{tag}", gaps, "=", 0)
        figure("FAULTS", f"filed_twice_{tag}", twice_filed, "=", 0)
        figure("FAULTS", f"reminders_sent_twice_{tag}", twice, "=", 0)
        return 1 if lost or gaps or twice or failures else 0


if __name__ == "__main__":
    sys.exit(main())
