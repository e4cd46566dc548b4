"""How long a sign-in lasts: an idle limit and an absolute lifetime.

A session remembers when its person signed in and when they were last seen; the last
seen time is written at most once every SEEN_RESOLUTION, so a busy reader does not write
the session on every page.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

STARTED, SEEN = "_kompas_started", "_kompas_seen"
SEEN_RESOLUTION = 300  # seconds


@receiver(user_logged_in)
def remember_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[SEEN] = now


class SessionLifetimeMiddleware:
    """Signs a person out after KOMPAS_SESSION_IDLE_HOURS without a request, or
    KOMPAS_SESSION_MAX_HOURS after signing in, whatever they do. Runs after
    authentication; LoginRequiredMiddleware then sends them to the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    @staticmethod
    def _check(request):
        session, now = request.session, int(time.time())
        started = session.setdefault(STARTED, now)
        seen = session.get(SEEN, now)
        idle_limit = settings.KOMPAS_SESSION_IDLE_SECONDS
        if now - seen > idle_limit:
            logout(request)
            hours = round(idle_limit / 3600)
            messages.info(
                request,
                _("You were signed out after %(hours)d hours without activity. Sign in again.")
                % {"hours": hours},
            )
        elif now - started > settings.SESSION_COOKIE_AGE:
            logout(request)
            messages.info(request, _("Your sign-in has expired. Sign in again."))
        elif now - seen >= SEEN_RESOLUTION:
            session[SEEN] = now
