"""Correcting a decided version's record: one recorded correction per fact that changes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.obligations.signals import generations_raise
from apps.strategies import dates, permissions
from apps.strategies.models import StrategyVersion

from . import selectors
from .models import RecordCorrection, RecordField

REQUIRED = {RecordField.ADOPTED_BY, RecordField.CASE_REFERENCE, RecordField.ADOPTED_ON}


@transaction.atomic
def record_correct(
    *, version: StrategyVersion, actor, changes: dict, reason: str
) -> list[RecordCorrection]:
    """Correct facts of the adoption (`changes`: field -> new value); the version stays as
    adopted. Only facts that differ from the record as it stands are written."""
    locked = StrategyVersion.objects.select_for_update(of=("self",)).select_related(
        "strategy__organisation"
    ).get(pk=version.pk)
    if not permissions.can(actor, "correct_record", locked):
        raise PermissionDenied
    current = selectors.record_of(locked)
    errors = {}
    if unknown := set(changes) - set(selectors.FIELDS):
        raise ValueError(f"not facts of the record: {sorted(unknown)}")
    cleaned = {
        name: value.strip() if isinstance(value, str) else value for name, value in changes.items()
    }
    changed = {
        name: value for name, value in cleaned.items()
        if selectors.as_text(name, value) != selectors.as_text(name, current.value(name))
    }
    for name, value in changed.items():
        if name in REQUIRED and not value:
            errors[name] = _("This fact of the adoption cannot be left empty.")
    if RecordField.ADOPTED_ON in changed and RecordField.ADOPTED_ON not in errors:
        decided_on = changed[RecordField.ADOPTED_ON]
        if error := dates.adoption_error(decided_on) or dates.review_error(
            locked.review_due, decided_on
        ):
            errors[RecordField.ADOPTED_ON] = error
    if not reason.strip():
        errors["reason"] = _(
            "Say why the record is corrected: it is shown with the correction."
        )
    if not changed and not errors:
        errors["__all__"] = _(
            "Nothing differs from the record as it stands: nothing was corrected."
        )
    if errors:
        raise ValidationError(errors)
    corrections = [
        RecordCorrection.objects.create(
            version=locked, field=name, actor=actor, reason=reason.strip(),
            old_value=selectors.as_text(name, current.value(name)),
            new_value=selectors.as_text(name, value),
        )
        for name, value in changed.items()
    ]
    audit_record(
        organisation=locked.strategy.organisation, actor=actor, verb="version.record_correct",
        obj=locked, version=locked,
        data={
            "reason": reason.strip(),
            "changes": {c.field: [c.old_value, c.new_value] for c in corrections},
        },
    )
    # The version's page is kept in the cache under the organisation's generations.
    generations_raise("content_generation", pk=locked.strategy.organisation_id)
    return corrections
