"""Reads of the public portal and the API from a read replica (DATABASE_REPLICA_URL), when a
deployment has one; everything else stays on the primary.

Only what the public reads without signing in goes to the replica: the home page, agency columns,
items, search, the kiosk and the API, by GET or HEAD. A replica is a little behind its primary,
so staff pages, the applicant's pages (a receipt is read right after its application is written),
every form post and everything a signed-in person sees read from the primary, as do writes
anywhere. Without DATABASE_REPLICA_URL neither the router nor the middleware is installed.
"""

from contextvars import ContextVar

REPLICA = "replica"
PUBLIC_PREFIXES = ("/gk/", "/search/", "/api/", "/kiosk/", "/large-type/")

_public_read: ContextVar[bool] = ContextVar("gongkai_public_read", default=False)


def is_public_read(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if not (request.path == "/" or request.path.startswith(PUBLIC_PREFIXES)):
        return False
    return not request.user.is_authenticated


class PublicReadsMiddleware:
    """Marks the anonymous public's GETs of the portal and the API as replica reads (after the
    authentication middleware: whether someone is signed in is read from the primary)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _public_read.set(is_public_read(request))
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _public_read.get() else None

    def db_for_write(self, model, **hints):
        return None  # always the primary

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two connections to it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows the primary's schema by replication
