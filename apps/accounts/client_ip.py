"""The client address that login throttling counts attempts against.

X-Forwarded-For is written by whoever sends the request, so it is only believed
for the hops added by our own proxies (DJANGO_TRUSTED_PROXY_COUNT, 0 by default):
a forged header can never make one attacker look like many clients.
"""

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    # Our proxies append the address they saw; the last `hops` entries are theirs.
    if len(forwarded) < hops:
        return remote
    return forwarded[-hops]
