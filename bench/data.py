"""The generated database the benchmarks read (bench/generate.py), made once per size and
generator version and reused: on SQLite a file under var/bench/<size>-v<version>/, on PostgreSQL
(under scripts/with-postgres.sh, DATABASE_URL set) a database of the throwaway cluster.

bench/run.py calls `ensure()` once and passes BENCH_DATABASE_URL to every script; a script run on
its own calls `django_for_bench()`, which makes the database if it is missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.parse
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


def _postgres_url(name: str) -> str:
    import psycopg

    base = os.environ["DATABASE_URL"]
    url = urllib.parse.urlparse(base)
    host = urllib.parse.unquote(url.hostname or url.netloc.split("@")[-1])
    with psycopg.connect(dbname="postgres", host=host, user=url.username, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


def ensure(out=print) -> tuple[str, float | None]:
    """(database URL of the generated data set, seconds it took to generate or None if reused)."""
    name = size()
    folder = ROOT / "var" / "bench" / f"{name}-v{VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    done = folder / "generated"
    url = (
        _postgres_url(f"gongkai_bench_{name.lower()}_v{VERSION}")
        if on_postgres()
        else f"sqlite:///{folder / 'gongkai.sqlite3'}"
    )
    if done.exists() and not on_postgres():
        _migrate(url, folder)  # code newer than the data set may have added migrations since
        return url, None
    if not on_postgres():
        (folder / "gongkai.sqlite3").unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": url, "DATA_DIR": str(folder), "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    out(f"generating the {name} data set into {url} (once per generator version)")
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--size", name], cwd=ROOT, env=env, check=True)
    seconds = time.perf_counter() - started
    if not on_postgres():  # the throwaway cluster is gone after the run: nothing to reuse there
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
