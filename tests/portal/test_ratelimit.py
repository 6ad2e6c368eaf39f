"""The portal's rate limit counts in the database, each attempt with one atomic statement: many
workers at once never lose a count, and windows that ended are forgotten."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory

from gongkai.portal import ratelimit
from gongkai.portal.models import RateCount

THREADS, EACH = 8, 25


def request_from(address):
    return RequestFactory().post("/apply/gaoshawo/", REMOTE_ADDR=address)


@pytest.mark.django_db
def test_the_limit_holds_exactly_and_other_addresses_and_forms_count_apart(clock):
    me = request_from("203.0.113.7")
    assert [ratelimit.allow(me, "feedback", 3, 3600) for _ in range(5)] == [True, True, True, False, False]
    assert ratelimit.exceeded(me, "feedback", 3, 3600)
    assert ratelimit.allow(request_from("203.0.113.8"), "feedback", 3, 3600)
    assert ratelimit.allow(me, "openday", 3, 3600)
    # The next hour is a new window; the ended one is removed when the new one starts.
    clock.move_to(clock.now() + timedelta(hours=1))
    assert ratelimit.allow(me, "feedback", 3, 3600)
    assert RateCount.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_are_all_counted():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("a shared-cache in-memory SQLite database cannot wait for a lock; PostgreSQL runs this")
    from tests.applications.test_concurrency import all_at_once

    allowed = []

    def attempts():
        for _ in range(EACH):
            allowed.append(ratelimit.allow(request_from("203.0.113.9"), "application", 50, 3600))

    errors = all_at_once(attempts, THREADS)
    assert errors == []
    assert RateCount.objects.get().count == THREADS * EACH
    assert allowed.count(True) == 50
