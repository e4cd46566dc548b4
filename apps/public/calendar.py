"""iCalendar feeds (RFC 5545): the annual wheel, action deadlines, consultation
deadlines and review dates.

Two feeds: the public one of an organisation (what its published strategies say),
and a person's own behind a signed address (what concerns them). Outlook and Google
Calendar subscribe to either by its address: answered inline as text/calendar, every
event all-day (DATE values), with a UID that stays the same from one fetch to the next
(an action's across versions, by its lineage) so calendars update events instead of
doubling them.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from apps.followup.models import CLOSED_STATUSES
from apps.followup.selectors import with_progress
from apps.organisations.models import RoleAssignment, RoleLevel
from apps.strategies import permissions as strategy_permissions
from apps.strategies.models import Action, AnnualWheelEvent, StrategyVersion, VersionStatus

from . import permissions
from .models import CalendarFeed

PRODID = "-//Kompas//Communication policy//EN"
FEED_SALT = "kompas.public.calendar-feed"


@dataclass
class Entry:
    uid: str
    summary: str
    start: datetime.date
    end: datetime.date
    description: str = ""
    url: str = ""
    yearly_until: datetime.date | None = None
    yearly: bool = False
    categories: list[str] = field(default_factory=list)


def _host() -> str:
    return urlsplit(settings.KOMPAS_BASE_URL).hostname or "kompas"


def _absolute(path: str) -> str:
    return settings.KOMPAS_BASE_URL.rstrip("/") + path


def _day(date: datetime.date) -> tuple[datetime.date, datetime.date]:
    return date, date + datetime.timedelta(days=1)


# --- What goes in ---------------------------------------------------------------


def consultation_deadline(version) -> datetime.date | None:
    """The version's consultation deadline (høringsfrist), from its consultation round
    (apps.consultations.models.Consultation), or None for a version never sent there."""
    try:
        return version.consultation.deadline
    except ObjectDoesNotExist:
        return None


def _annual_wheel(versions, url_of) -> list[Entry]:
    entries = []
    events = AnnualWheelEvent.objects.filter(version__in=versions).select_related(
        "version__strategy"
    ).order_by("version__strategy__title", "month", "position", "pk")
    for event in events:
        version = event.version
        year = (version.valid_from or version.adopted_on or timezone.localdate()).year
        start = datetime.date(year, event.month, 1)
        end = datetime.date(year + (event.month == 12), event.month % 12 + 1, 1)
        description = "\n".join(
            filter(None, [event.description, event.audience, event.owner_label])
        )
        entries.append(Entry(
            uid=f"annual-wheel-{event.pk}@{_host()}",
            summary=f"{event.title} ({version.printed_title})",
            start=start, end=end, description=description, url=url_of(version),
            yearly=True, yearly_until=version.valid_until,
            categories=[_("Annual wheel")],
        ))
    return entries


def _actions(actions, url_of) -> list[Entry]:
    entries = []
    # Its current state, as the follow-up keeps it: a deadline met is no longer shown.
    current = with_progress(actions.filter(due_date__isnull=False)).exclude(
        progress_status__in=CLOSED_STATUSES
    )
    for action in current.select_related("version__strategy", "owner_unit").order_by(
        "due_date", "pk"
    ):
        start, end = _day(action.due_date)
        owner = str(action.owner_unit or action.owner_label or "")
        entries.append(Entry(
            uid=f"action-{action.lineage or action.pk}@{_host()}",
            summary=_("Deadline: %(action)s") % {"action": action.title},
            start=start, end=end,
            description="\n".join(filter(None, [action.version.printed_title, owner])),
            url=url_of(action.version), categories=[_("Action deadline")],
        ))
    return entries


def _reviews(versions, url_of) -> list[Entry]:
    entries = []
    for version in versions.filter(review_due__isnull=False, status=VersionStatus.ADOPTED):
        start, end = _day(version.review_due)
        entries.append(Entry(
            uid=f"review-{version.pk}@{_host()}",
            summary=_("Review due: %(strategy)s") % {"strategy": version.printed_title},
            start=start, end=end, url=url_of(version), categories=[_("Review date")],
        ))
    return entries


def _consultations(versions, url_of) -> list[Entry]:
    entries = []
    versions = versions.filter(status=VersionStatus.CONSULTATION).select_related(
        "consultation", "strategy"
    )
    for version in versions:
        deadline = consultation_deadline(version)
        if deadline is None:
            continue
        start, end = _day(deadline)
        entries.append(Entry(
            uid=f"consultation-{version.pk}@{_host()}",
            summary=_("Consultation deadline: %(strategy)s") % {"strategy": version.strategy.title},
            start=start, end=end, url=url_of(version), categories=[_("Consultation deadline")],
        ))
    return entries


# --- The two feeds ----------------------------------------------------------------


def public_entries(organisation) -> list[Entry]:
    """What the organisation's published strategies say: their version in force."""
    strategies = permissions.published_strategies(organisation)
    in_force = StrategyVersion.objects.filter(
        strategy__in=strategies, status=VersionStatus.ADOPTED
    ).select_related("strategy__organisation")

    def url_of(version):
        return _absolute(
            reverse("public:strategy", args=[organisation.slug, version.strategy.slug])
        )

    return (
        _annual_wheel(in_force, url_of)
        + _actions(Action.objects.filter(version__in=in_force), url_of)
        + _reviews(in_force, url_of)
        + _public_consultations(strategies, url_of)
    )


def _public_consultations(strategies, url_of) -> list[Entry]:
    """Consultations open to anyone, linked to their public answer page."""
    versions = StrategyVersion.objects.filter(
        strategy__in=strategies, consultation__public=True
    )

    def answer_url(version):
        return _absolute(reverse("hoering:public", args=[version.consultation.public_key]))

    return _consultations(versions, answer_url)


def personal_entries(user) -> list[Entry]:
    """What concerns the person: the annual wheel of the strategies in force they can
    read, the deadlines of actions their units own (all of the organisation's for the
    communications department), deadlines of consultations they may comment on, and
    review dates for those who prepare the next version."""
    visible = strategy_permissions.visible_versions(user).select_related(
        "strategy__organisation"
    )
    in_force = visible.filter(status=VersionStatus.ADOPTED)

    def url_of(version):
        return _absolute(reverse("strategies:version_detail", args=[version.pk]))

    assignments = list(
        RoleAssignment.objects.filter(user=user).select_related("unit", "organisation")
    )
    whole = {a.organisation_id for a in assignments if a.role_level == RoleLevel.COMMUNICATIONS}
    units = Q(pk__in=[])
    for assignment in assignments:
        if assignment.unit_id:
            units |= Q(owner_unit__path__startswith=assignment.unit.path)
    actions = Action.objects.filter(version__in=in_force).filter(
        units | Q(version__strategy__organisation_id__in=whole)
    )
    preparing = {
        a.organisation_id for a in assignments
        if a.role_level in (RoleLevel.COMMUNICATIONS, RoleLevel.EXECUTIVE_BOARD)
    }
    commenting = [
        v.pk for v in visible.filter(status=VersionStatus.CONSULTATION)
        if strategy_permissions.can(user, "comment", v)
    ]
    return (
        _annual_wheel(in_force, url_of)
        + _actions(actions, url_of)
        + _reviews(in_force.filter(strategy__organisation_id__in=preparing), url_of)
        + _consultations(StrategyVersion.objects.filter(pk__in=commenting), url_of)
    )


def as_ical(entries: list[Entry], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    # Outlook and Google look again after this long (both clamp it to their own minimum).
    calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    stamp = timezone.now().replace(microsecond=0)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end)
        event.add("summary", entry.summary)
        event.add("transp", "TRANSPARENT")
        if entry.description:
            event.add("description", entry.description)
        if entry.url:
            event.add("url", entry.url)
        if entry.categories:
            event.add("categories", entry.categories)
        if entry.yearly:
            rule = {"freq": "yearly"}
            if entry.yearly_until:
                rule["until"] = entry.yearly_until
            event.add("rrule", rule)
        calendar.add_component(event)
    return calendar.to_ical()


# --- The personal feed's address ---------------------------------------------------


def feed_token(feed: CalendarFeed) -> str:
    return signing.dumps({"u": feed.user_id, "g": feed.generation}, salt=FEED_SALT, compress=True)


def feed_user(token: str):
    """The person whose current feed address holds `token`, or None (forged, altered,
    stopped or replaced by a newer address)."""
    try:
        data = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    feed = (
        CalendarFeed.objects.filter(user_id=data.get("u"), generation=data.get("g"), is_active=True)
        .select_related("user").first()
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed.user
