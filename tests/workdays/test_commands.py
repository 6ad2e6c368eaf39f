from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.workdays.models import CalendarYear, SpecialDay
from gongkai.workdays.selectors import work_calendar

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().splitlines()


def test_it_prints_the_due_date_on_the_first_line():
    assert run("add", "2026-09-28", "20")[0] == "2026-10-30"


def test_it_says_so_on_the_second_line_when_provisional():
    lines = run("add", "2026-12-20", "20")
    assert lines[0] == "2027-01-18"  # 2027-01-01 (元旦) skipped
    assert "暂定" in lines[1] and "2027" in lines[1]


def test_it_explains_on_request():
    lines = run("add", "2026-09-28", "20", "--explain")
    assert any("国庆节" in line for line in lines)


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("add", "2026-02-30", "20")


def test_an_administrator_imports_2027(tmp_path):
    f = tmp_path / "2027.csv"
    f.write_text("日期,类型,名称\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节\n", encoding="utf-8")
    assert "2 个" in run("import", str(f), "--year", "2027")[0]
    assert CalendarYear.objects.filter(year=2027).exists()
    cal = work_calendar()
    assert cal.is_known(date(2027, 5, 1)) and not cal.is_workday(date(2027, 1, 1))
    assert cal.is_workday(date(2027, 2, 6))
    assert len(run("add", "2026-12-20", "20")) == 1


def test_a_bad_file_imports_nothing(tmp_path):
    f = tmp_path / "2027.csv"
    f.write_text("2027-01-01,holiday,元旦\n2027-01-02,maybe,?\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第 2 行"):
        run("import", str(f), "--year", "2027")
    assert not SpecialDay.objects.filter(day__year=2027).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_file_of_another_year_imports_nothing(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("2027-01-01,holiday,元旦\n2028-01-01,holiday,元旦\n", encoding="utf-8")
    with pytest.raises(CommandError, match="不属于 2027"):
        run("import", str(f), "--year", "2027")
    assert not SpecialDay.objects.filter(day__year__gte=2027).exists()


def test_the_seeded_calendar_is_there_after_migrate():
    assert set(CalendarYear.objects.values_list("year", flat=True)) >= set(range(2019, 2027))
    assert SpecialDay.objects.get(day=date(2026, 10, 10)).workday


def test_an_administrator_imports_a_year_in_the_admin(client, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["admin"])
    upload = SimpleUploadedFile("2027.csv", "2027-01-01,holiday,元旦\n".encode())
    r = client.post("/admin/workdays/calendaryear/import/", {"year": "2027", "file": upload}, follow=True)
    assert "已导入 2027 年的 1 个特殊日期" in r.content.decode()
    assert not work_calendar().is_workday(date(2027, 1, 1))


def test_the_admin_import_says_what_is_wrong(client, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["admin"])
    upload = SimpleUploadedFile("2027.csv", "2027-01-01,holiday\n".encode())
    r = client.post("/admin/workdays/calendaryear/import/", {"year": "2027", "file": upload})
    assert "写明节日名称" in r.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
