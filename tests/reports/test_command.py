"""`gongkai report …` as a real process: exit codes 0 / 1 / 2, JSON on stdout, Chinese errors."""

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.clock import demo_day, morning, python_at, test_today

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "tests/fixtures/corpus/expected/gaoshawo-2020.json"


def gongkai(*args, env):
    """The command in a process of its own, on the tests' day (the demo writes this year's records)."""
    argv = python_at("-m", "gongkai.cli", *args, when=morning(demo_day(test_today())))
    return subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory):
    """A SQLite database of its own (whatever the test run uses) with `gongkai demo` loaded."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["DATA_DIR"] = str(tmp_path_factory.mktemp("demo"))
    for step in (["migrate", "-v0"], ["demo"]):
        done = gongkai(*step, env=env)
        assert done.returncode == 0, done.stderr
    return env


def test_the_2020_export_of_gaoshawo_equals_the_seed_report_cell_for_cell(demo_env):
    done = gongkai("report", "export", "--agency", "gaoshawo", "--year", "2020", "--json", env=demo_env)
    assert done.returncode == 0, done.stderr
    exported = json.loads(done.stdout)
    expected = json.loads(EXPECTED.read_text())
    assert exported["format"] == "2019" and exported["year"] == 2020
    assert exported["findings"] == []
    for table, rows in expected["tables"].items():
        for row, cols in rows.items():
            for col, value in cols.items():
                # "0|null": the seed prints six numbers for seven columns; the true value is 0.
                want = 0 if value == "0|null" else value
                assert exported["tables"][table][row][col] == want, f"{table}/{row}/{col}"


def test_the_export_says_whether_it_returns_the_published_report_or_the_records(demo_env):
    expected = json.loads(EXPECTED.read_text())
    for source, said in (("published", "已发布的版本：第 1 版，发布日期 2021-01-20"), ("records", "由业务记录计算")):
        done = gongkai(
            "report", "export", "--agency", "gaoshawo", "--year", "2020", "--source", source, "--json", env=demo_env
        )
        assert done.returncode == 0 and said in done.stderr
        tables = json.loads(done.stdout)["tables"]
        assert tables["20.6"]["penalty"]["decisions"] == expected["tables"]["20.6"]["penalty"]["decisions"]
    done = gongkai("report", "export", "--agency", "gaoshawo", "--year", "2020", env=demo_env)
    assert "已发布的版本" in done.stderr  # a published year defaults to what the public sees
    done = gongkai(
        "report", "export", "--agency", "dashuikeng", "--year", "2025", "--source", "published", env=demo_env
    )
    assert done.returncode == 2 and "尚未发布" in done.stderr


def test_this_years_demo_report_passes_the_rules(demo_env):
    year = str(demo_day(test_today()).year)
    done = gongkai("report", "export", "--agency", "gaoshawo", "--year", year, "--json", env=demo_env)
    assert done.returncode == 0, done.stdout
    assert [f for f in json.loads(done.stdout)["findings"] if f["severity"] == "error"] == []


def test_an_unknown_agency_or_year_exits_2_with_a_chinese_message(demo_env):
    done = gongkai("report", "export", "--agency", "nowhere", "--year", "2020", env=demo_env)
    assert done.returncode == 2 and "没有标识为“nowhere”的机关" in done.stderr and "Traceback" not in done.stderr
    done = gongkai("report", "export", "--agency", "gaoshawo", "--year", "2015", env=demo_env)
    assert done.returncode == 2 and "2019" in done.stderr
    done = gongkai("report", "export", "--agency", "gaoshawo", "--year", "二〇二〇", env=demo_env)
    assert done.returncode == 2 and "不是四位数字年份" in done.stderr


def test_parse_and_check_go_to_the_core_cli(demo_env):
    hongze = str(ROOT / "tests/fixtures/corpus/hongze-district-2023.txt")
    done = gongkai("report", "parse", hongze, env=demo_env)
    assert done.returncode == 1 and "R4" in done.stdout
    done = gongkai("report", "parse", str(ROOT / "tests/fixtures/corpus/huaian-city-2024.txt"), env=demo_env)
    assert done.returncode == 0
    done = gongkai("report", "parse", "/nonexistent.txt", env=demo_env)
    assert done.returncode == 2
