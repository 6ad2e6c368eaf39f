"""The year lock sits below the apps it guards: it knows no model, each app registers its own."""

import ast
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from gongkai.audit import yearlock
from gongkai.disclosure.models import NormativeDocument, PowerKind, PowerListEntry

pytestmark = pytest.mark.django_db


def test_the_lock_imports_no_project_module():
    tree = ast.parse(Path(yearlock.__file__).read_text(encoding="utf-8"))
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in imported if m and m.startswith("gongkai")]


def test_a_model_that_registered_no_years_is_a_loud_error(gaoshawo):
    with pytest.raises(ImproperlyConfigured, match="registers no report years"):
        yearlock.record_years(gaoshawo)


def test_each_register_says_which_years_it_counts_in(gaoshawo):
    entry = PowerListEntry(agency=gaoshawo, year=2024, kind=PowerKind.PENALTY, name="罚款")
    assert yearlock.record_years(entry) == {2024, 2025}  # also 上一年项目数量 of 2025
    document = NormativeDocument(agency=gaoshawo, doc_number="高政发〔2023〕1号", title="办法", made_on=date(2023, 5, 1))
    assert {2023, 2024, date.today().year} <= yearlock.record_years(document)


def test_a_locked_year_is_refused_in_chinese(gaoshawo, published_2025):
    assert yearlock.year_locked(gaoshawo, 2025) and not yearlock.year_locked(gaoshawo, 2024)
    with pytest.raises(ValidationError, match="高沙窝镇人民政府 2025 年度报告已发布，该年度数据已锁定"):
        yearlock.ensure_years_open(gaoshawo, {2024, 2025})
