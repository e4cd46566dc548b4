from django.utils.functional import SimpleLazyObject

from . import selectors


def inbox(request):
    """The header's unread count (read only when a page shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": SimpleLazyObject(lambda: selectors.inbox_state(request)["unread"])}


def needs_you(request):
    """What the dashboard's top shows: what needs the person now (read when shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def entries():
        from . import kinds

        if not selectors.inbox_state(request)["unread"]:
            return []  # the header's count already said so: no query
        return [
            {"notification": n, "title": kinds.title(n), "action": kinds.action(n)}
            for n in selectors.needs_you(user)
        ]

    return {"needs_you": SimpleLazyObject(entries)}
