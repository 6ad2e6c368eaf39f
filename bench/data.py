"""The generated database the benchmarks read (bench/generate.py), made once per size and
generator version and reused: on SQLite a file under var/bench/<size>-v<version>/, on PostgreSQL
(DATABASE_URL set: bench/run.py runs its PostgreSQL pass in the cluster kept under var/bench/pg, see
scripts/with-postgres.sh's PG_KEEP) a database of that server, marked once complete.

bench/run.py calls `ensure()` once and passes BENCH_DATABASE_URL to every script; a script run on
its own calls `django_for_bench()`, which makes the database if it is missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import SIZES, VERSION  # noqa: E402


def size() -> str:
    name = os.environ.get("SIZE", "S")
    if name not in SIZES:
        raise SystemExit(f"SIZE={name!r}: one of {', '.join(SIZES)}")
    return name


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


def db_tag() -> str:
    return "pg" if on_postgres() else "sqlite"


MARK_TABLE = "bench_generated"


def _server(base: str, **options):
    """A connection to the server of the URL `base` (psycopg reads the same URL Django does)."""
    import psycopg

    return psycopg.connect(base, autocommit=True, **options)


def _postgres_generated(base: str, name: str) -> str | None:
    """The mark of database `name` (e.g. "M v3 in 5400 s"), or None if it is missing or was left
    half-generated (the mark is written last, once generate.py has succeeded)."""
    with _server(base, dbname="postgres") as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return None
    with _server(base, dbname=name) as conn:
        if not conn.execute("SELECT to_regclass(%s)", (MARK_TABLE,)).fetchone()[0]:
            return None
        row = conn.execute(f"SELECT size, version, seconds FROM {MARK_TABLE}").fetchone()
    return row and f"{row[0]} v{row[1]} in {row[2]:.0f} s"


def _postgres_fresh(base: str, name: str) -> None:
    """Database `name` created empty (dropped first if a run left it half-generated)."""
    with _server(base, dbname="postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _postgres_mark(url: str, name: str, seconds: float) -> None:
    with _server(url) as conn:
        conn.execute(f"CREATE TABLE {MARK_TABLE} (size text, version int, seconds float, at timestamptz)")
        conn.execute(f"INSERT INTO {MARK_TABLE} VALUES (%s, %s, %s, now())", (name, VERSION, seconds))


def ensure(out=print) -> tuple[str, float | None]:
    """(database URL of the generated data set, seconds it took to generate or None if reused).
    SQLite: var/bench/<size>-v<version>/gongkai.sqlite3, done when `generated` is there beside it.
    PostgreSQL: database gongkai_bench_<size>_v<version> on DATABASE_URL's server (bench/run.py:
    the kept cluster under var/bench/pg), done when its table bench_generated holds a row."""
    name = size()
    folder = ROOT / "var" / "bench" / f"{name}-v{VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    done = folder / "generated"
    if on_postgres():
        base = os.environ["DATABASE_URL"]
        database = f"gongkai_bench_{name.lower()}_v{VERSION}"
        url = base.rsplit("/", 1)[0] + "/" + database
        mark = _postgres_generated(base, database)
        if mark:
            out(f"using the {name} data set in {database} (generated {mark})")
            _migrate(url, folder)
            return url, None
        _postgres_fresh(base, database)
    else:
        url = f"sqlite:///{folder / 'gongkai.sqlite3'}"
        if done.exists():
            _migrate(url, folder)  # code newer than the data set may have added migrations since
            return url, None
        (folder / "gongkai.sqlite3").unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": url, "DATA_DIR": str(folder), "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    env["PYTHONUNBUFFERED"] = "1"  # its progress shows as it goes, also through run.py's pipe
    out(f"generating the {name} data set into {url} (once per generator version)")
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--size", name], cwd=ROOT, env=env, check=True)
    seconds = time.perf_counter() - started
    if on_postgres():
        _postgres_mark(url, name, seconds)
    else:
        done.write_text(f"{seconds:.0f}\n")
    return url, seconds


def _migrate(url: str, folder: Path) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DATA_DIR": str(folder), "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )


def django_for_bench():
    """Set Django up on the generated database (making it if needed)."""
    url = os.environ.get("BENCH_DATABASE_URL") or ensure()[0]
    os.environ["DATABASE_URL"] = url
    if url.startswith("sqlite:///"):
        os.environ.setdefault("DATA_DIR", str(Path(url.removeprefix("sqlite:///")).parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
