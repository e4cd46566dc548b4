"""Raise an organisation's content generation with every write a dashboard (or a
decided version's page) shows that the obligations' generations do not already follow.

Rendered pages are kept (apps/core/page_cache.py) under a key holding the
organisation's three generations; apps/obligations/signals.py raises the structure and
activity generations, this module the content generation, in the same transaction as
the write, so a kept page is never served for data it was not rendered from.

Writes that bypass signals (QuerySet.update() and bulk_create() on these models)
must call generations_raise() themselves; apps/demo does.
"""

from django.db.models.signals import post_delete, post_save

from apps.consultations.models import Comment, ConsultationInvitation
from apps.obligations.signals import generations_raise
from apps.organisations.models import Organisation
from apps.strategies.models import (
    Strategy,
    StrategyGroupObjectPermission,
    StrategyUserObjectPermission,
    StrategyVersion,
)

CONTENT = "content_generation"


def _of_version(sender, instance, **kwargs):
    # A version in any state: the politicians' and the communications department's
    # lists show drafts, consultations and proposals as well as adopted versions.
    _raise_for_strategies([instance.strategy_id])


def _of_version_part(sender, instance, **kwargs):
    # Comments (the open-comment count) and invitations, which belong to a version.
    _raise_for_strategies(
        StrategyVersion.objects.filter(pk=instance.version_id).values("strategy_id")
    )


def _of_permission(sender, instance, **kwargs):
    # Who may see which versions: an invitation's comment right, group rights.
    _raise_for_strategies([instance.content_object_id])


def _raise_for_strategies(strategies):
    """`strategies`: ids, or a query giving them."""
    generations_raise(
        CONTENT, pk__in=Strategy.objects.filter(pk__in=strategies).values("organisation_id")
    )


def _of_organisation(sender, instance, created, **kwargs):
    # The name in every page's header, the colours of the charts.
    if not created:
        generations_raise(CONTENT, pk=instance.pk)


RECEIVERS = (
    (StrategyVersion, _of_version),
    (Comment, _of_version_part),
    (ConsultationInvitation, _of_version_part),
    (StrategyUserObjectPermission, _of_permission),
    (StrategyGroupObjectPermission, _of_permission),
)

for model, receiver in RECEIVERS:
    post_save.connect(receiver, sender=model, dispatch_uid=f"content-{model.__name__}-save")
    post_delete.connect(receiver, sender=model, dispatch_uid=f"content-{model.__name__}-del")
post_save.connect(_of_organisation, sender=Organisation, dispatch_uid="content-organisation")
