"""Reads of organisations that several layers share within one request."""

from django.db.models import Exists, OuterRef

from apps.organisations.models import Organisation, RoleAssignment, RoleLevel

_KEPT = "_kompas_header_organisation"


def header_organisation(request) -> Organisation | None:
    """The organisation of the signed-in person that every page's header shows (their
    first), with `beyond_politics`: whether they hold any role in it but politician.

    The language middleware, the header's context processor and a kept strategy page's
    check of its key all need it: it is read once per request (1 query). Only a request
    that changes nothing keeps it, so a page rendered after a write (a role given, an
    organisation created) reads it as it is then.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    kept = getattr(request, _KEPT, None)
    if kept is not None and kept[0] == user.pk:
        return kept[1]
    beyond_politics = RoleAssignment.objects.filter(
        user=user, organisation=OuterRef("pk")
    ).exclude(role_level=RoleLevel.POLITICIAN)
    current = (
        Organisation.objects.for_user(user)
        .annotate(beyond_politics=Exists(beyond_politics))
        .first()
    )
    if request.method in ("GET", "HEAD"):
        # Kept for this person: a sign-in within the request reads it for the new one.
        setattr(request, _KEPT, (user.pk, current))
    return current
