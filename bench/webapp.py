"""The application as deployed, for the benchmarks that drive it over HTTP (bench_intake,
bench_faults): a fresh database with the demo, gunicorn on loopback, the task queue's worker, the
public form's hidden inputs and an applicant, and the check that nothing acknowledged was lost.

The database is SQLite in a temporary folder, or a new database on the PostgreSQL server of
`scripts/with-postgres.sh` when DATABASE_URL names one.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
sys.path.insert(0, str(ROOT))
from gongkai.core.pii import id_check_digit  # noqa: E402

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def hidden_inputs(page: str) -> dict:
    """The hidden inputs of a form page (CSRF token, submission token, ...), as Django renders them."""
    return dict(HIDDEN.findall(page))


def resident_id(n):
    body = f"640323{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return body + id_check_digit(body)


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
    """The environment of the server, the worker and the commands: `data` is their data folder;
    mail goes to files in data/mail; the public form's rate limit is lifted (every client is
    127.0.0.1)."""
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


def production(env):
    """Run as deployed (DEBUG off: cached templates, no query log), behind a proxy that
    terminates TLS (X-Forwarded-Proto); the clients keep the Secure cookies themselves."""
    return {
        **env,
        "DEBUG": "False",
        "SECRET_KEY": "bench-not-secret",
        "SECURE_SSL_REDIRECT": "False",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }


def manage(env, *args, check=True):
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=check, capture_output=True, text=True)


class Process:
    """A process group of its own, so that a kill takes its children (gunicorn's workers) too."""

    argv: list[str] = []

    def __init__(self, env):
        self.env, self.proc = env, None

    def start(self):
        self.proc = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def kill(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by every process of the group (gunicorn's master
        and workers), from /proc: measured around a phase, it is the application's own cost
        however loaded the machine is."""
        return group_cpu_seconds(self.proc.pid)


TICKS = os.sysconf("SC_CLK_TCK")


def group_cpu_seconds(group: int) -> float:
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        # after the name: state ppid pgrp session ... utime(14) stime(15), counted from 3
        if int(fields[2]) == group:
            total += int(fields[11]) + int(fields[12])
    return total / TICKS


class Server(Process):
    """gunicorn with 2 workers (as in production) serving `app` on 127.0.0.1:port."""

    def __init__(self, env, port, app="gongkai.wsgi"):
        super().__init__(env)
        self.port = port
        self.argv = [PY, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", "2"]
        self.argv += ["--timeout", "60", "--log-level", "error"]

    def start(self):
        super().start()
        for _ in range(200):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=2):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn ({self.argv[3]}) did not start")


class Worker(Process):
    """The task queue's worker (`gongkai db_worker`), as deployed beside gunicorn: it sends the
    notices of the applications."""

    def __init__(self, env):
        super().__init__(env)
        self.argv = [PY, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


CHECK = """
import json, django
django.setup()
from gongkai.applications.models import Application, Notice
rows = list(Application.objects.values_list("agency_id", "year", "serial", "pk", "info_name"))
unsent = Notice.objects.filter(case__info_name__contains="压测").exclude(state="sent").count()
waiting = Notice.objects.filter(state__in=["pending", "sending"]).count()
print(json.dumps({"rows": rows, "unsent": unsent, "waiting": waiting}))
"""


def stored(env, waiting=False):
    """(rows of every application: agency, year, serial, id, info name; notices of the load not
    sent, or with `waiting` every notice still to be sent)."""
    run = subprocess.run([PY, "-c", CHECK], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    found = json.loads(run.stdout)
    return found["rows"], found["waiting" if waiting else "unsent"]


def check(env, acknowledged):
    """(applications of the load stored, acknowledged ones lost, serial gaps, filed twice)."""
    rows, _unsent = stored(env)
    ids = {str(r[3]) for r in rows}  # the receipt's address names the application by its id
    lost = [c for c in acknowledged if c not in ids]
    ours = [r[4] for r in rows if "压测" in r[4]]
    twice = len(ours) - len(set(ours))
    gaps = 0
    by_year: dict = {}
    for agency, year, serial, _, _ in rows:
        by_year.setdefault((agency, year), []).append(serial)
    for serials in by_year.values():
        gaps += len(set(range(1, max(serials) + 1)) - set(serials))
    return len(ours), lost, gaps, twice
