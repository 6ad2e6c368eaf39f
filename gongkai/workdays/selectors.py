from django.db.models import Count, Max

from gongkai.core.workdays import SpecialDay as CoreDay
from gongkai.core.workdays import WorkCalendar

from .models import CalendarYear, SpecialDay

_cache: dict = {}


def _stamp():
    days = SpecialDay.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    years = CalendarYear.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    return (days["n"], days["t"], years["n"], years["t"])


def work_calendar() -> WorkCalendar:
    """The calendar as entered; rebuilt only when the tables changed (one cheap query)."""
    stamp = _stamp()
    if _cache.get("stamp") != stamp:
        days = [CoreDay(d.day, d.workday, d.name) for d in SpecialDay.objects.all()]
        years = CalendarYear.objects.values_list("year", flat=True)
        _cache.update(stamp=stamp, calendar=WorkCalendar(days, years))
    return _cache["calendar"]
