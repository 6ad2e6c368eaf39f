"""The PostgreSQL bench data set is generated once and reused (bench/data.py, scripts/with-postgres.sh
with PG_KEEP): a kept cluster survives its run, and a database is reused only once its mark says it
was generated to the end."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.db import connection

from bench import data

ROOT = Path(__file__).resolve().parent.parent
HAS_POSTGRES = bool(list(Path("/usr/lib/postgresql").glob("*/bin/initdb")))


def run_in_cluster(folder, command):
    env = {**os.environ, "PG_KEEP": str(folder)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        ["sh", str(ROOT / "scripts" / "with-postgres.sh"), "sh", "-c", command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(not HAS_POSTGRES, reason="needs Debian's postgresql package")
def test_a_kept_cluster_keeps_its_data_from_one_run_to_the_next():
    # not under pytest's tmp_path: the cluster runs as postgres when we are root, and pytest's
    # folder is private to its user
    folder = Path(tempfile.mkdtemp(prefix="gongkai-kept-")) / "pg"
    folder.parent.chmod(0o755)
    psql = 'psql -v ON_ERROR_STOP=1 -qAt "${DATABASE_URL%/*}'
    try:
        first = run_in_cluster(folder, f'{psql}/postgres" -c "CREATE DATABASE kept"')
        assert first.returncode == 0, first.stderr
        second = run_in_cluster(folder, f"{psql}/kept\" -c 'SELECT current_database()'")
        assert second.returncode == 0, second.stderr
        assert second.stdout.strip().endswith("kept")
        # stopped after each run: the socket is gone, the data folder stays
        assert (folder / "data" / "PG_VERSION").exists()
        assert not list(folder.glob(".s.PGSQL.*"))
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a database of the PostgreSQL server")
def test_a_database_is_reused_only_once_marked_generated():
    base = connection.settings_dict
    url = f"postgres://{base['USER']}@{base['HOST'].replace('/', '%2F')}/postgres"
    if base.get("PORT"):
        url = url.replace("/postgres", f":{base['PORT']}/postgres")
    name = "gongkai_bench_test_mark"
    try:
        data._postgres_fresh(url, name)
        # created, filled halfway (no mark): not reused
        assert data._postgres_generated(url, name) is None
        data._postgres_mark(url.rsplit("/", 1)[0] + "/" + name, "tiny", 12.3)
        assert data._postgres_generated(url, name) == f"tiny v{data.VERSION} in 12 s"
        # made afresh: empty again, not marked
        data._postgres_fresh(url, name)
        assert data._postgres_generated(url, name) is None
    finally:
        with data._server(url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert data._postgres_generated(url, "gongkai_bench_no_such_database") is None
