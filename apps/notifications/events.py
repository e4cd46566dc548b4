"""The events the services of other apps report, as they happen.

Each is called inside the service's transaction: the notifications are written with
what caused them (an outbox), so they exist exactly when it does. What costs more
than the request should wait for (an adoption binding thousands of people) is
handed to a task once the transaction commits.
"""

import logging

from django.db import transaction

from apps.organisations.models import RoleAssignment, RoleLevel
from apps.strategies.models import VersionStatus, VersionTransition

from .models import Kind
from .services import notify

logger = logging.getLogger(__name__)


def _version_data(version) -> dict:
    return {"strategy": version.strategy.title, "number": version.number, "version": version.pk}


def consultation_invited(*, version, users) -> int:
    """The people an invitation reaches (invited themselves or through a unit), with
    the consultation's deadline once it has one."""
    from apps.consultations.deadlines import consultation_of

    consultation = consultation_of(version)
    data = _version_data(version)
    if consultation is not None:
        data["deadline"] = consultation.deadline.isoformat()
    return notify(
        organisation=version.strategy.organisation,
        kind=Kind.CONSULTATION_INVITED,
        obj=version,
        event_key=f"invited:version:{version.pk}",
        recipients=users,
        data=data,
    )


def comment_answered(*, comment) -> int:
    """The commenter, the first time their comment is answered."""
    if comment.author_id is None or comment.author_id == comment.answered_by_id:
        return 0
    version = comment.version
    return notify(
        organisation=version.strategy.organisation,
        kind=Kind.COMMENT_ANSWERED,
        obj=comment,
        event_key=f"answered:comment:{comment.pk}",
        recipients=[comment.author_id],
        data={**_version_data(version), "comment": comment.pk},
    )


DECIDING_LEVELS = (RoleLevel.POLITICIAN, RoleLevel.EXECUTIVE_BOARD)


def version_moved(*, version, to_status: str) -> int:
    """A proposal tells the politicians and the executive board; an adoption tells each
    person it binds of their new and changed duties (a task, after the commit)."""
    if to_status == VersionStatus.PROPOSED:
        organisation = version.strategy.organisation
        # Proposed again after going back to draft is a new decision to make.
        round_ = VersionTransition.objects.filter(
            version=version, to_status=VersionStatus.PROPOSED
        ).count()
        people = (
            RoleAssignment.objects.filter(
                organisation=organisation, role_level__in=DECIDING_LEVELS, user__is_active=True
            )
            .values_list("user_id", flat=True)
            .distinct()
        )
        return notify(
            organisation=organisation,
            kind=Kind.PROPOSAL_AWAITING,
            obj=version,
            event_key=f"proposed:version:{version.pk}:{round_}",
            recipients=list(people),
            data=_version_data(version),
        )
    if to_status == VersionStatus.ADOPTED:
        transaction.on_commit(lambda: _adopted_later(version.pk))
    return 0


def _adopted_later(version_id: int) -> None:
    """After the adoption has committed nothing may undo or fail it: should telling
    people fail now (the broker down, or an error while run eagerly), the scheduled
    run makes up for it (schedule.lost_adoptions)."""
    from .tasks import notifications_adoption

    try:
        notifications_adoption.delay(version_id)
    except Exception:  # noqa: BLE001 - logged, and made up for by the scheduled run
        logger.exception("notifications_adoption_not_started version=%s", version_id)
