"""Plumbing every app's views share: a service's refusal shown on a form or as messages, a file
sent as a download with its Chinese name, and query parameters read with bounds (a bad value is a
400 with a message, never a 500)."""

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

FIRST_YEAR, LAST_YEAR = 1990, 2100  # the years any record or report of this platform can be about


def add_errors(form, error: ValidationError):
    """Put a service's ValidationError on `form`: at its field when the form has that field,
    else at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def error_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for ms in error.message_dict.values() for m in ms]
    return list(error.messages)


def message_errors(request, error: ValidationError):
    """Show a service's refusal at the top of the next page (for steps without a form)."""
    for message in error_messages(error):
        messages.error(request, message)


def content_disposition(filename, *, inline=False):
    """RFC 6266: the real (Chinese) name as filename*, with an ASCII fallback name for old
    clients (Django's content_disposition_header quotes only; the fallback is ours)."""
    # RFC 5987 spells the charset "UTF-8"; Django writes it in lower case (both are valid).
    header = content_disposition_header(not inline, filename).replace("filename*=utf-8''", "filename*=UTF-8''")
    if filename.isascii():
        return header
    stem, dot, ext = filename.rpartition(".")
    ext = ext if dot and ext.isascii() and ext.isalnum() else ""
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in (stem if dot else filename))
    fallback = (fallback.strip("_.") or "download") + (f".{ext}" if ext else "")
    return header.replace("filename*=", f'filename="{fallback}"; filename*=', 1)


def download(content, filename, content_type, *, inline=False, response_class=HttpResponse):
    """A file response that names the file (in Chinese where it is) and is never sniffed into
    something else by the browser."""
    response = response_class(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def year_param(request, name="year", default=None, low=FIRST_YEAR, high=LAST_YEAR):
    """A year from the query string: `default` when absent, a 400 with a Chinese message when it
    is not a year in range (year=10000, year=-1, a 20-digit number)."""
    return int_param(request, name, default, low, high, _("年度应为 %(low)s 至 %(high)s 之间的四位数字"))


def int_param(request, name, default=None, low=0, high=2**31 - 1, message=None):
    """A whole number from the query string, bounded; a 400 with a message otherwise."""
    text = request.GET.get(name, "")
    if text == "":
        return default
    text = text.strip()
    if len(text) > 12 or not (text.isascii() and text.lstrip("-").isdigit()) or not low <= int(text) <= high:
        raise BadRequest(
            (message or _("参数“%(name)s”应为 %(low)s 至 %(high)s 之间的整数"))
            % {"name": name, "low": low, "high": high}
        )
    return int(text)


def text_param(request, name, default="", max_length=200):
    """A text from the query string: bounded, and without the control characters (a NUL byte)
    that a database refuses."""
    text = request.GET.get(name, default)
    if len(text) > max_length:
        raise BadRequest(_("参数“%(name)s”过长（不能超过 %(n)s 个字符）") % {"name": name, "n": max_length})
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        raise BadRequest(_("参数“%(name)s”含有不可见的控制字符，请删除后重试") % {"name": name})
    return text


def choice_param(request, name, choices, default=""):
    """One of `choices` from the query string, or `default` when absent; a 400 otherwise."""
    text = text_param(request, name, default)
    if text and text not in choices:
        raise BadRequest(_("参数“%(name)s”的值“%(value)s”无效") % {"name": name, "value": text[:50]})
    return text


class RejectControlCharacters:
    """A NUL byte or another control character in the address or a query parameter is refused
    with a 400 before any view reads it (PostgreSQL refuses NUL in text and would answer a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [request.path, *(v for vs in request.GET.lists() for v in vs[1]), *request.GET.keys()]
        if any(ord(c) < 32 and c not in "\t\r\n" for v in values for c in v):
            from gongkai.errors import bad_request

            return bad_request(request, BadRequest(_("地址或参数中含有不可见的控制字符（如 NUL），请删除后重试。")))
        return self.get_response(request)
