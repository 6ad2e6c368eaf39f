"""Writes to the calendar of working days: each one transaction with its audit event, and the
calendar_changed signal on commit (due dates are a cache of the calendar and get recomputed)."""

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.events import changes, record_event
from gongkai.core.workdays import CalendarFileError, packaged_special_days
from gongkai.core.workdays import SpecialDay as CoreDay

from .models import CalendarYear, SpecialDay
from .signals import calendar_changed


def _changed(years):
    transaction.on_commit(lambda: calendar_changed.send(sender=CalendarYear, years=sorted(years)))


@transaction.atomic
def calendar_import_year(*, year: int, days: list[CoreDay], source: str = "", actor=None) -> int:
    """Replace the special days of one year; the file must speak of that year only. `actor` is
    the administrator, or None for the command line and the packaged seed."""
    strays = sorted({d.day.isoformat() for d in days if d.day.year != year})
    if strays:
        raise CalendarFileError(
            _("文件中有不属于 %(year)s 年的日期：%(days)s") % {"year": year, "days": _("、").join(strays[:5])}
        )
    replaced = SpecialDay.objects.filter(day__year=year).delete()[0]
    SpecialDay.objects.bulk_create(SpecialDay(day=d.day, workday=d.workday, name=d.name) for d in days)
    calendar_year, _created = CalendarYear.objects.update_or_create(year=year, defaults={"source": source})
    record_event(
        obj=calendar_year,
        actor=actor,
        verb="calendar.imported",
        before={"days": replaced},
        after={"days": len(days), "source": source},
    )
    _changed([year])
    return len(days)


def calendar_seed(*, first_year: int = 2019, last_year: int = 2026) -> list[int]:
    """Load the years the chinesecalendar package carries that are not entered yet (each year
    one import, with its event)."""
    seeded = []
    known = set(CalendarYear.objects.values_list("year", flat=True))
    days = packaged_special_days(first_year, last_year)
    for year in range(first_year, last_year + 1):
        if year in known:
            continue
        calendar_import_year(year=year, days=[d for d in days if d.day.year == year], source="chinesecalendar")
        seeded.append(year)
    return seeded


@transaction.atomic
def special_day_save(*, actor, special_day: SpecialDay) -> SpecialDay:
    """Add or change one holiday or make-up working day (the administrator, in the admin)."""
    special_day.full_clean()
    stored = SpecialDay.objects.filter(pk=special_day.pk).first() if special_day.pk else None
    before, after = changes(stored, special_day)
    special_day.save()
    record_event(obj=special_day, actor=actor, verb="special_day.saved", before=before, after=after)
    _changed({special_day.day.year} | ({stored.day.year} if stored else set()))
    return special_day


@transaction.atomic
def special_day_delete(*, actor, special_day: SpecialDay) -> None:
    record_event(obj=special_day, actor=actor, verb="special_day.deleted", before=changes(None, special_day)[1])
    special_day.delete()
    _changed({special_day.day.year})
