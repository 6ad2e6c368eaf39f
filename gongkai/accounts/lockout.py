"""What a locked-out person sees: that the account is locked for them, and until when."""

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from .clientip import client_ip


def retry_at(request, credentials=None):
    """When the lockout of this username from this address ends (None if nothing is recorded)."""
    cool_off = get_cool_off(request)
    username = get_client_username(request, credentials)
    attempt = (
        AccessAttempt.objects.filter(username=username, ip_address=client_ip(request) or None)
        .order_by("-attempt_time")
        .first()
    )
    if attempt is None or cool_off is None:
        return None
    return timezone.localtime(attempt.attempt_time + cool_off)


def lockout_response(request, original_response=None, credentials=None):
    context = {"retry_at": retry_at(request, credentials), "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)
