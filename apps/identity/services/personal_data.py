"""Personal data (GDPR): everything Kompas holds about one person, and erasure.

Erasure pseudonymises instead of deleting, so that the records around the person keep
their integrity: their comments and answers stay in the consultation's history, their
check-ins in the follow-up, their acknowledgements in the coverage, and the audit log
keeps its rows; only who they were is replaced, by "Former employee 17" (in the
organisation's language), there and in every audit row that named them.
"""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.consultations.models import Comment, ConsultationInvitation
from apps.obligations.models import Acknowledgement, CheckIn
from apps.obligations.signals import ACTIVITY, STRUCTURE, generations_raise
from apps.organisations.models import Organisation, RoleAssignment

from .. import permissions
from ..permissions import ADMINISTER
from .administration import _refuse_shared

__all__ = ["is_erased", "person_data_export", "person_erase", "pseudonym"]

CONTENT = "content_generation"
ERASED_PREFIX = "former-employee-"


def is_erased(person) -> bool:
    return person.username.startswith(ERASED_PREFIX) and not person.is_active


def _when(value):
    return value.isoformat() if value else None


def person_data_export(*, actor, organisation: Organisation, person) -> dict:
    """Everything about the person in the organisation, as JSON-ready data."""
    permissions.require(actor, ADMINISTER, organisation)
    person = permissions.people_of(organisation).get(pk=person.pk)
    roles = RoleAssignment.objects.filter(organisation=organisation, user=person).select_related(
        "unit", "manager"
    )
    comments = Comment.objects.filter(
        version__strategy__organisation=organisation, author=person
    ).select_related("version__strategy", "author_unit")
    answers = Comment.objects.filter(
        version__strategy__organisation=organisation, answered_by=person
    ).select_related("version__strategy")
    audit = AuditEvent.objects.for_organisation(organisation).filter(
        Q(actor=person) | Q(object_type="User", object_id=person.pk)
    ).order_by("created_at", "pk")
    data = {
        "exported_at": _when(timezone.now()),
        "organisation": organisation.name,
        "person": {
            "id": person.pk,
            "username": person.username,
            "email": person.email,
            "full_name": person.full_name,
            "preferred_language": person.preferred_language,
            "is_active": person.is_active,
            "date_joined": _when(person.date_joined),
            "last_login": _when(person.last_login),
        },
        "roles": [
            {
                "role_level": role.role_level,
                "unit": role.unit.name if role.unit_id else None,
                "title": role.title,
                "manager": str(role.manager) if role.manager_id else None,
                "source": role.source,
                "since": _when(role.created_at),
            }
            for role in roles
        ],
        "acknowledgements": [
            {
                "strategy": ack.strategy.title,
                "version": ack.version.number,
                "role_level": ack.role_level,
                "text": ack.text,
                "acknowledged_at": _when(ack.acknowledged_at),
            }
            for ack in Acknowledgement.objects.filter(organisation=organisation, user=person)
            .select_related("strategy", "version")
        ],
        "check_ins_recorded": [
            {
                "unit": check_in.unit.name,
                "strategy": check_in.strategy.title,
                "period": _when(check_in.period),
                "status": check_in.status,
                "note": check_in.note,
                "updated_at": _when(check_in.updated_at),
            }
            for check_in in CheckIn.objects.filter(organisation=organisation, recorded_by=person)
            .select_related("unit", "strategy")
        ],
        "consultation_comments": [
            {
                "strategy": comment.version.strategy.title,
                "version": comment.version.number,
                "about": comment.target_label,
                "on_behalf_of": comment.author_unit.name if comment.author_unit_id else None,
                "text": comment.text,
                "made_at": _when(comment.created_at),
                "answer": comment.response,
                "outcome": comment.outcome,
            }
            for comment in comments
        ],
        "consultation_answers_given": [
            {
                "strategy": comment.version.strategy.title,
                "version": comment.version.number,
                "answer": comment.response,
                "answered_at": _when(comment.answered_at),
            }
            for comment in answers
        ],
        "consultation_invitations": [
            {
                "strategy": invitation.version.strategy.title,
                "version": invitation.version.number,
                "invited_at": _when(invitation.created_at),
            }
            for invitation in ConsultationInvitation.objects.filter(
                version__strategy__organisation=organisation, user=person
            ).select_related("version__strategy")
        ],
        "audit_log": [
            {
                "when": _when(event.created_at),
                "by_this_person": event.actor_id == person.pk,
                "what": event.verb,
                "object": event.object_repr,
                "details": event.data,
            }
            for event in audit
        ],
    }
    audit_record(organisation=organisation, actor=actor, verb="person.exported", obj=person)
    return data


def pseudonym(organisation: Organisation, person) -> str:
    with translation.override(organisation.language):
        return _("Former employee %(number)s") % {"number": person.pk}


def _replace(value, names, replacement):
    """`value` (JSON data) with every occurrence of the names replaced."""
    if isinstance(value, str):
        for name in names:
            value = value.replace(name, replacement)
        return value
    if isinstance(value, list):
        return [_replace(item, names, replacement) for item in value]
    if isinstance(value, dict):
        return {key: _replace(item, names, replacement) for key, item in value.items()}
    return value


@transaction.atomic
def person_erase(*, actor, organisation: Organisation, person):
    """Pseudonymise the person everywhere in the organisation; nothing is deleted."""
    permissions.require(actor, ADMINISTER, organisation)
    person = permissions.people_of(organisation).select_for_update().get(pk=person.pk)
    if actor is not None and person.pk == actor.pk:
        raise ValidationError(_("You cannot erase yourself."))
    if is_erased(person):
        raise ValidationError(_("The person is already erased."))
    _refuse_shared(organisation, person)
    replacement = pseudonym(organisation, person)
    # Longest first, so "Anna Berg" goes before "Anna" would leave " Berg".
    names = sorted(
        {
            text for text in (
                person.full_name, person.get_full_name(), person.username, person.email,
            )
            if text and len(text) >= 3
        },
        key=len, reverse=True,
    )

    person.full_name = replacement
    person.first_name = person.last_name = person.email = ""
    person.username = f"{ERASED_PREFIX}{person.pk}"
    person.preferred_language = ""
    person.is_active = False
    person.set_unusable_password()
    person.save()

    Comment.objects.filter(author=person).update(author_name=replacement)

    events = AuditEvent.objects.for_organisation(organisation).annotate(
        text=Cast("data", TextField())
    )
    named = Q(object_type="User", object_id=person.pk)
    for name in names:
        escaped = json.dumps(name)[1:-1]  # how a JSON text holds it on SQLite
        named |= Q(object_repr__contains=name) | Q(text__contains=name)
        named |= Q(text__contains=escaped)
    changed = []
    for event in events.filter(named):
        event.object_repr = (
            replacement if (event.object_type, event.object_id) == ("User", person.pk)
            else _replace(event.object_repr, names, replacement)
        )
        event.data = _replace(event.data, names, replacement)
        changed.append(event)
    AuditEvent.objects.bulk_update(changed, ["object_repr", "data"], batch_size=500)

    audit_record(organisation=organisation, actor=actor, verb="person.erased", obj=person)
    # Comments' author names and the audit rows were updated past the signals: every
    # kept page of the organisation is rendered again, without the old name.
    generations_raise(STRUCTURE, ACTIVITY, CONTENT, pk=organisation.pk)
    return person
