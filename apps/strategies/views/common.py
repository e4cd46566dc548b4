"""Helpers the strategies pages share: fetch-and-authorise, service errors onto forms, how a
value reads.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from apps.organisations.models import Organisation, RoleLevel

from .. import permissions
from ..models import FROZEN_STATUSES, Strategy, VersionStatus

EXPORT_BUTTON_TEMPLATE = "exports/includes/export_button.html"


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names, the rest on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def creatable_organisations(user):
    """Municipalities where the user may start a strategy: the rule strategy_create applies."""
    return (
        Organisation.objects.filter(
            role_assignments__user=user,
            role_assignments__role_level=RoleLevel.COMMUNICATIONS,
        )
        .distinct()
        .order_by("name")
    )


def with_something_to_read(user, strategies):
    """Strategies minus those whose every version is a draft hidden from the user."""
    return strategies.filter(
        Q(pk__in=permissions.visible_versions(user).values("strategy_id"))
        | Q(versions__isnull=True)
    ).distinct()


def get_strategy(user, pk, action: str = "view"):
    """A strategy the user may see: in their organisation and with a version they can read.

    A strategy whose only versions are drafts the user may not see is reported as
    missing, as the drafts themselves are.
    """
    strategy = permissions.get_strategy_for_user(user, pk)
    if not with_something_to_read(user, Strategy.objects.filter(pk=strategy.pk)).exists():
        raise Http404
    if action != "view" and not permissions.can(user, action, strategy):
        raise PermissionDenied
    return strategy


def compare_with_adopted_url(version) -> str:
    # The comparison views arrive separately; the agreed path stands in until they do.
    try:
        return reverse("compare:with_adopted", args=[version.pk])
    except NoReverseMatch:
        return f"/compare/versions/{version.pk}/adopted/"


def export_button_available() -> bool:
    try:
        get_template(EXPORT_BUTTON_TEMPLATE)
    except TemplateDoesNotExist:
        return False
    return True


def display(model, name, value) -> str:
    """A stored or submitted value as a reader would say it."""
    if value is None or value == "":
        return ""
    model_field = model._meta.get_field(name)
    if isinstance(value, models.Model):
        return str(value)
    if name == "month" and value in MONTHS:
        return str(MONTHS[value])
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if hasattr(value, "isoformat"):
        return formats.date_format(value)
    return str(value)



def drafts_only(view):
    """An editor URL of a version that is no longer a draft (an old link, a bookmark, a
    tab left open) takes the communications department to the version's page, told why
    and offered what it can do there (a new draft from an adopted version), instead of a
    refusal that speaks of its role. Anyone else is refused as before."""

    @wraps(view)
    def guarded(request, pk, *args, **kwargs):
        if request.method in ("GET", "HEAD"):
            version = permissions.version_in_reach(request.user, pk)
            allowed = permissions.version_actions(request.user, version)  # 404
            if (
                "change" not in allowed
                and version.status != VersionStatus.DRAFT
                and permissions.can(request.user, "change", version.strategy)
            ):
                messages.info(request, not_a_draft_message(version))
                return redirect("strategies:version_detail", version.pk)
        return view(request, pk, *args, **kwargs)

    return guarded


def not_a_draft_message(version) -> str:
    values = {"number": version.number, "status": VersionStatus(version.status).label}
    if version.status in FROZEN_STATUSES:
        return _(
            "Version %(number)s is “%(status)s” and stays as it was decided, so it cannot "
            "be edited. To change the strategy, start a new draft from this version."
        ) % values
    return _(
        "Version %(number)s is “%(status)s”, so it can no longer be edited. Only a draft "
        "can be changed."
    ) % values
