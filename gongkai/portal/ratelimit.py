"""A tiny rate limit per client address (no third-party CAPTCHA), counted in the database.

Every worker process on every node counts into one row per (form, address, window), each attempt
with one atomic statement, so two workers never both read 7 and both write 8: the limit holds
exactly however many workers and machines serve the portal (a cache's get-then-set incr does not).
"""

import hashlib
import time
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings

from gongkai import counters
from gongkai.accounts.clientip import client_ip

from .models import RateCount


def _key(scope, address, window):
    digest = hashlib.sha256(f"{scope}|{address}".encode()).hexdigest()[:32]
    return f"{digest}:{window}"


def _count_one(key, expires_at) -> int:
    """Add one to the counter `key` (made if missing) and return the new count, in one statement."""
    return counters.step(RateCount, keys={"key": key}, field="count", extra={"expires_at": expires_at})


def allow(request, scope, limit, period, who=None):
    """Count one attempt for this address (or for `who`, such as the account a code is asked
    for, whatever address asks) in `scope`; False once `limit` attempts fell in `period` s."""
    now = time.time()
    window = int(now // period)
    expires_at = datetime.fromtimestamp((window + 1) * period, UTC)
    count = _count_one(_key(scope, who or client_ip(request), window), expires_at)
    if count == 1:  # the first attempt of a window: forget the windows that have ended
        RateCount.objects.filter(expires_at__lt=datetime.fromtimestamp(now, UTC)).delete()
    return count <= limit


def exceeded(request, scope, limit, period):
    """Has this address used up `scope` in the current window? Counts nothing (for limits on
    failures only, such as wrong query codes: count them with `allow`, check with this)."""
    window = int(time.time() // period)
    counted = RateCount.objects.filter(key=_key(scope, client_ip(request), window)).values_list("count", flat=True)
    return (counted.first() or 0) >= limit


def limits():
    """(attempts, seconds) per form, configurable per deployment."""
    return {
        "application": getattr(settings, "PORTAL_RATE_APPLICATION", (5, 3600)),
        "feedback": getattr(settings, "PORTAL_RATE_FEEDBACK", (10, 3600)),
        "openday": getattr(settings, "PORTAL_RATE_OPENDAY", (10, 3600)),
        "query_code": getattr(settings, "PORTAL_RATE_QUERY_CODE", (10, 3600)),
        # citizen accounts: registrations and codes asked for together; failed sign-ins
        "account": getattr(settings, "PORTAL_RATE_ACCOUNT", (5, 3600)),
        "account_login": getattr(settings, "PORTAL_RATE_ACCOUNT_LOGIN", (10, 3600)),
        # password reset codes asked for: per address, and per account name whoever asks
        "account_reset": getattr(settings, "PORTAL_RATE_ACCOUNT_RESET", (5, 3600)),
        "account_reset_name": getattr(settings, "PORTAL_RATE_ACCOUNT_RESET_NAME", (3, 3600)),
    }


def rate_limited(scope, refuse):
    """Decorate a public form's view: each POST counts toward `scope`'s limit for the client's
    address; over it, `refuse(request, *args, **kwargs)` answers instead of the view (a 429)."""

    def decorate(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            if request.method == "POST":
                limit, period = limits()[scope]
                if not allow(request, scope, limit, period):
                    return refuse(request, *args, **kwargs)
            return view(request, *args, **kwargs)

        return limited

    return decorate
