from apps.organisations.models import Organisation


def organisation(request):
    """The organisation of the signed-in user, for the theme and the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_organisation": None}
    return {"current_organisation": Organisation.objects.for_user(user).first()}
