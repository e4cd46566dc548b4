"""A public consultation takes answers from anyone, without an account: at most
KOMPAS_PUBLIC_ANSWERS_PER_HOUR answers an hour from one address to one consultation,
counted in the shared cache, so that a script cannot flood the høringsnotat while a
town hall behind one address can still answer many times. An answer over the limit is
refused with the text shown back; nothing is lost. A cache outage lets answers through
(the answer matters more than the count)."""

from django.conf import settings
from django.core.cache import cache

from apps.accounts.client_ip import client_ip

WINDOW_SECONDS = 60 * 60


def _key(request, version) -> str:
    return f"kompas:public-answers:{version.pk}:{client_ip(request)}"


def public_answer_allowed(request, version) -> bool:
    """Count one answer from the request's address; False once it is past the limit."""
    key = _key(request, version)
    try:
        cache.add(key, 0, WINDOW_SECONDS)
        count = cache.incr(key)
    except Exception:  # noqa: BLE001 - a cache outage must not refuse answers
        return True
    return count <= settings.KOMPAS_PUBLIC_ANSWERS_PER_HOUR
