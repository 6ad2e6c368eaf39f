import os

import pytest
from hypothesis import settings as hypothesis_settings

# CI explores the same examples on every run, so a submission's result never depends on luck;
# a developer's run keeps exploring new ones.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
def people(db):
    """The demo county and its people: alice (OGI office of 高沙窝镇), bob (clerk of one of its
    stations), carol (his 分管领导), dave (staff of another township), erin (county supervisor)."""
    from django.contrib.auth import get_user_model

    from gongkai.accounts import demo

    demo.load()
    users = get_user_model().objects.in_bulk(field_name="username")
    return users


@pytest.fixture
def gaoshawo(people):
    from gongkai.accounts.models import Agency

    return Agency.objects.get(slug="gaoshawo")


@pytest.fixture
def dashuikeng(people):
    from gongkai.accounts.models import Agency

    return Agency.objects.get(slug="dashuikeng")
