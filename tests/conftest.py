import io
import os
from datetime import date

import pytest
import time_machine
from hypothesis import settings as hypothesis_settings

from tests.clock import Clock, demo_day, morning, test_today

# CI explores the same examples on every run, so a submission's result never depends on luck;
# a developer's run keeps exploring new ones.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def clock(request):
    """Every test runs on a known day: the `today` marker's (a test whose dates were counted by
    hand on a year's calendar says which day its story happens on, e.g.
    `@pytest.mark.today("2026-12-01")`), else GONGKAI_TEST_TODAY's, else DEFAULT_TODAY."""
    marker = request.node.get_closest_marker("today")
    day = date.fromisoformat(marker.args[0]) if marker else test_today()
    with time_machine.travel(morning(day), tick=True) as traveller:
        yield Clock(traveller)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Rate limits live in the cache: every test starts with none counted, in memory rather than
    in the development data folder."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def cast(db):
    """The standard cast of people and agencies, built by tests/factories.py (not the demo)."""
    from tests import factories

    return factories.county()


@pytest.fixture
def people(cast):
    """The people of the standard cast by username: alice (OGI office of 高沙窝镇), bob (clerk of
    one of its stations), carol (his 分管领导), dave (staff of another township), erin (county
    supervisor), … (tests/factories.py lists them all)."""
    return cast.people


@pytest.fixture
def gaoshawo(cast):
    return cast.agencies["gaoshawo"]


@pytest.fixture
def dashuikeng(cast):
    return cast.agencies["dashuikeng"]


@pytest.fixture
def yanchi(cast):
    """盐池县, the county that supervises the townships."""
    return cast.agencies["yanchi"]


@pytest.fixture
def demo_people(db):
    """The demo's own county and people, for the tests that are about the demo (everything else
    uses the cast built by tests/factories.py)."""
    from django.contrib.auth import get_user_model

    from gongkai.accounts import demo

    demo.load()
    return get_user_model().objects.in_bulk(field_name="username")


@pytest.fixture
def demo(clock, db, settings, tmp_path):
    """The whole demo (`gongkai demo`), for the tests about the demo or a deployment as a county
    runs it, loaded on the test's day but not before the demo's last fixed date.

    A transactional test starts from a database emptied by the one before: the channels and the
    2019–2026 calendar that migrations seed are put back first (both idempotent)."""
    from importlib import import_module

    from django.apps import apps
    from django.core.management import call_command

    import_module("gongkai.disclosure.migrations.0001_initial").seed_channels(apps, None)
    import_module("gongkai.workdays.migrations.0002_seed_calendar").seed(apps, None)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    clock.move_to(demo_day(clock.today))
    call_command("demo", verbosity=0, stdout=io.StringIO())
