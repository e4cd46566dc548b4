"""Every write of the follow-up goes through here: atomic, authorised, validated,
saved, audited. Writing raises the organisation's content generation (signals.py),
so dashboards and the version's page kept in apps/core/page_cache show it at once.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.strategies.models import Action

from . import permissions
from .models import TEXT_MAX_LENGTH, ProgressStatus, ProgressUpdate


@transaction.atomic
def action_progress_record(
    *, action: Action, actor, status: str, percent: int | None = None, text: str = ""
) -> ProgressUpdate:
    """Record how an action of the version in force is getting on. Never changes the
    adopted text: the update is a row of its own, and the history is every such row."""
    action = Action.objects.select_related("version__strategy__organisation", "owner_unit").get(
        pk=action.pk
    )
    if not permissions.can(actor, permissions.UPDATE, action):
        raise PermissionDenied
    text = (text or "").strip()
    errors = {}
    if status not in ProgressStatus.values:
        errors["status"] = _("Choose one of the statuses.")
    if percent is not None and not 0 <= percent <= 100:
        errors["percent"] = _("Enter a percentage from 0 to 100.")
    if len(text) > TEXT_MAX_LENGTH:
        errors["text"] = _("Write at most %(limit)s characters.") % {"limit": TEXT_MAX_LENGTH}
    if status == ProgressStatus.DONE and percent is not None and percent < 100:
        errors["percent"] = _(
            "An action that is done is fully done: leave the percentage empty or enter 100."
        )
    if errors:
        raise ValidationError(errors)
    strategy = action.version.strategy
    update = ProgressUpdate.objects.create(
        organisation=strategy.organisation,
        strategy=strategy,
        lineage=action.lineage,
        action=action,
        status=status,
        percent=100 if status == ProgressStatus.DONE and percent is None else percent,
        text=text,
        author=actor,
    )
    audit_record(
        organisation=strategy.organisation,
        actor=actor,
        verb="action.progress",
        obj=action,
        version=action.version,
        data={"status": status, "percent": update.percent, "update": update.pk},
    )
    return update
