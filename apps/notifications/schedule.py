"""The events nobody's action causes, found by the scheduled run: check-ins due and
overdue, actions of adopted plans due and overdue, reviews near and periods ended, and
adoptions whose task was lost.

Running it again (or twice at once) tells nobody twice: each event key is unique
per person. Every function reads a fixed number of queries per organisation.
"""

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from apps.followup import selectors as followup_selectors
from apps.followup.models import CLOSED_STATUSES
from apps.obligations.models import CheckIn, quarter_start
from apps.obligations.rules import LEADERSHIP_LEVELS
from apps.obligations.selectors import obligation_index
from apps.organisations.models import Organisation, RoleAssignment, RoleLevel, Unit
from apps.strategies.models import Action, StrategyVersion, VersionStatus

from .adoption import adoption_notify, run_key
from .models import EventRun, Kind
from .services import Recipient, notify

# The quarter's check-ins are asked for this long before it ends, and reported
# overdue (to the unit's leaders and their own managers) this long into the next.
CHECK_IN_NOTICE = datetime.timedelta(days=14)
OVERDUE_WINDOW = datetime.timedelta(days=14)
REVIEW_NOTICE = datetime.timedelta(days=30)
# An action is announced to its owner unit's leaders this long before its due date.
ACTION_NOTICE = datetime.timedelta(days=7)
# The invited who have not commented are reminded this long before the deadline.
DEADLINE_NOTICE = datetime.timedelta(days=3)
# Adoptions this recent are checked for notifications never made (a lost task).
ADOPTION_CATCH_UP = datetime.timedelta(days=30)


def quarter_end(period: datetime.date) -> datetime.date:
    month = period.month + 3
    year = period.year + (month > 12)
    return datetime.date(year, (month - 1) % 12 + 1, 1) - datetime.timedelta(days=1)


def scan(today: datetime.date | None = None) -> int:
    """Make every notification the date calls for; returns how many were made."""
    today = today or timezone.localdate()
    told = 0
    for organisation in Organisation.objects.order_by("pk"):
        told += check_ins(organisation, today)
        told += actions(organisation, today)
        told += reviews(organisation, today)
    told += consultation_deadlines(today)
    told += lost_adoptions(today)
    return told


def _missing_by_unit(organisation, period) -> tuple[dict, dict]:
    """Leaders per unit, and the units whose leaders owe check-ins of `period` not made."""
    index = obligation_index(organisation)
    leaders: dict[int, set[int]] = defaultdict(set)
    owed: dict[int, set] = defaultdict(set)
    for user_id, role_level, unit_id in RoleAssignment.objects.filter(
        organisation=organisation,
        role_level__in=LEADERSHIP_LEVELS,
        unit__isnull=False,
        user__is_active=True,
    ).values_list("user_id", "role_level", "unit_id"):
        leaders[unit_id].add(user_id)
        owed[unit_id].update(o.key for o in index.for_assignment(role_level, unit_id))
    recorded: dict[int, set] = defaultdict(set)
    for unit_id, strategy_id, text_hash in CheckIn.objects.filter(
        organisation=organisation, period=period
    ).values_list("unit_id", "strategy_id", "text_hash"):
        recorded[unit_id].add((strategy_id, text_hash))
    missing = {unit_id: keys - recorded[unit_id] for unit_id, keys in owed.items()}
    return leaders, {unit_id: keys for unit_id, keys in missing.items() if keys}


def check_ins(organisation, today: datetime.date) -> int:
    told = 0
    period = quarter_start(today)
    if today >= quarter_end(period) - CHECK_IN_NOTICE:
        told += check_ins_due(organisation, period)
    if today - period < OVERDUE_WINDOW:
        previous = quarter_start(period - datetime.timedelta(days=1))
        told += check_ins_overdue(organisation, previous)
    return told


def check_ins_due(organisation, period: datetime.date) -> int:
    """Tell the leaders of each unit with check-ins of `period` still to record."""
    told = 0
    end = quarter_end(period)
    leaders, missing = _missing_by_unit(organisation, period)
    units = dict(Unit.objects.filter(organisation=organisation).values_list("pk", "name"))
    for unit_id in sorted(missing):
        told += notify(
            organisation=organisation,
            kind=Kind.CHECK_IN_DUE,
            obj=_unit(unit_id),
            event_key=f"check_in_due:unit:{unit_id}:{period.isoformat()}",
            recipients=sorted(leaders[unit_id]),
            data={"unit": units[unit_id], "unit_id": unit_id, "date": end.isoformat()},
        )
    return told


def _unit(unit_id):
    return Unit(pk=unit_id)


def check_ins_overdue(organisation, period: datetime.date) -> int:
    """Tell the leaders of each unit that left check-ins of the ended quarter `period`
    unrecorded, and their own managers (the leaders of the nearest unit above)."""
    told = 0
    end = quarter_end(period)
    leaders, missing = _missing_by_unit(organisation, period)
    if not missing:
        return 0
    paths = dict(Unit.objects.filter(organisation=organisation).values_list("pk", "path"))
    units = dict(Unit.objects.filter(organisation=organisation).values_list("pk", "name"))
    for unit_id in sorted(missing):
        data = {"unit": units[unit_id], "unit_id": unit_id, "date": end.isoformat()}
        told += notify(
            organisation=organisation,
            kind=Kind.CHECK_IN_OVERDUE,
            obj=_unit(unit_id),
            event_key=f"check_in_overdue:unit:{unit_id}:{period.isoformat()}",
            recipients=sorted(leaders[unit_id]),
            data=data,
        )
        managers = _managers(unit_id, paths, leaders)
        told += notify(
            organisation=organisation,
            kind=Kind.CHECK_IN_ESCALATED,
            obj=_unit(unit_id),
            event_key=f"check_in_escalated:unit:{unit_id}:{period.isoformat()}",
            recipients=[Recipient(user_id, data) for user_id in sorted(managers)],
        )
    return told


def _managers(unit_id, paths, leaders) -> set[int]:
    """The leaders of the nearest unit above that has any: the leaders' own manager."""
    ancestors = [int(part) for part in paths[unit_id].strip("/").split("/") if part][:-1]
    for ancestor in reversed(ancestors):
        if leaders.get(ancestor):
            return leaders[ancestor] - leaders[unit_id]
    return set()


def actions(organisation, today: datetime.date) -> int:
    """Tell the owner unit's leaders of each action of an adopted version that is due
    within a week, and of each that is overdue (past its due date, neither done nor
    cancelled, as its newest progress update says); an overdue one also goes to their
    own manager. Keyed on the action's lineage and due date, so a new version of the
    plan with the same action tells nobody again."""
    told = 0
    rows = list(
        followup_selectors.with_progress(
            Action.objects.filter(
                version__status=VersionStatus.ADOPTED,
                version__strategy__organisation=organisation,
                owner_unit__isnull=False,
                due_date__isnull=False,
                due_date__lte=today + ACTION_NOTICE,
            )
        )
        .exclude(progress_status__in=CLOSED_STATUSES)
        .values_list(
            "pk", "version__strategy_id", "lineage", "title", "due_date", "owner_unit_id",
            "version__strategy__title",
        )
        .order_by("due_date", "pk")
    )
    if not rows:
        return 0
    leaders: dict[int, set[int]] = defaultdict(set)
    for user_id, unit_id in RoleAssignment.objects.filter(
        organisation=organisation,
        role_level__in=LEADERSHIP_LEVELS,
        unit__isnull=False,
        user__is_active=True,
    ).values_list("user_id", "unit_id"):
        leaders[unit_id].add(user_id)
    units = {
        pk: (name, path)
        for pk, name, path in Unit.objects.filter(organisation=organisation).values_list(
            "pk", "name", "path"
        )
    }
    paths = {pk: path for pk, (_name, path) in units.items()}
    for pk, strategy_id, lineage, title, due, unit_id, strategy in rows:
        event = f"{strategy_id}:{lineage}:{due.isoformat()}"
        data = {
            "action": title, "action_id": pk, "strategy": strategy,
            "unit": units[unit_id][0], "unit_id": unit_id, "date": due.isoformat(),
        }
        if due >= today:
            told += notify(
                organisation=organisation, kind=Kind.ACTION_DUE, obj=Action(pk=pk),
                event_key=f"action_due:action:{event}",
                recipients=sorted(leaders[unit_id]), data=data,
            )
            continue
        told += notify(
            organisation=organisation, kind=Kind.ACTION_OVERDUE, obj=Action(pk=pk),
            event_key=f"action_overdue:action:{event}",
            recipients=sorted(leaders[unit_id]), data=data,
        )
        told += notify(
            organisation=organisation, kind=Kind.ACTION_ESCALATED, obj=Action(pk=pk),
            event_key=f"action_escalated:action:{event}",
            recipients=sorted(_managers(unit_id, paths, leaders)), data=data,
        )
    return told


def reviews(organisation, today: datetime.date) -> int:
    told = 0
    communications = list(
        RoleAssignment.objects.filter(
            organisation=organisation, role_level=RoleLevel.COMMUNICATIONS, user__is_active=True
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    if not communications:
        return 0
    adopted = StrategyVersion.objects.filter(
        strategy__organisation=organisation, status=VersionStatus.ADOPTED
    ).select_related("strategy")
    for version in adopted.filter(review_due__gte=today, review_due__lte=today + REVIEW_NOTICE):
        told += notify(
            organisation=organisation,
            kind=Kind.REVIEW_NEAR,
            obj=version,
            event_key=f"review_near:version:{version.pk}:{version.review_due.isoformat()}",
            recipients=communications,
            data=_data(version, version.review_due),
        )
    for version in adopted.filter(valid_until__lt=today):
        told += notify(
            organisation=organisation,
            kind=Kind.PERIOD_ENDED,
            obj=version,
            event_key=f"period_ended:version:{version.pk}:{version.valid_until.isoformat()}",
            recipients=communications,
            data=_data(version, version.valid_until),
        )
    return told


def _data(version, date):
    return {
        "strategy": version.strategy.title,
        "number": version.number,
        "version": version.pk,
        "date": date.isoformat(),
    }


def consultation_deadlines(today: datetime.date) -> int:
    """Tell the invited who have not commented that the deadline is DEADLINE_NOTICE
    away or less, once per deadline (an extended deadline is a new one), and remind
    the outside parties that have not answered by e-mail. A fixed number of queries
    per consultation."""
    from apps.consultations import party_mail
    from apps.consultations.models import Comment, ConsultationInvitation, ConsultationParty

    told = 0
    versions = StrategyVersion.objects.filter(
        status=VersionStatus.CONSULTATION,
        consultation__deadline__gte=today,
        consultation__deadline__lte=today + DEADLINE_NOTICE,
    ).select_related("strategy__organisation", "consultation")
    for version in versions:
        deadline = version.consultation.deadline
        organisation = version.strategy.organisation
        invitations = list(ConsultationInvitation.objects.filter(version=version)
                           .select_related("unit"))
        in_units = Q(pk__in=[])
        for invitation in invitations:
            if invitation.unit_id:
                in_units |= Q(
                    role_assignments__organisation=organisation,
                    role_assignments__unit__path__startswith=invitation.unit.path,
                )
        direct = [i.user_id for i in invitations if i.user_id]
        invited = set(
            get_user_model().objects.filter(Q(pk__in=direct) | in_units)
            .filter(is_active=True).values_list("pk", flat=True)
        )
        commented = set(
            Comment.objects.filter(version=version, author_id__isnull=False)
            .values_list("author_id", flat=True)
        )
        told += notify(
            organisation=organisation,
            kind=Kind.CONSULTATION_DEADLINE_NEAR,
            obj=version,
            event_key=f"deadline_near:version:{version.pk}:{deadline.isoformat()}",
            recipients=sorted(invited - commented),
            data={**_data(version, deadline), "deadline": deadline.isoformat()},
        )
        unanswered = ConsultationParty.objects.filter(
            version=version, withdrawn_at__isnull=True, mailed_at__isnull=False,
        ).exclude(reminded_for=deadline).exclude(respondents__isnull=False)
        for party_id in list(unanswered.values_list("pk", flat=True)):
            told += party_mail.party_remind(party_id=party_id)
    return told + party_mail.unsent_invitations()


def lost_adoptions(today: datetime.date) -> int:
    recent = StrategyVersion.objects.filter(
        status=VersionStatus.ADOPTED, adopted_on__gte=today - ADOPTION_CATCH_UP
    ).values_list("pk", flat=True)
    done = set(
        EventRun.objects.filter(key__in=[run_key(pk) for pk in recent]).values_list(
            "key", flat=True
        )
    )
    return sum(adoption_notify(version_id=pk) for pk in recent if run_key(pk) not in done)
