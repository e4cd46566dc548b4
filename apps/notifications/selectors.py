"""Reads of the inbox: the header's count, the dashboard's top and the list."""

import functools

from apps.core import sql
from apps.strategies.models import VersionStatus

from .models import Kind, Notification

INBOX_STATE = "_kompas_inbox_state"
TOP_SIZE = 5


def inbox_state(request) -> dict:
    """Unread count and what changes with any new or read notification (1 query, once
    a request; the page cache's key and the header share it).

    Asked on every page, so written out once a process (apps/core/sql.py): the ORM's
    aggregate took 1.8 ms to build, the query itself a tenth of that."""
    state = getattr(request, INBOX_STATE, None)
    if state is None:
        user = request.user
        state = {"unread": 0, "newest": None, "read": None}
        if user.is_authenticated:
            query, columns = _inbox_query()
            ((newest, read, unread),) = sql.rows(query, [user.pk], columns.read)
            state = {"unread": unread or 0, "newest": newest, "read": read}
        setattr(request, INBOX_STATE, state)
    return state


@functools.cache
def _inbox_query() -> tuple[str, sql.Columns]:
    fields = {f.name: f for f in Notification._meta.concrete_fields}
    # The maxima first, read back as their fields are (the newest read time a datetime).
    columns = sql.columns([("n", fields["id"]), ("n", fields["read_at"])])
    newest, read = columns.sql
    query = (
        f"SELECT MAX({newest}), MAX({read}), "  # noqa: S608 - our own names
        f"SUM(CASE WHEN {read} IS NULL THEN 1 ELSE 0 END) "
        f"FROM {sql.table(Notification)} n WHERE n.user_id = %s"
    )
    return query, columns


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
