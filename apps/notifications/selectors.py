"""Reads of the inbox: the header's count, the dashboard's top and the list."""

from django.db.models import Count, Max, Q

from apps.strategies.models import VersionStatus

from .models import Kind, Notification

INBOX_STATE = "_kompas_inbox_state"
TOP_SIZE = 5


def inbox_state(request) -> dict:
    """Unread count and what changes with any new or read notification (1 query, once
    a request; the page cache's key and the header share it)."""
    state = getattr(request, INBOX_STATE, None)
    if state is None:
        user = request.user
        state = {"unread": 0, "newest": None, "read": None}
        if user.is_authenticated:
            state = Notification.objects.filter(user=user).aggregate(
                unread=Count("pk", filter=Q(read_at__isnull=True)),
                newest=Max("pk"),
                read=Max("read_at"),
            )
        setattr(request, INBOX_STATE, state)
    return state


def inbox_key_part(request):
    """What a kept page (apps/core/page_cache) must also be keyed on: the inbox."""
    state = inbox_state(request)
    return (state["unread"], state["newest"], state["read"] and state["read"].isoformat())


def needs_you(user) -> list[Notification]:
    """Unread notifications that still ask something of the person, newest first
    (1 query): an invitation only while the version can be commented on."""
    rows = (
        Notification.objects.for_user(user)
        .unread()
        .exclude(kind=Kind.CONSULTATION_INVITED, object_id__in=_closed_versions(user))
        .order_by("-created_at", "-pk")[:TOP_SIZE]
    )
    return list(rows)


def _closed_versions(user):
    from apps.strategies.models import StrategyVersion

    return (
        StrategyVersion.objects.filter(
            pk__in=Notification.objects.for_user(user)
            .unread()
            .filter(kind=Kind.CONSULTATION_INVITED)
            .values("object_id"),
        )
        .exclude(status__in=(VersionStatus.DRAFT, VersionStatus.CONSULTATION))
        .values("pk")
    )


def inbox(user):
    return Notification.objects.for_user(user).order_by("-created_at", "-pk")
