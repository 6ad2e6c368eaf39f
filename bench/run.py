"""Run every benchmark under bench/ (files named bench_*.py), one process each, and end with the
summary: every figure line (see bench/figures.py) in the order printed.

    SIZE=S python bench/run.py            # `make bench`; SIZE=M for the big data set

The generated data set of SIZE (bench/generate.py) is made once into var/bench/ and reused while
the generator's version is unchanged (bench/data.py). Scripts marked `# bench: every database` run
on SQLite and then again on PostgreSQL: in the cluster kept under var/bench/pg (scripts/
with-postgres.sh with PG_KEEP: initdb on the first run, started for the pass and stopped after),
or on the server of BENCH_POSTGRES_URL (e.g. postgres://user:password@host/postgres), where the
data set is the database gongkai_bench_<size>_v<version>, also generated once and reused. Scripts
marked `# bench: postgresql only` (two nodes share one database server) run in that pass alone; the others (pure Python) run once. Each script is bounded by BENCH_TIMEOUT
seconds (default 1800; 7200 at SIZE=M).
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.data import db_tag, ensure, on_postgres, size  # noqa: E402
from bench.figures import PREFIX  # noqa: E402

MARK = "# bench: every database"
POSTGRES_ONLY = "# bench: postgresql only"
# M's full reindex alone takes minutes per 100,000 items
TIMEOUT = int(os.environ.get("BENCH_TIMEOUT", "7200" if size() == "M" else "1800"))


def uses_database(script):
    text = script.read_text(encoding="utf-8")
    return MARK in text or POSTGRES_ONLY in text


def postgres_only(script):
    return POSTGRES_ONLY in script.read_text(encoding="utf-8")


def stream(command, env, figures):
    """Run `command`, echo its output line by line, collect its figure lines; its exit code."""
    with subprocess.Popen(command, cwd=HERE.parent, env=env, stdout=subprocess.PIPE, text=True) as run:
        try:
            for line in run.stdout:
                print(line, end="", flush=True)
                if line.startswith(PREFIX):
                    figures.append(line[len(PREFIX) :].rstrip())
            return run.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            run.kill()
            return "timeout"


def run_scripts(scripts, env, figures):
    failed = 0
    for script in scripts:
        print(f"== {script.name} ({db_tag() if uses_database(script) else 'python'})", flush=True)
        code = stream([sys.executable, str(script)], env, figures)
        if code != 0:
            failed += 1
            figures.append(f"FAILED {script.name} exit {code}")
    return failed


def postgres_pass(names):
    """(command, environment) of the PostgreSQL pass: on the server of BENCH_POSTGRES_URL when
    given, else in the cluster kept under var/bench/pg (started for the pass, stopped after), where
    the data set is generated once and reused like SQLite's."""
    command = [sys.executable, str(HERE / "run.py"), "--database-only", *names]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if os.environ.get("BENCH_POSTGRES_URL"):
        return command, {**env, "DATABASE_URL": os.environ["BENCH_POSTGRES_URL"]}
    env.setdefault("PG_KEEP", str(HERE.parent / "var" / "bench" / "pg"))
    return ["sh", "scripts/with-postgres.sh", *command], env


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--database-only", action="store_true", help="only the scripts that use the database (the PostgreSQL pass)"
    )
    ap.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL pass")
    ap.add_argument(
        "--postgres-only", action="store_true", help="only the PostgreSQL pass (SQLite's data set is not made)"
    )
    ap.add_argument("only", nargs="*", help="names of bench scripts to run (default: all)")
    args = ap.parse_args(argv)
    if args.postgres_only and not on_postgres():
        names = [s.name for s in sorted(HERE.glob("bench_*.py")) if uses_database(s)]
        return 0 if stream(*postgres_pass(args.only or names), []) == 0 else 1  # it prints its summary
    scripts = sorted(HERE.glob("bench_*.py"))
    if args.only:
        scripts = [s for s in scripts if s.stem in args.only or s.name in args.only]
    if args.database_only:
        scripts = [s for s in scripts if uses_database(s)]
    figures: list[str] = []
    env = dict(os.environ)
    if any(uses_database(s) for s in scripts):
        url, seconds = ensure()
        env["BENCH_DATABASE_URL"] = url
        if seconds is not None:
            line = f"DATA generate_{size()}_s_{db_tag()} {seconds:.0f} recorded"
            print(PREFIX + line, flush=True)
            figures.append(line)
    failed = run_scripts([s for s in scripts if on_postgres() or not postgres_only(s)], env, figures)
    if not on_postgres() and not args.no_postgres and any(uses_database(s) for s in scripts):
        print("== PostgreSQL pass", flush=True)
        names = [s.name for s in scripts if uses_database(s)]
        code = stream(*postgres_pass(names), figures)
        failed += code != 0
    # the PostgreSQL pass printed its own summary; this one holds both
    figures = list(dict.fromkeys(figures))
    print("== summary")
    print("\n".join(figures))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
