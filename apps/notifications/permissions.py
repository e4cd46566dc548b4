"""A notification is its person's alone: anyone else's, like a missing one, is 404."""

from django.http import Http404

from .models import Notification


def notification_for(user, pk) -> Notification:
    notification = Notification.objects.filter(user=user, pk=pk).first()
    if notification is None:
        raise Http404
    return notification
