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
import html.parser
import json
import os
import re
import signal
import socket
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

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
sys.path.insert(0, str(ROOT))
from gongkai.core.pii import id_check_digit  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from figures import figure  # noqa: E402


def resident_id(n):
    body = f"640323{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return body + id_check_digit(body)


class Inputs(html.parser.HTMLParser):
    """The hidden inputs of the application form (CSRF token, submission token, ...)."""

    def __init__(self):
        super().__init__()
        self.hidden = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.hidden[a["name"]] = a.get("value") or ""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_database(env):
    """Under with-postgres.sh: a new database for this run."""
    import psycopg

    url = urllib.parse.urlparse(env["DATABASE_URL"])
    host = urllib.parse.unquote(url.hostname or url.netloc.split("@")[-1])
    name = f"gongkai_bench_{os.getpid()}"
    with psycopg.connect(dbname="postgres", host=host, user=url.username, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name


def environment(data):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="gongkai.settings",
        DATA_DIR=str(data),
        DEBUG="True",
        PORTAL_RATE_APPLICATION="1000000",
        LOG_LEVEL="ERROR",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(data / "mail"),
    )
    if env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = postgres_database(env)
    else:
        env["DATABASE_URL"] = f"sqlite:///{data / 'bench.sqlite3'}"
    return env


def manage(env, *args, check=True):
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=check, capture_output=True, text=True)


class Server:
    def __init__(self, env, port):
        self.env, self.port, self.proc = env, port, None

    def start(self):
        self.proc = subprocess.Popen(
            [
                PY,
                "-m",
                "gunicorn",
                "gongkai.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--timeout",
                "60",
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
        raise RuntimeError("gunicorn did not start")

    def kill(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def applicant(n):
    return {
        "applicant_type": "natural",
        "name": f"压测申请人{n}",
        "id_type": "resident",
        "id_number": resident_id(n),
        "phone": f"139{n:08d}"[:11],
        "email": f"load{n}@example.org",
        "address": "宁夏盐池县高沙窝镇",
        "info_name": f"2026年低保名单（压测 {n}）",
        "delivery": "email",
    }


def submit(port, n, deadline):
    """Submit application n; retry the same form after a lost response. The id of the application
    the receipt shows, or None if no receipt was ever received."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    url = f"http://127.0.0.1:{port}/apply/gaoshawo/"
    form = None
    while time.monotonic() < deadline:
        try:
            if form is None:
                page = opener.open(url, timeout=10).read().decode()
                parser = Inputs()
                parser.feed(page)
                form = {**parser.hidden, **applicant(n)}
            body = urllib.parse.urlencode(form).encode()
            request = urllib.request.Request(url, data=body, headers={"Referer": url})
            page = opener.open(request, timeout=10).read().decode()
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</', page, re.S)
            print(f"application {n} refused by the form: {errors[:2]}", file=sys.stderr)
            return None
        except urllib.error.HTTPError as exc:
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


CHECK = """
import json, django
django.setup()
from gongkai.applications.models import Application
rows = list(Application.objects.values_list("agency_id", "year", "serial", "pk", "info_name"))
print(json.dumps(rows))
"""


def check(env, acknowledged):
    rows = json.loads(
        subprocess.run([PY, "-c", CHECK], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    )
    stored = {str(r[3]) for r in rows}  # the receipt's address names the application by its id
    lost = [c for c in acknowledged if c not in stored]
    ours = [r[4] for r in rows if "压测" in r[4]]
    twice = len(ours) - len(set(ours))
    gaps = 0
    by_year = {}
    for agency, year, serial, _, _ in rows:
        by_year.setdefault((agency, year), []).append(serial)
    for serials in by_year.values():
        gaps += len(set(range(1, max(serials) + 1)) - set(serials))
    return len(ours), lost, gaps, twice


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
    mails = list((data / "mail").glob("*.log")) if (data / "mail").exists() else []
    subjects = []
    for path in mails:
        subjects += re.findall(r"^Subject: (.*)$", path.read_text(errors="replace"), re.M)
    return failures, len(subjects), len(subjects) - len(set(subjects))


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
        print(f"remind x5 at once: {failures} runs failed, {sent} reminder mails, {twice} sent twice")
        tag = "pg" if db == "PostgreSQL" else "sqlite"
        figure("FAULTS", f"lost_{tag}", len(lost), "=", 0)
        figure("FAULTS", f"serial_gaps_{tag}", gaps, "=", 0)
        figure("FAULTS", f"filed_twice_{tag}", twice_filed, "=", 0)
        figure("FAULTS", f"reminders_sent_twice_{tag}", twice, "=", 0)
        return 1 if lost or gaps or twice or failures else 0


if __name__ == "__main__":
    sys.exit(main())
