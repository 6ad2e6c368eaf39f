"""The holiday-calendar importer under hostile and damaged files: it imports a good file or
refuses with a message (CalendarFileError), and a refusal writes nothing; never an exception
that would be a 500 in the admin or a traceback in the command."""

import os

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.workdays import CalendarFileError, parse_calendar_file
from gongkai.workdays.models import SpecialDay
from gongkai.workdays.services import calendar_import_year

SCALE = int(os.environ.get("GONGKAI_FUZZ_SCALE", "1"))  # `make bench` runs the long version

pytestmark = pytest.mark.django_db

# Lines that look like the real file, damaged: dates near the year, kinds, names of any length.
DATES = st.one_of(
    st.dates().map(str),
    st.sampled_from(["2027-02-30", "2027-13-01", "20270101", "2027-W01-1", ""]),
    st.text(max_size=12),
)
KINDS = st.sampled_from(["holiday", "workday", "放假", "上班", "HOLIDAY", "休", ""]) | st.text(max_size=6)
NAMES = st.text(max_size=300)
LINES = st.lists(st.tuples(DATES, KINDS, NAMES).map(lambda t: ",".join(t)), max_size=30)


def import_text(text):
    try:
        days = parse_calendar_file(text)
    except CalendarFileError as exc:
        assert str(exc)
        return None
    try:
        with transaction.atomic():
            return calendar_import_year(year=2027, days=days, source="fuzz")
    except CalendarFileError as exc:
        assert str(exc)
        return None


@settings(deadline=None, max_examples=150 * SCALE, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(LINES)
def test_damaged_calendar_files_import_or_are_refused_cleanly(lines):
    before = SpecialDay.objects.filter(day__year=2027).count()
    imported = import_text("\n".join(lines))
    if imported is None:
        assert SpecialDay.objects.filter(day__year=2027).count() == before


@settings(deadline=None, max_examples=100 * SCALE, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=2000))
def test_any_text_imports_or_is_refused_cleanly(text):
    import_text(text)


def test_an_overlong_holiday_name_is_refused_with_a_message():
    with pytest.raises(CalendarFileError, match="名称"):
        calendar_import_year(year=2027, days=parse_calendar_file("2027-01-01,holiday," + "元" * 101), source="x")
