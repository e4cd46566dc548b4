import functools

from django.utils.functional import SimpleLazyObject

from apps.organisations.selectors import header_organisation


def organisation(request):
    """The organisation of the signed-in user, for the theme and the header, and which
    menu entries can ever hold something for them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_organisation": None, "menu_obligations": False}
    # Read once per request, with whether the person holds any role but politician,
    # and only by a template that shows it: a fragment answering htmx (an
    # acknowledgement) has no header and reads nothing here.
    current = functools.cache(lambda: header_organisation(request))
    return {
        "current_organisation": SimpleLazyObject(current),
        "menu_obligations": SimpleLazyObject(lambda: _obligations_menu(user, current())),
    }


def _obligations_menu(user, current) -> bool:
    """Every role but politician is bound by some policy sooner or later; a politician
    only when an adopted policy gives politicians duties, so "My obligations" is left
    out of a menu where it could only ever be empty."""
    if current is None:
        return False
    if current.beyond_politics:
        return True
    from apps.obligations import selectors

    # 2 queries (the roles, the index's stamp); acknowledgements do not matter here.
    assignments = selectors.assignments_of(user, current)
    index = selectors.obligation_index(current)
    return bool(index.for_assignments((a.role_level, a.unit_id) for a in assignments))
