"""Every write of a consultation: invitations, comments and the answers to them.

Each service is atomic, checks permission, validates, saves and writes its audit
row. The version row is locked first, so a comment or an answer never slips in
beside a status change (the lifecycle service locks the same row).
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.core.submissions import REPEAT_WINDOW_SECONDS, AlreadyMade
from apps.notifications import events as notification_events
from apps.organisations.models import RoleAssignment, RoleLevel, Unit
from apps.strategies import permissions as strategy_permissions
from apps.strategies.compare import item_label, parent_field
from apps.strategies.models import CONTENT_MODELS, FROZEN_STATUSES, StrategyVersion, VersionStatus

from . import permissions
from .models import (
    ANSWER_MAX_CHARS,
    COMMENT_MAX_CHARS,
    COMMENTS_PER_PERSON_MAX,
    HIDE_REASON_MAX_CHARS,
    OUTCOMES_WITH_CHANGE,
    Comment,
    ConsultationInvitation,
    Outcome,
)

# target_order: the whole document first, then each content model in document order,
# and within a model its rows in order (no model has anywhere near this many rows).
_ORDER_STEP = 100_000


def _lock(version) -> StrategyVersion:
    return (
        StrategyVersion.objects.select_for_update(of=("self",))
        .select_related("strategy__organisation")
        .get(pk=version.pk)
    )


# --- Invitations ---------------------------------------------------------------


@transaction.atomic
def consultation_invite(
    *, version: StrategyVersion, actor, users=(), units=(), role_levels=()
) -> list[ConsultationInvitation]:
    """Invite people, units (with every unit below them) and whole role levels (each
    person of the level, invited in person) to comment on a version.

    Everybody the invitation reaches now gets the strategy's comment permission, so
    they can open the version. People who join an invited unit later are let in by
    consultations.permissions, which resolves unit membership when asked; inviting
    the unit again also grants them the permission. Returns the new invitations.
    A fixed number of queries however many people are invited.
    """
    locked = _lock(version)
    if not permissions.can_manage(actor, locked):
        raise PermissionDenied
    if locked.status not in permissions.INVITABLE_STATUSES:
        raise ValidationError(
            _("Invitations can only be sent while the version is a draft or in consultation."),
            code="status",
        )
    users, units, role_levels = list(users), list(units), list(role_levels)
    if not users and not units and not role_levels:
        raise ValidationError(_("Choose at least one person or unit to invite."), code="empty")
    organisation = locked.strategy.organisation
    members = set(
        RoleAssignment.objects.filter(organisation=organisation, user__in=users)
        .values_list("user_id", flat=True)
    )
    errors = {}
    if any(user.pk not in members for user in users):
        errors["users"] = _("Only people of %(organisation)s can be invited.") % {
            "organisation": organisation.name
        }
    if any(unit.organisation_id != organisation.pk for unit in units):
        errors["units"] = _("Only units of %(organisation)s can be invited.") % {
            "organisation": organisation.name
        }
    if any(level not in RoleLevel.values for level in role_levels):
        errors["role_levels"] = _("Choose one of the role levels listed.")
    if errors:
        raise ValidationError(errors)
    user_ids = {user.pk for user in users}
    if role_levels:
        user_ids.update(
            RoleAssignment.objects.filter(
                organisation=organisation, role_level__in=role_levels, user__is_active=True
            ).values_list("user_id", flat=True)
        )

    already_users = set(
        ConsultationInvitation.objects.filter(version=locked, user_id__in=user_ids)
        .values_list("user_id", flat=True)
    )
    already_units = set(
        ConsultationInvitation.objects.filter(version=locked, unit__in=units)
        .values_list("unit_id", flat=True)
    )
    new = [
        ConsultationInvitation(version=locked, user_id=user_id, invited_by=actor)
        for user_id in sorted(user_ids - already_users)
    ] + [
        ConsultationInvitation(version=locked, unit=unit, invited_by=actor)
        for unit in units if unit.pk not in already_units
    ]
    ConsultationInvitation.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)

    reached = _reached_users(organisation, user_ids, units)
    strategy_permissions.grant_comment_many(reached, locked.strategy)
    audit_record(
        organisation=organisation, actor=actor, verb="consultation.invite", obj=locked,
        version=locked,
        data={
            "users": sorted(user.pk for user in users),
            "units": sorted(unit.pk for unit in units),
            "role_levels": sorted(role_levels),
            "reached": len(reached),
        },
    )
    notification_events.consultation_invited(version=locked, users=reached)
    return new


def _reached_users(organisation, user_ids, units):
    in_units = Q(pk__in=[])
    for unit in units:
        in_units |= Q(
            role_assignments__organisation=organisation,
            role_assignments__unit__path__startswith=unit.path,
        )
    return list(
        get_user_model().objects.filter(Q(pk__in=list(user_ids)) | in_units)
        .filter(is_active=True)
        .distinct()
    )


# --- Comments ------------------------------------------------------------------


def content_model(name_or_model):
    """The content model named by its model name ("section"), or None for the document."""
    if not name_or_model:
        return None
    for model in CONTENT_MODELS:
        if name_or_model in (model, model._meta.model_name):
            return model
    raise ValidationError(
        {"target": _("Choose a section or item of this version.")}, code="target"
    )


def _document_rank(model, row, version) -> int:
    """Where the row stands in the document: its model, then its place among its kind."""
    order = ["position", "pk"]
    parent = parent_field(model)
    if parent is not None:
        order = [f"{parent.name}__position", parent.attname, *order]
    pks = list(model.objects.filter(version=version).order_by(*order).values_list("pk", flat=True))
    return (CONTENT_MODELS.index(model) + 1) * _ORDER_STEP + pks.index(row.pk)


def _author_unit(user, version) -> Unit | None:
    """The unit the author speaks for: preferably one reached by an invitation."""
    assignments = list(
        RoleAssignment.objects.filter(
            user=user, organisation_id=version.strategy.organisation_id, unit__isnull=False
        ).select_related("unit").order_by("unit__path")
    )
    invited = set(
        ConsultationInvitation.objects.filter(version=version, unit__isnull=False)
        .values_list("unit_id", flat=True)
    )
    for assignment in assignments:
        if invited & set(assignment.unit.ancestor_ids()):
            return assignment.unit
    return assignments[0].unit if assignments else None


def _target_row(version, model, target_id):
    """The content row a comment is about; it must belong to the version."""
    row = None
    if model is not None and target_id is not None:
        related = [f.name for f in model._meta.concrete_fields
                   if f.is_relation and f.name != "version"]
        queryset = model.objects.filter(version=version, pk=target_id)
        row = (queryset.select_related(*related) if related else queryset).first()
    if row is None:
        raise ValidationError(
            {"target": _("Choose a section or item of this version.")}, code="target"
        )
    return row


@transaction.atomic
def comment_create(
    *, version: StrategyVersion, actor, target_model=None, target_id=None, text: str
) -> Comment:
    """Comment on one section or item of a version in consultation, or (no target) on all."""
    locked = _lock(version)
    if not permissions.can_view(actor, locked):
        raise PermissionDenied
    if locked.status != VersionStatus.CONSULTATION:
        raise ValidationError(
            _("Comments can only be made while the version is in consultation. "
              "This version is “%(status)s”.") % {"status": locked.get_status_display()},
            code="status",
        )
    if not permissions.can_comment(actor, locked):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your comment.")}, code="required")
    if len(text) > COMMENT_MAX_CHARS:
        raise ValidationError(
            {"text": _too_long(COMMENT_MAX_CHARS, len(text))}, code="max_length"
        )
    made = Comment.objects.filter(version=locked, author=actor).count()
    if made >= COMMENTS_PER_PERSON_MAX:
        raise ValidationError(
            _(
                "You have made %(limit)d comments on this version, which is the most one "
                "person can make. Add to one of your comments instead, or write to the "
                "communications department."
            )
            % {"limit": COMMENTS_PER_PERSON_MAX},
            code="too_many",
        )

    target_type, label, order = "", "", 0
    if target_model or target_id is not None:
        row = _target_row(locked, content_model(target_model), target_id)
        target_type = type(row)._meta.model_name
        # The summary is written in the document's language, whoever comments.
        with translation.override(locked.language):
            label = f"{capfirst(type(row)._meta.verbose_name)}: {item_label(row)}"[:300]
        order = _document_rank(type(row), row, locked)

    # The version is locked: the same comment sent twice (a double click, Back and send
    # again) finds the first.
    same = Comment.objects.filter(
        version=locked, author=actor, target_type=target_type,
        target_id=target_id if target_type else None, text=text,
        created_at__gte=timezone.now() - datetime.timedelta(seconds=REPEAT_WINDOW_SECONDS),
    ).first()
    if same is not None:
        raise AlreadyMade(same)
    comment = Comment.objects.create(
        version=locked,
        author=actor,
        author_name=(str(actor) or actor.get_username())[:200],
        author_unit=_author_unit(actor, locked),
        target_type=target_type,
        target_id=target_id if target_type else None,
        target_label=label,
        target_order=order,
        text=text,
    )
    audit_record(
        organisation=locked.strategy.organisation, actor=actor, verb="consultation.comment",
        obj=comment, version=locked, data={"target": comment.target_key},
    )
    return comment


# --- Answers -------------------------------------------------------------------


@transaction.atomic
def comment_answer(
    *, comment: Comment, actor, response: str, outcome: str, resulting_change: str = ""
) -> Comment:
    """Record (or correct) how the communications department handled a comment.

    Answers may change until the version is adopted; from then on the consultation
    summary is part of the decision and final.
    """
    locked = _lock(comment.version)
    if not permissions.can_manage(actor, locked):
        raise PermissionDenied
    if locked.status in FROZEN_STATUSES:
        raise ValidationError(
            _("This version has been adopted, so its consultation summary is final and "
              "answers can no longer be changed."),
            code="frozen",
        )
    comment = Comment.objects.select_for_update().get(pk=comment.pk, version=locked)
    response = (response or "").strip()
    resulting_change = (resulting_change or "").strip()
    errors = {}
    if not response:
        errors["response"] = _("Write the answer to the comment.")
    elif len(response) > ANSWER_MAX_CHARS:
        errors["response"] = _too_long(ANSWER_MAX_CHARS, len(response))
    if len(resulting_change) > ANSWER_MAX_CHARS:
        errors["resulting_change"] = _too_long(ANSWER_MAX_CHARS, len(resulting_change))
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose how the comment was handled.")
    elif outcome in OUTCOMES_WITH_CHANGE and not resulting_change:
        errors["resulting_change"] = _(
            "Describe the change the comment led to, since it was accepted in whole or in part."
        )
    if errors:
        raise ValidationError(errors)

    first_answer = comment.answered_at is None
    comment.response = response
    comment.outcome = outcome
    comment.resulting_change = resulting_change
    comment.answered_by = actor
    comment.answered_at = timezone.now()
    comment.save(update_fields=[
        "response", "outcome", "resulting_change", "answered_by", "answered_at",
    ])
    audit_record(
        organisation=locked.strategy.organisation, actor=actor, verb="consultation.answer",
        obj=comment, version=locked, data={"outcome": outcome, "first_answer": first_answer},
    )
    if first_answer:
        notification_events.comment_answered(comment=comment)
    return comment


@transaction.atomic
def comment_hide(*, comment: Comment, actor, reason: str) -> Comment:
    """Hide an abusive comment with a recorded reason. It is never deleted: it stays in
    the record, marked as hidden, and the consultation summary says so."""
    locked = _lock(comment.version)
    if not permissions.can_manage(actor, locked):
        raise PermissionDenied
    if locked.status in FROZEN_STATUSES:
        raise ValidationError(
            _("This version has been adopted, so its consultation summary is final and "
              "comments can no longer be hidden."),
            code="frozen",
        )
    comment = Comment.objects.select_for_update().get(pk=comment.pk, version=locked)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the comment is hidden.")}, code="required")
    if len(reason) > HIDE_REASON_MAX_CHARS:
        raise ValidationError(
            {"reason": _too_long(HIDE_REASON_MAX_CHARS, len(reason))}, code="max_length"
        )
    if comment.is_hidden:
        return comment
    comment.hidden_at = timezone.now()
    comment.hidden_by = actor
    comment.hidden_reason = reason
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(
        organisation=locked.strategy.organisation, actor=actor, verb="consultation.hide",
        obj=comment, version=locked, data={"reason": reason},
    )
    return comment


def _too_long(limit: int, length: int) -> str:
    return _(
        "The text can be at most %(limit)s characters long; this one has %(length)s. "
        "Shorten it, or attach the rest as a letter to the communications department."
    ) % {
        "limit": number_format(limit, force_grouping=True),
        "length": number_format(length, force_grouping=True),
    }
