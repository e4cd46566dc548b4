"""Taking a strategy started by mistake out of the way: archived out of the lists (and
back), or deleted. Services as in services.py: atomic, permission-checked, audit-logged.

Only a strategy whose every version is a draft or withdrawn may go: one that was ever
sent to consultation or the council has readers outside the department, and one that
has had an adopted version is a public record, kept for good (the database refuses
its deletion too: apps/core/db_guards.py, decided_strategy_kept).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.obligations.signals import generations_raise

from . import permissions
from .models import Strategy, VersionStatus

REMOVABLE_STATUSES = frozenset({VersionStatus.DRAFT, VersionStatus.WITHDRAWN})


def removal_refusal(strategy: Strategy) -> str:
    """Why the strategy cannot be archived or deleted, or "" if it can."""
    statuses = set(strategy.versions.values_list("status", flat=True))
    if statuses & {VersionStatus.ADOPTED, VersionStatus.SUPERSEDED}:
        return _(
            "This strategy has had an adopted version. It is a public record and can be "
            "neither deleted nor archived."
        )
    if statuses - REMOVABLE_STATUSES:
        return _(
            "Only a strategy whose versions are all drafts or withdrawn can be deleted or "
            "archived. Move the version in consultation or proposed back to draft, or "
            "withdraw it, first."
        )
    return ""


def _lock(strategy, actor, action) -> Strategy:
    locked = Strategy.objects.select_for_update().select_related("organisation").get(
        pk=strategy.pk
    )
    if not permissions.can(actor, action, locked):
        raise PermissionDenied
    return locked


def _refuse_unless_removable(strategy):
    if refusal := removal_refusal(strategy):
        raise ValidationError(refusal, code="public_record")


def _changed(strategy):
    generations_raise("content_generation", pk=strategy.organisation_id)


@transaction.atomic
def strategy_archive(*, strategy: Strategy, actor) -> Strategy:
    locked = _lock(strategy, actor, "archive")
    _refuse_unless_removable(locked)
    if locked.archived_at is None:
        locked.archived_at = timezone.now()
        locked.save(update_fields=["archived_at", "updated_at"])
        audit_record(organisation=locked.organisation, actor=actor, verb="strategy.archive",
                     obj=locked)
        _changed(locked)
    return locked


@transaction.atomic
def strategy_unarchive(*, strategy: Strategy, actor) -> Strategy:
    locked = _lock(strategy, actor, "archive")
    if locked.archived_at is not None:
        locked.archived_at = None
        locked.save(update_fields=["archived_at", "updated_at"])
        audit_record(organisation=locked.organisation, actor=actor, verb="strategy.unarchive",
                     obj=locked)
        _changed(locked)
    return locked


@transaction.atomic
def strategy_delete(*, strategy: Strategy, actor, reason: str = "") -> None:
    """Delete the strategy with its drafts, their content and history. The audit log of
    the organisation keeps that it was, who deleted it and why."""
    locked = _lock(strategy, actor, "delete")
    _refuse_unless_removable(locked)
    versions = list(locked.versions.order_by("number"))
    audit_record(
        organisation=locked.organisation, actor=actor, verb="strategy.delete", obj=locked,
        data={
            "title": locked.title, "kind": locked.kind, "reason": reason,
            "versions": [{"number": v.number, "status": v.status} for v in versions],
        },
    )
    for version in versions:
        version.delete()
    locked.delete()
    _changed(locked)
