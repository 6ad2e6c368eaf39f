"""Content-Security-Policy for every page: scripts and styles only from this site, never inline.

Views that must be framed by our own pages (an attachment PDF shown inline) mark their response
with `allow_same_origin_framing`, which relaxes frame-ancestors to 'self' for that response only.
"""

from django.conf import settings

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'self'",
    "frame-src": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}


def header_value(frame_ancestors=None):
    policy = dict(POLICY)
    if frame_ancestors:
        policy["frame-ancestors"] = frame_ancestors
    return "; ".join(f"{k} {v}" for k, v in policy.items())


def allow_same_origin_framing(response):
    response["Content-Security-Policy"] = header_value("'self'")
    response.xframe_options_exempt = False
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt = tuple(getattr(settings, "CSP_EXEMPT_PATHS", ()))

    def __call__(self, request):
        response = self.get_response(request)
        # Django's technical error pages (DEBUG only) are styled inline; leave them readable.
        debug_page = (
            settings.DEBUG
            and response.status_code >= 400
            and b"<style" in (getattr(response, "content", b"")[:4000] if not response.streaming else b"")
        )
        if "Content-Security-Policy" not in response and not debug_page and not request.path.startswith(self.exempt):
            response["Content-Security-Policy"] = header_value()
        return response
