from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core.workdays import SpecialDay as CoreDay
from gongkai.core.workdays import packaged_special_days

from .models import CalendarYear, SpecialDay
from .signals import calendar_changed


@transaction.atomic
def calendar_import_year(*, year: int, days: list[CoreDay], source: str = "") -> int:
    """Replace the special days of one year; the file must speak of that year only."""
    strays = sorted({d.day.isoformat() for d in days if d.day.year != year})
    if strays:
        from gongkai.core.workdays import CalendarFileError

        raise CalendarFileError(_("文件中有不属于 %(year)s 年的日期：%(days)s") % {"year": year, "days": _("、").join(strays[:5])})
    SpecialDay.objects.filter(day__year=year).delete()
    SpecialDay.objects.bulk_create(SpecialDay(day=d.day, workday=d.workday, name=d.name) for d in days)
    CalendarYear.objects.update_or_create(year=year, defaults={"source": source})
    transaction.on_commit(lambda: calendar_changed.send(sender=CalendarYear, years=[year]))
    return len(days)


def calendar_seed(*, first_year: int = 2019, last_year: int = 2026) -> list[int]:
    """Load the years the chinesecalendar package carries that are not entered yet."""
    seeded = []
    known = set(CalendarYear.objects.values_list("year", flat=True))
    days = packaged_special_days(first_year, last_year)
    for year in range(first_year, last_year + 1):
        if year in known:
            continue
        calendar_import_year(year=year, days=[d for d in days if d.day.year == year], source="chinesecalendar")
        seeded.append(year)
    return seeded
