"""A tiny rate limit per client address, kept in Django's cache (no third-party CAPTCHA).

The cache is per process unless CACHES points at a shared cache; a few workers each allowing the
limit is still a limit, which is all a public form needs.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache

from gongkai.accounts.clientip import client_ip


def _key(scope, address, window):
    digest = hashlib.sha256(f"{scope}|{address}".encode()).hexdigest()[:32]
    return f"gongkai-rl:{digest}:{window}"


def allow(request, scope, limit, period):
    """Count one attempt for this address in `scope`; False once `limit` attempts fell in `period` s."""
    window = int(time.time() // period)
    key = _key(scope, client_ip(request), window)
    cache.add(key, 0, timeout=period + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=period + 5)
        count = 1
    return count <= limit


def exceeded(request, scope, limit, period):
    """Has this address used up `scope` in the current window? Counts nothing (for limits on
    failures only, such as wrong query codes: count them with `allow`, check with this)."""
    window = int(time.time() // period)
    return (cache.get(_key(scope, client_ip(request), window)) or 0) >= limit


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
