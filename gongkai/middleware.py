"""Request bodies bounded by the application itself, whatever is in front of it."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """A request whose Content-Length is over MAX_REQUEST_BYTES gets 413 before its body is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            message = _("提交的内容过大（%(size)s MB），超过本系统每次 %(limit)s MB 的上限。请压缩或分批提交。") % {
                "size": length // (1024 * 1024),
                "limit": limit // (1024 * 1024),
            }
            response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
            response["Connection"] = "close"
            return response
        return self.get_response(request)
