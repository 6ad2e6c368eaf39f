from django.db import migrations

from gongkai.core.workdays import packaged_special_days

FIRST, LAST = 2019, 2026


def seed(apps, schema_editor):
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    SpecialDay = apps.get_model("workdays", "SpecialDay")
    known = set(CalendarYear.objects.values_list("year", flat=True))
    days = [d for d in packaged_special_days(FIRST, LAST) if d.day.year not in known]
    SpecialDay.objects.bulk_create(SpecialDay(day=d.day, workday=d.workday, name=d.name) for d in days)
    for year in range(FIRST, LAST + 1):
        if year not in known:
            CalendarYear.objects.create(year=year, source="chinesecalendar")


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
