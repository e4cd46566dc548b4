"""Create forms sent twice make one thing.

Each create form carries a token of its own rendering (`{% submission_token %}`, a new
one every time the form is shown, also when it is shown again with errors). The view,
decorated with `once_per_submission`, claims the token in the transaction that
creates: the token is unique in the database, so a second sending of the same
rendering (Back and send again, a double click, a resent reload) waits for the first
to commit and is then taken to the page the first was taken to, with a message.
A sending that made nothing (the form came back with errors) gives its token up.

This covers the same rendering sent twice. Services also check their natural keys
(the same title, the same comment, the same draft), for a form rendered anew.
"""

import datetime
import uuid
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Submission

FIELD = "submission"
# How long a sending is remembered: far longer than anyone goes Back and sends a form
# again; older ones are deleted every day (submissions_purge), since every save of a
# create form or of the check-ins leaves one.
KEPT_FOR = datetime.timedelta(days=30)


def new_token() -> str:
    return str(uuid.uuid4())


def _token(request):
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def _user(request):
    return request.user if request.user.is_authenticated else None


def already_sent(request):
    messages.info(
        request,
        _("This form had already been sent, and what it made was made once. "
          "Here it is."),
    )


def once_per_submission(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        key = _token(request) if request.method == "POST" else None
        if key is None:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = Submission.objects.create(key=key, user=_user(request))
            except IntegrityError:
                first = Submission.objects.filter(key=key, user=_user(request)).first()
                if first is not None and first.url:
                    already_sent(request)
                    return redirect(first.url)
                return view(request, *args, **kwargs)
            response = view(request, *args, **kwargs)
            if response.status_code in (301, 302, 303) and response.has_header("Location"):
                claim.url = response["Location"][:500]
                claim.save(update_fields=["url"])
            else:
                claim.delete()
        return response

    return guarded


def submissions_purge(*, older_than: datetime.timedelta = KEPT_FOR) -> int:
    """Forget the sendings made longer ago than `older_than`; how many were."""
    deleted, _by_model = Submission.objects.filter(
        created_at__lt=timezone.now() - older_than
    ).delete()
    return deleted


class AlreadyMade(Exception):  # noqa: N818 - not an error: the outcome of a repeat
    """A service found that what it was asked to make was made a moment ago (its
    natural key), and made nothing: `obj` is the first."""

    def __init__(self, obj):
        super().__init__(obj)
        self.obj = obj


# How long after the first an identical create counts as the same one sent again.
REPEAT_WINDOW_SECONDS = 600
