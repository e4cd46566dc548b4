"""Keep the follow-up's tallies (tallies.py) up to date with every write they count.

Each receiver runs in the write's own transaction (a service's atomic block, or an
atomic block of its own in autocommit) and recomputes what the write touches from
the rows, after the write: one person's tallies for an acknowledgement taken back or a
change of their roles, one unit's check-ins for a check-in or a change of its leaders.
A new acknowledgement is counted in instead (tallies.acknowledgement_added).

A deletion that cascades from something else (an organisation, a unit, a strategy or
a version, a person) leaves the tallies to be rebuilt instead: what started it raises
the structure or the activity generation anyway, and rows inserted now could point at
rows the same deletion is about to remove.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from apps.organisations.models import Organisation, RoleAssignment

from . import tallies
from .models import Acknowledgement, CheckIn


def _organisation(instance) -> Organisation:
    return Organisation(pk=instance.organisation_id)


def _cascaded(instance, origin) -> bool:
    return origin is not None and origin is not instance and (
        getattr(origin, "model", type(origin)) is not type(instance)
    )


@receiver(post_save, sender=Acknowledgement, dispatch_uid="tallies-acknowledgement-save")
@receiver(post_delete, sender=Acknowledgement, dispatch_uid="tallies-acknowledgement-delete")
def _acknowledgement(sender, instance, raw=False, origin=None, created=False, **kwargs):
    if raw or _cascaded(instance, origin):
        tallies.forget(instance.organisation_id)
        return
    if created:
        # The commonest write: counted in, not recomputed (tallies.acknowledgement_added).
        tallies.acknowledgement_added(
            _organisation(instance), instance.user_id,
            (instance.strategy_id, instance.text_hash),
        )
        return
    tallies.refresh(
        _organisation(instance), people=[instance.user_id], writers=[instance.user_id]
    )


@receiver(post_save, sender=CheckIn, dispatch_uid="tallies-check-in-save")
@receiver(post_delete, sender=CheckIn, dispatch_uid="tallies-check-in-delete")
def _check_in(sender, instance, raw=False, origin=None, **kwargs):
    if raw or _cascaded(instance, origin):
        tallies.forget(instance.organisation_id)
        return
    tallies.refresh(
        _organisation(instance), units=[instance.unit_id], writers=[instance.recorded_by_id]
    )


@receiver(pre_save, sender=RoleAssignment, dispatch_uid="tallies-role-before")
def _role_before(sender, instance, raw=False, **kwargs):
    # A role changed in place (another unit, another person) also changes the old
    # unit's and the old person's tallies.
    instance._tallies_before = (
        RoleAssignment.objects.filter(pk=instance.pk).values_list("user_id", "unit_id").first()
        if instance.pk and not raw else None
    )


@receiver(post_save, sender=RoleAssignment, dispatch_uid="tallies-role-save")
@receiver(post_delete, sender=RoleAssignment, dispatch_uid="tallies-role-delete")
def _role(sender, instance, raw=False, origin=None, **kwargs):
    if raw or _cascaded(instance, origin):
        tallies.forget(instance.organisation_id)
        return
    before = getattr(instance, "_tallies_before", None) or (None, None)
    tallies.refresh(
        _organisation(instance),
        people=[instance.user_id, before[0]],
        units=[instance.unit_id, before[1]],
    )
