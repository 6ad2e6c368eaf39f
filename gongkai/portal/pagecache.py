"""Cached public pages: whole responses kept in Django's cache, per page and per agency, and
invalidated the moment something they show changes.

Every cached page belongs to a scope: one agency's pages (its column, catalog, items, reports,
feeds, API lists) or the site's pages (home, the lists across agencies). Each scope has a version
in the cache: the time of its last change. A page's key holds the versions of its scope and of the
whole site's shared data, so bumping a version makes every page of that scope miss at once; old
entries simply age out. A change is bumped when saved and again when its transaction commits (a
request in between could otherwise cache the old state under the new version).

Only anonymous GET requests are served from or stored in the cache, never a page with a message
for its reader; the CSRF token of a cached form is replaced by the reader's own, and its one-time
submission token by a new one. Feeds, the API and a published report's files answer conditional
GETs (ETag, Last-Modified → 304).
"""

import hashlib
import re
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .context_processors import LARGE_TYPE_COOKIE

SITE = "site"  # the pages across agencies
SHARED = "shared"  # what every page may show: agencies' names, regions, channels
# URL name → the keyword argument naming the agency (None: a page of the whole site).
PAGES = {
    "home": None,
    "portal:search": None,
    "portal:column": "agency_slug",
    "portal:guide": "agency_slug",
    "apply": "agency_slug",  # the public application form (it shows the agency's name and office)
    "portal:rules": "agency_slug",
    "portal:catalog": "agency_slug",
    "portal:catalog-category": "agency_slug",
    "portal:item": "agency_slug",
    "portal:feed-rss": "agency_slug",
    "portal:feed-atom": "agency_slug",
    "portal:category-feed-rss": "agency_slug",
    "portal:category-feed-atom": "agency_slug",
    "reports:public-list": "slug",
    "reports:public-detail": "slug",
    "reports:public-json": "slug",
    "api:agencies": None,
    "api:agency": "slug",
    "api:categories": "slug",
    "api:items": "?agency",
    "api:item": None,
    "api:agency_reports": "slug",
    "api:agency_report": "slug",
    # a published report's files (its stored DOCX and PDF): answered with 304 when unchanged
    "reports:public-docx": "slug",
    "reports:public-pdf": "slug",
    "portal:open-days": "agency_slug",
    "portal:open-day": "agency_slug",
    # A village board shows every agency's items posted there (a county department's too), so
    # any agency's change makes it stale: the site's scope.
    "portal:boards": None,
    "portal:board": None,
    "portal:board-sheet": None,
    "portal:kiosk": None,
    "portal:kiosk-agency": "agency_slug",
    "portal:kiosk-village": "agency_slug",
    "portal:kiosk-item": "agency_slug",
}
CONDITIONAL = ("portal:feed-", "portal:category-feed-", "api:", "reports:public-docx", "reports:public-pdf")
# Pages that print today's date (the board's printable sheet): kept until midnight at most.
DATED = ("portal:board-sheet",)
# A larger answer (a report's PDF with many pages) is served live rather than kept in the cache.
MAX_CACHED_BYTES = 8 * 1024 * 1024
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_MARK = b"gk-csrf-token-of-the-reader"
# A submission token shared by two readers would show the second the first one's receipt: each
# reader gets a new one, and a page whose token input is not marked is not kept.
SUBMISSION_INPUT = re.compile(rb'(name="submission" value=")[^"]*(")')
SUBMISSION_MARK = b"gk-submission-token-of-the-reader"


def _version_key(scope):
    return f"gk:pages:v:{scope}"


def _versions(scopes):
    keys = [_version_key(s) for s in scopes]
    found = cache.get_many(keys)
    missing = {k: time.time_ns() for k in keys if k not in found}
    if missing:
        # A version lost from the cache (evicted, cleared) starts anew: its old pages miss too.
        cache.set_many(missing, None)
        found.update(missing)
    return [found[k] for k in keys]


def bump(*scopes):
    """Something in these scopes changed: their cached pages are stale from now on."""

    def now():
        cache.set_many({_version_key(s): time.time_ns() for s in scopes}, None)

    now()
    transaction.on_commit(now)


def bump_agency(slug):
    bump(f"agency:{slug}", SITE)


def _scope(match, request):
    arg = PAGES.get(match.view_name, "")
    if arg == "":
        return None
    if arg is None:
        return SITE
    slug = request.GET.get(arg[1:]) if arg.startswith("?") else match.kwargs.get(arg)
    if slug and not SLUG.fullmatch(slug):
        return None  # the view answers what is wrong with it; nothing to keep
    return f"agency:{slug}" if slug else SITE


def _anonymous_reader(request):
    if request.method != "GET" or request.user.is_authenticated:
        return False
    # a message waiting for this reader (after a form) is shown on the page: render it live
    return len(messages.get_messages(request)) == 0


def _conditional(match):
    return match.view_name.startswith(CONDITIONAL)


class PublicPageCacheMiddleware:
    """Serves and stores the pages of PAGES; placed last, so that it sees the user and messages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        entry = getattr(request, "_page_cache", None)
        if (
            entry
            and response.status_code == 200
            and not response.streaming
            and len(response.content) <= MAX_CACHED_BYTES
            and _anonymous_reader(request)
        ):
            key, changed = entry
            content = CSRF_INPUT.sub(lambda m: m.group(1) + CSRF_MARK + m.group(2), response.content)
            content = SUBMISSION_INPUT.sub(lambda m: m.group(1) + SUBMISSION_MARK + m.group(2), content)
            if b'name="submission"' in content and SUBMISSION_MARK not in content:
                return response
            headers = {k: v for k, v in response.items() if k.lower() not in ("set-cookie", "vary")}
            cache.set(key, (content, headers, changed), _timeout(request.resolver_match.view_name))
            if _conditional(request.resolver_match):
                return _validated(request, response, content, changed)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.PORTAL_PAGE_CACHE_SECONDS:
            return None
        scope = _scope(request.resolver_match, request)
        if scope is None or not _anonymous_reader(request):
            return None
        shared, own = _versions([SHARED, scope])
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        large = request.COOKIES.get(LARGE_TYPE_COOKIE) == "1"
        key = f"gk:pages:{shared}:{own}:{request.LANGUAGE_CODE}:{int(large)}:{path}"
        hit = cache.get(key)
        if hit is None:
            request._page_cache = (key, max(shared, own))
            return None
        content, headers, changed = hit
        if CSRF_MARK in content:
            content = content.replace(CSRF_MARK, get_token(request).encode())
        if SUBMISSION_MARK in content:
            content = content.replace(SUBMISSION_MARK, str(uuid.uuid4()).encode())
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        if _conditional(request.resolver_match):
            return _validated(request, response, content, changed)
        return response


def _timeout(view_name):
    """Seconds a page may be kept: PORTAL_PAGE_CACHE_SECONDS, and no longer than until the next
    moment that changes a page with no one saving anything: a public item expires, an open day's
    registration closes, it starts or it ends; and for a page that prints the date, midnight."""
    limit = settings.PORTAL_PAGE_CACHE_SECONDS
    if view_name in DATED:
        limit = min(limit, _seconds_to_midnight())
    key = f"gk:pages:expiry:{_versions([SITE])[0]}"
    upcoming = cache.get(key)
    if upcoming is None:
        upcoming = _next_moment()
        cache.set(key, upcoming, _until(upcoming, settings.PORTAL_PAGE_CACHE_SECONDS))
    return _until(upcoming, limit)


def _next_moment():
    """The timestamp of the next moment that changes what a public page shows (0: none ahead)."""
    from django.utils import timezone

    from gongkai.disclosure.models import Item

    from .models import OpenDay

    now = timezone.now()
    moments = [
        Item.objects.public()
        .filter(expires_at__isnull=False)
        .order_by("expires_at")
        .values_list("expires_at", flat=True)
        .first()
    ]
    events = OpenDay.objects.filter(published=True)
    for field in ("registration_closes_at", "starts_at", "ends_at"):
        moments.append(events.filter(**{f"{field}__gt": now}).order_by(field).values_list(field, flat=True).first())
    ahead = [m.timestamp() for m in moments if m is not None]
    return min(ahead) if ahead else 0


def _seconds_to_midnight():
    import datetime

    from django.utils import timezone

    now = timezone.localtime()
    midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(), now.tzinfo)
    return max(1, int((midnight - now).total_seconds()) + 1)


def _until(moment, limit):
    return max(1, min(limit, int(moment - time.time()) + 1)) if moment else limit


def _validated(request, response, content, changed):
    """ETag (of the content) and Last-Modified (the scope's last change); 304 when the reader has it."""
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    modified = changed // 1_000_000_000
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response)


# ---- what invalidates which pages --------------------------------------------------------------


def _agency_slug(instance):
    """The agency whose pages show this record (via its item or report when it has no agency)."""
    from gongkai.accounts.models import Agency

    for path in ("agency_id", "item__agency_id", "report__agency_id", "open_day__agency_id"):
        holder, attr = instance, path
        if "__" in path:
            parent, attr = path.split("__")
            holder = getattr(instance, parent, None)
        agency_id = getattr(holder, attr, None) if holder is not None else None
        if agency_id:
            return Agency.objects.filter(pk=agency_id).values_list("slug", flat=True).first()
    return None


def _agency_record_changed(sender, instance, **kwargs):
    slug = _agency_slug(instance)
    if slug:
        bump_agency(slug)


def _shared_record_changed(sender, instance=None, **kwargs):
    bump(SHARED, SITE)


# Records shown on an agency's public pages (and in the site's lists), and records every page may
# show (an agency's name is on other agencies' pages and on the home page).
AGENCY_RECORDS = [
    "disclosure.Item",
    "disclosure.ItemAttachment",
    "disclosure.ItemVersion",
    "disclosure.Category",
    "disclosure.NormativeDocument",
    "disclosure.PowerListEntry",
    "disclosure.DecisionTally",
    "disclosure.FeeCollection",
    "disclosure.ProcurementProject",
    "reports.AnnualReport",
    "reports.ReportVersion",
    "portal.Feedback",
    "portal.OpenDay",
    "portal.OpenDayRegistration",  # places left
    "portal.OpenDayOpinion",  # an answered opinion is shown
    "accounts.Unit",
]
SHARED_RECORDS = ["accounts.Agency", "accounts.Region", "disclosure.Channel"]


def connect():
    from django.apps import apps

    for labels, receiver in ((AGENCY_RECORDS, _agency_record_changed), (SHARED_RECORDS, _shared_record_changed)):
        for label in labels:
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(receiver, sender=apps.get_model(label), dispatch_uid=f"pagecache-{label}-{name}")
    Item = apps.get_model("disclosure.Item")
    m2m_changed.connect(_agency_record_changed, sender=Item.channels.through, dispatch_uid="pagecache-item-channels")
