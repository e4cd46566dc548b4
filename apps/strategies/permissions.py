"""Who may see and do what with strategies.

Views and templates ask this module, never guardian or the ORM directly. Objects
outside the user's reach are reported as missing (404), never as forbidden, so a
user of one municipality cannot even learn that another's strategy exists.
"""

from django.http import Http404

from apps.organisations.models import Organisation

from .models import FROZEN_STATUSES, Strategy, StrategyVersion


def organisations_of(user):
    return Organisation.objects.for_user(user)


def visible_strategies(user):
    return Strategy.objects.filter(organisation__in=organisations_of(user))


def visible_versions(user):
    # Until the authoring permissions exist, only decided versions are readable.
    return StrategyVersion.objects.filter(
        strategy__in=visible_strategies(user), status__in=FROZEN_STATUSES
    )


def get_strategy_for_user(user, pk) -> Strategy:
    try:
        return visible_strategies(user).get(pk=pk)
    except Strategy.DoesNotExist as error:
        raise Http404 from error


def get_version_for_user(user, pk) -> StrategyVersion:
    try:
        return visible_versions(user).select_related("strategy__organisation").get(pk=pk)
    except StrategyVersion.DoesNotExist as error:
        raise Http404 from error
