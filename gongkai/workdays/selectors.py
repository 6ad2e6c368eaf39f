from django.core.signals import request_finished, request_started
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gongkai.core.workdays import SpecialDay as CoreDay
from gongkai.core.workdays import WorkCalendar

from .models import CalendarYear, SpecialDay
from .signals import calendar_changed

# The calendar of this process. Within a request it is checked against the tables once (the
# first call); after that every row, letter and deadline of the request reuses it. Outside a
# request (commands, the task worker) each call checks, as another process may have changed the
# tables since. A change made in this process drops it at once (the signals below).
_cache: dict = {}


def _stamp():
    days = SpecialDay.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    years = CalendarYear.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    return (days["n"], days["t"], years["n"], years["t"])


def work_calendar() -> WorkCalendar:
    """The calendar as entered; rebuilt only when the tables changed (one cheap check per request)."""
    if _cache.get("checked") and "calendar" in _cache:
        return _cache["calendar"]
    stamp = _stamp()
    if _cache.get("stamp") != stamp:
        days = [CoreDay(d.day, d.workday, d.name) for d in SpecialDay.objects.all()]
        years = CalendarYear.objects.values_list("year", flat=True)
        _cache.update(stamp=stamp, calendar=WorkCalendar(days, years))
    _cache["checked"] = _cache.get("in_request", False)
    return _cache["calendar"]


@receiver(request_started, dispatch_uid="workdays-calendar-request")
def _new_request(**kwargs):
    # A request checks the tables again on its first use (another process may have changed them).
    _cache.update(in_request=True, checked=False)


@receiver(request_finished, dispatch_uid="workdays-calendar-request-end")
def _request_over(**kwargs):
    _cache.update(in_request=False, checked=False)


@receiver(calendar_changed, dispatch_uid="workdays-calendar-changed")
@receiver(post_save, sender=SpecialDay, dispatch_uid="workdays-day-saved")
@receiver(post_delete, sender=SpecialDay, dispatch_uid="workdays-day-deleted")
@receiver(post_save, sender=CalendarYear, dispatch_uid="workdays-year-saved")
@receiver(post_delete, sender=CalendarYear, dispatch_uid="workdays-year-deleted")
def _forget(**kwargs):
    _cache.pop("stamp", None)
    _cache["checked"] = False
