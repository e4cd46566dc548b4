"""Raise an organisation's generations with every write the follow-up reads.

apps.obligations.selectors keeps obligation indexes and follow-ups per process, keyed
by the organisation's two generations (Organisation.structure_generation and
activity_generation). Each receiver below raises one of them in the same transaction
as the write it hears of: the row lock of the UPDATE orders concurrent writers, and
the new generation becomes visible exactly when the data does, so a cached value is
never served for data it was not built from, whatever order transactions commit in.

Writes that bypass signals (QuerySet.update() and bulk_create() on these models)
must call generations_raise() themselves; apps/demo does.
"""

from django.contrib.auth import get_user_model
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from apps.organisations.models import Organisation, ResponsibilityHolder, RoleAssignment, Unit
from apps.strategies.models import (
    FROZEN_STATUSES,
    Strategy,
    StrategyVersion,
    VersionTransition,
)

STRUCTURE = "structure_generation"
ACTIVITY = "activity_generation"

# A save of only these changes nothing any cached page shows (a login sets last_login;
# the chosen language is part of every kept page's key).
USER_HARMLESS_FIELDS = frozenset({"last_login", "password", "preferred_language"})


def generations_raise(*fields: str, **filters) -> None:
    """Raise the named generations of the organisations `filters` select."""
    Organisation.objects.filter(**filters).update(**{name: F(name) + 1 for name in fields})


def _activity(sender, instance, **kwargs):
    generations_raise(ACTIVITY, pk=instance.organisation_id)


def _structure(sender, instance, **kwargs):
    generations_raise(STRUCTURE, pk=instance.organisation_id)


# Acknowledgements and check-ins are counted in the tallies (tally_signals.py): they
# raise the follow-up counters of the person and units they change, not the whole
# organisation's activity, which would give every kept page a new key.
for model in (RoleAssignment,):
    post_save.connect(_activity, sender=model, dispatch_uid=f"generation-{model.__name__}-save")
    post_delete.connect(_activity, sender=model, dispatch_uid=f"generation-{model.__name__}-del")

# A holder's role level is whose obligations its duties are (Responsibility.
# binding_role_level); its name shows where the strategies name it.
for model in (Unit, Strategy, ResponsibilityHolder):
    post_save.connect(_structure, sender=model, dispatch_uid=f"generation-{model.__name__}-save")
    post_delete.connect(_structure, sender=model, dispatch_uid=f"generation-{model.__name__}-del")


@receiver(post_save, sender=StrategyVersion, dispatch_uid="generation-version-save")
@receiver(post_delete, sender=StrategyVersion, dispatch_uid="generation-version-delete")
def _version(sender, instance, **kwargs):
    # Obligations come from adopted versions only: a version becomes adopted or
    # superseded with a save; drafts are edited all day and change nothing here.
    if instance.status in FROZEN_STATUSES:
        generations_raise(
            STRUCTURE,
            pk__in=Strategy.objects.filter(pk=instance.strategy_id).values("organisation_id"),
        )


@receiver(post_save, sender=get_user_model(), dispatch_uid="generation-user-save")
def _user(sender, instance, created, update_fields=None, **kwargs):
    if created or (update_fields is not None and set(update_fields) <= USER_HARMLESS_FIELDS):
        return  # a new person has no roles yet; a login only sets last_login
    _raise_for_people([instance.pk])


@receiver(pre_delete, sender=get_user_model(), dispatch_uid="generation-user-delete")
def _user_deleted(sender, instance, **kwargs):
    # Their roles go with them (and raise); their name leaves the status histories.
    _raise_for_people([instance.pk])


@receiver(
    m2m_changed, sender=get_user_model().groups.through, dispatch_uid="generation-user-groups"
)
def _user_groups(sender, instance, action, reverse, pk_set, **kwargs):
    # Role groups carry people's rights on strategies (strategies.permissions).
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:  # user.groups.add(), .remove(), .clear()
        _raise_for_people([instance.pk])
    elif action == "pre_clear":  # group.user_set.clear(): its members, before they go
        _raise_for_people(instance.user_set.values("pk"))
    else:
        _raise_for_people(list(pk_set))


def _raise_for_people(user_ids):
    """Raise the activity generation where the people hold a role (the follow-up's
    people lists, their rights) and where they moved a version through its lifecycle
    (its status history names them). `user_ids`: ids, or a query giving them."""
    generations_raise(
        ACTIVITY,
        pk__in=RoleAssignment.objects.filter(user__in=user_ids).values("organisation_id").union(
            VersionTransition.objects.filter(actor__in=user_ids).values(
                "version__strategy__organisation_id"
            )
        ),
    )
