"""P3 and P4 past one machine: two gunicorn nodes (2 workers each) behind nginx with TLS, one
PostgreSQL, Redis and an S3-compatible store, all on loopback (scripts/two_nodes.py), on the
generated data set (bench/generate.py, SIZE=S by default).

- P3: wrk (Debian's package, -c8, bounded in time) on public pages through the balanced address,
  each beside the same stack's cheapest answer (/favicon.ico: Django, no database).
- P4: applications through the real public form, 8 browsers at once (each fetches the form, then
  posts it), spread over both nodes; then none lost and the serial numbers gap-free.
- The rate limit: 2,000 attempts from one address at once across both nodes (limit 1,000 an
  hour, the intake's included); every one counted.

Needs PostgreSQL: bench/run.py runs it in its PostgreSQL pass, on that pass's generated database
(BENCH_DATABASE_URL); run alone, it runs itself under scripts/with-postgres.sh and generates the
data set there.

    .venv/bin/python bench/bench_nodes.py
"""
# bench: postgresql only

import os
import re
import shutil
import subprocess
import sys
import time
import ssl
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "scripts"), str(ROOT)]

from figures import figure, record  # noqa: E402

WRK_SECONDS = 5
APPLICATIONS, BROWSERS = 160, 8
RATE_ATTEMPTS, RATE_LIMIT = 2000, 1000
UNVERIFIED = ssl._create_unverified_context()  # the cluster's own throwaway certificate
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission" value="([0-9a-f-]{36})"')


def under_postgres():
    """The generated data set's PostgreSQL URL (made here if needed), or run again under
    scripts/with-postgres.sh."""
    for name in ("BENCH_DATABASE_URL", "DATABASE_URL"):
        if os.environ.get(name, "").startswith(("postgres://", "postgresql://")):
            break
    else:
        env = {k: v for k, v in os.environ.items() if k != "BENCH_DATABASE_URL"}  # SQLite's, from run.py
        os.execvpe("sh", ["sh", str(ROOT / "scripts" / "with-postgres.sh"), sys.executable, *sys.argv], env)
    from data import django_for_bench

    django_for_bench()  # sets DATABASE_URL to the generated database
    return os.environ["DATABASE_URL"]


def measured():
    """(pages measured, the agency whose form is used): the agency with the most public items."""
    from bench_p3 import pages
    from django.db.models import Count

    from gongkai.accounts.models import Agency

    agency = Agency.objects.annotate(n=Count("disclosure_items")).order_by("-n").first()
    return pages(), agency.slug


def wrk(url):
    """Requests per second of wrk on `url` (any non-2xx answer makes it 0: a page must work)."""
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{WRK_SECONDS}s", url], capture_output=True, text=True, timeout=WRK_SECONDS + 60
    ).stdout
    measured = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if "Non-2xx" in out or not measured:
        print(out, flush=True)
        return 0.0
    return float(measured.group(1))


def p3(cluster, pages):
    if not shutil.which("wrk"):
        sys.exit("wrk not found: install Debian's wrk (scripts/system-deps.sh does)")
    hello = wrk(cluster.url + "/favicon.ico")
    record("P3", "nodes_hello_per_s", hello)
    for name, path in pages.items():
        urllib.request.urlopen(cluster.url + path, timeout=120, context=UNVERIFIED).close()  # its first visitor
        per_s = wrk(cluster.url + path)
        record("P3", f"nodes_{name}_per_s", per_s)
        figure("P3", f"nodes_{name}_vs_hello", per_s / hello, ">=", 0.5)


def apply_once(base, slug):
    """One person applies: fetch the form, post it; the status of the post."""
    from tests.applications.conftest import applicant

    import requests

    session = requests.Session()
    page = session.get(f"{base}/apply/{slug}/", verify=False, timeout=60).text
    submission = SUBMISSION.search(page)
    data = {
        **{k: v for k, v in applicant().items() if v is not None},
        "csrfmiddlewaretoken": CSRF.search(page).group(1),
        "submission": submission.group(1) if submission else str(uuid.uuid4()),
    }
    r = session.post(
        f"{base}/apply/{slug}/",
        data=data,
        headers={"Referer": f"{base}/apply/{slug}/"},
        verify=False,
        timeout=60,
        allow_redirects=False,
    )
    return r.status_code


def p4(cluster, slug):
    import psycopg

    before = _serials(psycopg, slug)
    start = time.perf_counter()
    with ThreadPoolExecutor(BROWSERS) as pool:
        statuses = list(pool.map(lambda _: apply_once(cluster.url, slug), range(APPLICATIONS)))
    seconds = time.perf_counter() - start
    after = _serials(psycopg, slug)
    filed = after[len(before) :]
    figure("P4", "nodes_intake_per_s", APPLICATIONS / seconds, ">=", 200)
    figure("P4", "nodes_intake_lost", APPLICATIONS - statuses.count(302), "=", 0)
    figure("P4", "nodes_intake_filed_vs_accepted", len(filed) - statuses.count(302), "=", 0)
    expected = list(range(1, len(after) + 1))
    figure("P4", "nodes_serial_gaps", sum(1 for a, b in zip(after, expected) if a != b), "=", 0)


def _serials(psycopg, slug):
    """The agency's serial numbers of this year's applications, in order."""
    with psycopg.connect(_conninfo()) as conn:
        year = conn.execute("SELECT max(year) FROM applications_application").fetchone()[0]
        rows = conn.execute(
            "SELECT a.serial FROM applications_application a JOIN accounts_agency g ON g.id = a.agency_id "
            "WHERE g.slug = %s AND a.year = %s ORDER BY a.serial",
            [slug, year],
        ).fetchall()
    return [r[0] for r in rows]


def _conninfo():
    import dj_database_url

    db = dj_database_url.parse(os.environ["DATABASE_URL"])
    return " ".join(
        f"{k}={v}"
        for k, v in (
            ("dbname", db["NAME"]),
            ("user", db["USER"]),
            ("host", db["HOST"]),
            ("port", db["PORT"]),
            ("password", db["PASSWORD"]),
        )
        if v
    )


def _counted(psycopg):
    with psycopg.connect(_conninfo()) as conn:
        return conn.execute("SELECT coalesce(sum(count), 0) FROM portal_ratecount").fetchone()[0]


def rate_limit(cluster, slug):
    """Every attempt counted: the database's counters grow by exactly the attempts made (each
    browser takes the form's CSRF token once, then posts an empty form again and again)."""
    import psycopg
    import requests

    def posts(count):
        session = requests.Session()
        page = session.get(f"{cluster.url}/apply/{slug}/", verify=False, timeout=60).text
        data = {"csrfmiddlewaretoken": CSRF.search(page).group(1)}
        return [
            session.post(
                f"{cluster.url}/apply/{slug}/",
                data=data,
                verify=False,
                timeout=60,
                headers={"Referer": f"{cluster.url}/apply/{slug}/"},
            ).status_code
            for _ in range(count)
        ]

    before = _counted(psycopg)
    with ThreadPoolExecutor(BROWSERS) as pool:
        statuses = [s for run in pool.map(posts, [RATE_ATTEMPTS // BROWSERS] * BROWSERS) for s in run]
    figure("P4", "nodes_ratelimit_missed", len(statuses) - (_counted(psycopg) - before), "=", 0)
    # Exactly what was left of the hour's limit got through (the intake above used some of it).
    figure(
        "P4",
        "nodes_ratelimit_refused_wrong",
        statuses.count(429) - (len(statuses) - max(0, RATE_LIMIT - before)),
        "=",
        0,
    )


def main():
    database_url = under_postgres()
    import urllib3
    from django.db import connections

    from two_nodes import Cluster

    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # our own throwaway certificate
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput"],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    pages, slug = measured()
    connections.close_all()
    print(f"agency {slug}: {len(pages)} pages", flush=True)
    env = {"PORTAL_RATE_APPLICATION": str(RATE_LIMIT)}
    with Cluster(database_url, env=env) as cluster:
        print(f"two nodes: {cluster.url} (A {cluster.node_url['A']}, B {cluster.node_url['B']})", flush=True)
        p3(cluster, pages)
        p4(cluster, slug)
        rate_limit(cluster, slug)


if __name__ == "__main__":
    main()
