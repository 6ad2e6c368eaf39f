"""The client's address: one answer for the login lockout and the public forms' rate limits.

Behind nginx every request arrives from 127.0.0.1 and the client is named in X-Forwarded-For.
That header is believed only when the peer is a configured trusted proxy, and it is read from the
right: each trusted proxy appends the address it saw, so the first address from the right that is
not a trusted proxy is the client. Whatever stands left of it the client may have written itself.
Without this, five wrong passwords from anyone would lock every user out (all share 127.0.0.1).
"""

import ipaddress

from django.conf import settings


def _networks():
    return [ipaddress.ip_network(n.strip(), strict=False) for n in settings.TRUSTED_PROXIES if n.strip()]


def _parse(address):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def _is_trusted(ip, networks):
    return ip is not None and any(ip.version == n.version and ip in n for n in networks)


def client_ip(request):
    """The address of the person at the other end, as a string ('' when unknown)."""
    peer = request.META.get("REMOTE_ADDR", "")
    networks = _networks()
    if not _is_trusted(_parse(peer), networks):
        return peer
    hops = [_parse(h) for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-20:]]
    for hop in reversed(hops):
        if hop is None:
            # A malformed entry: everything left of it is the client's own writing.
            break
        if not _is_trusted(hop, networks):
            return str(hop)
    return peer
