"""Factories and a seed-like municipality for the obligations and dashboards tests.

`build_world` makes a small municipality shaped like the demo seeds: a centre with
a workplace, the communications department, one person per role level, an adopted
strategy with responsibilities for all seven role levels, principles, a spokesperson
rule and an action plan, and a second strategy with a version proposed to the council.
`grow` adds more of everything, so a test can show that a page's query count does
not depend on the amount of data.
"""

import datetime
from dataclasses import dataclass, field

import factory
from django.utils import timezone

from apps.obligations import tallies
from apps.obligations.models import Acknowledgement, CheckIn, CheckInStatus, quarter_start
from apps.obligations.selectors import current_obligations
from apps.organisations.models import RoleLevel, UnitKind
from apps.strategies import models as sm
from tests.factories import (
    PrincipleFactory,
    ResponsibilityFactory,
    ResponsibilityItemFactory,
    RoleAssignmentFactory,
    StrategyFactory,
    UnitFactory,
    UserFactory,
    VersionFactory,
    mark_adopted,
)


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


DUTIES = {
    RoleLevel.POLITICIAN: ["Inddrage borgerne tidligt", "Forventningsafstemme med borgerne"],
    RoleLevel.EXECUTIVE_BOARD: ["Sikre retningsgivende ledelse", "Følge op på målene"],
    RoleLevel.CENTRE: ["Formidle politiske beslutninger", "Koordinere på tværs"],
    RoleLevel.WORKPLACE: ["Kommunikere relevant og forståeligt", "Sikre det faglige indhold"],
    RoleLevel.LEADER: ["Sikre at principperne overholdes", "Sikre kompetencerne"],
    RoleLevel.EMPLOYEE: ["Overholde principperne", "Forklare sammenhængen"],
    RoleLevel.COMMUNICATIONS: ["Stille fælles ressourcer til rådighed", "Rådgive på tværs"],
}


class SpokespersonRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.SpokespersonRule

    version = factory.SubFactory(VersionFactory)
    speaker = "Borgmesteren"
    role_level = RoleLevel.POLITICIAN
    scope = "Kommunens politik"
    text = factory.Sequence(lambda n: f"Borgmesteren udtaler sig om politik {n}.")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Action

    version = factory.SubFactory(VersionFactory)
    title = factory.Sequence(lambda n: f"Handling {n}")
    status = sm.ActionStatus.PLANNED


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    status = CheckInStatus.ON_TRACK
    period = factory.LazyFunction(lambda: quarter_start(today()))


def adopted_strategy(organisation, *, title="Borgeren i centrum", duties=None, principles=2,
                     rules=1, actions=(), review_due=None, adopted_on=datetime.date(2024, 1, 15)):
    """An adopted version filled as a draft first, as real users do (content of an
    adopted version cannot be added)."""
    version = VersionFactory(
        strategy=StrategyFactory(organisation=organisation, title=title), number=1,
        review_due=review_due,
    )
    fill(version, duties=DUTIES if duties is None else duties, principles=principles,
         rules=rules, actions=actions)
    return mark_adopted(version, adopted_on=adopted_on)


def fill(version, *, duties, principles=0, rules=0, actions=()):
    for position, (role_level, texts) in enumerate(duties.items()):
        responsibility = ResponsibilityFactory(
            version=version, role_level=role_level, position=position,
            label=RoleLevel(role_level).label, heading=f"Ansvar for {role_level}",
        )
        for item_position, text in enumerate(texts):
            ResponsibilityItemFactory(
                responsibility=responsibility, text=text, position=item_position
            )
    PrincipleFactory.create_batch(principles, version=version, title="Borgerne kan mærke")
    SpokespersonRuleFactory.create_batch(rules, version=version)
    for action in actions:
        ActionFactory(version=version, **action)


@dataclass
class World:
    organisation: object
    centre: object
    workplace: object
    comms_unit: object
    users: dict
    strategy: object
    adopted: object
    proposed: object
    extra: list = field(default_factory=list)

    def __getitem__(self, role_level):
        return self.users[role_level]


def person(organisation, role_level, unit=None, user=None):
    user = user or UserFactory()
    RoleAssignmentFactory(user=user, organisation=organisation, role_level=role_level, unit=unit)
    return user


def build_world(organisation, *, content: bool = True) -> World:
    centre = UnitFactory(organisation=organisation, name="Center for Kultur",
                         kind=UnitKind.CENTRE)
    workplace = UnitFactory(organisation=organisation, parent=centre, name="Borgerservice",
                            kind=UnitKind.WORKPLACE)
    staff_centre = UnitFactory(organisation=organisation, name="Center for Politik",
                               kind=UnitKind.CENTRE)
    comms_unit = UnitFactory(organisation=organisation, parent=staff_centre,
                             name="Kommunikationsafdelingen", kind=UnitKind.SECRETARIAT,
                             is_communications=True)
    users = {
        RoleLevel.POLITICIAN: person(organisation, RoleLevel.POLITICIAN),
        RoleLevel.EXECUTIVE_BOARD: person(organisation, RoleLevel.EXECUTIVE_BOARD),
        RoleLevel.CENTRE: person(organisation, RoleLevel.CENTRE, centre),
        RoleLevel.WORKPLACE: person(organisation, RoleLevel.WORKPLACE, workplace),
        RoleLevel.LEADER: person(organisation, RoleLevel.LEADER, workplace),
        RoleLevel.EMPLOYEE: person(organisation, RoleLevel.EMPLOYEE, workplace),
        RoleLevel.COMMUNICATIONS: person(organisation, RoleLevel.COMMUNICATIONS, comms_unit),
    }
    if not content:
        return World(organisation=organisation, centre=centre, workplace=workplace,
                     comms_unit=comms_unit, users=users, strategy=None, adopted=None,
                     proposed=None)
    adopted = adopted_strategy(
        organisation,
        review_due=days(30),
        actions=[
            {"title": "Skilte i borgerservice", "owner_unit": workplace,
             "due_date": days(-10)},
            {"title": "Ny hjemmeside", "owner_unit": workplace,
             "due_date": days(60)},
            {"title": "Afsluttet kampagne", "owner_unit": workplace,
             "due_date": days(-40), "status": sm.ActionStatus.DONE},
        ],
    )
    proposed = proposed_revision(organisation, title="Kommunikationspolitik")
    return World(
        organisation=organisation, centre=centre, workplace=workplace, comms_unit=comms_unit,
        users=users, strategy=adopted.strategy, adopted=adopted, proposed=proposed,
    )


def proposed_revision(organisation, *, title):
    """A strategy with an adopted version 1 and a version 2 proposed to the council."""
    first = adopted_strategy(organisation, title=title, duties={
        RoleLevel.EMPLOYEE: [f"Kende {title}"],
    }, principles=1, rules=0)
    second = VersionFactory(strategy=first.strategy, number=2, change_summary="Opdateret.")
    sm.StrategyVersion.objects.filter(pk=second.pk).update(status=sm.VersionStatus.PROPOSED)
    second.refresh_from_db()
    return second


def acknowledge_all(organisation, *users):
    """Acknowledge every current obligation the users' roles carry, without going
    through the service (fixtures, not behaviour under test)."""
    from apps.obligations.selectors import obligation_index, obligations_for_user

    index = obligation_index(organisation)
    Acknowledgement.objects.bulk_create(
        [
            Acknowledgement(
                user=user, organisation=organisation, strategy_id=o.strategy_id,
                text_hash=o.text_hash, role_level=o.role_level, text=o.text,
                version_id=o.version_id,
            )
            for user in users
            for o in (s.obligation for s in obligations_for_user(user, organisation, index=index))
        ],
        ignore_conflicts=True,
    )
    tallies.forget(organisation.pk)  # bulk_create sends no signals: rebuilt when read


def check_in_all(organisation, *units, status=CheckInStatus.ON_TRACK):
    """A check-in of this quarter for every current obligation, in every unit given."""
    period = quarter_start(today())
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                organisation=organisation, unit=unit, strategy_id=o.strategy_id,
                text_hash=o.text_hash, period=period, role_level=o.role_level, text=o.text,
                version_id=o.version_id, status=status,
            )
            for unit in units
            for o in current_obligations(organisation)
        ],
        ignore_conflicts=True,
    )
    tallies.forget(organisation.pk)  # bulk_create sends no signals: rebuilt when read


def grow(world: World, times: int = 9) -> None:
    """Add `times` more of everything: units, people, strategies with obligations,
    principles, rules and actions, proposed versions, acknowledgements, check-ins."""
    organisation = world.organisation
    workplaces = []
    for n in range(times):
        centre = UnitFactory(organisation=organisation, name=f"Center {n}", kind=UnitKind.CENTRE)
        workplace = UnitFactory(organisation=organisation, parent=centre, name=f"Skole {n}",
                                kind=UnitKind.WORKPLACE)
        team = UnitFactory(organisation=organisation, parent=world.workplace, name=f"Team {n}",
                           kind=UnitKind.TEAM)
        people = [
            person(organisation, RoleLevel.CENTRE, centre),
            person(organisation, RoleLevel.WORKPLACE, workplace),
            person(organisation, RoleLevel.LEADER, workplace),
            person(organisation, RoleLevel.EMPLOYEE, workplace),
            person(organisation, RoleLevel.EMPLOYEE, world.workplace),
            person(organisation, RoleLevel.EMPLOYEE, team),
            person(organisation, RoleLevel.LEADER, team),
            person(organisation, RoleLevel.POLITICIAN),
        ]
        adopted_strategy(
            organisation,
            title=f"Strategi {n}",
            duties={role: [f"{text} ({n})" for text in texts] for role, texts in DUTIES.items()},
            review_due=days(-n - 1),
            actions=[
                {"title": f"Overskredet {n}", "owner_unit": world.workplace,
                 "due_date": days(-5)},
                {"title": f"Kommende {n}", "owner_unit": team,
                 "due_date": days(5)},
                {"title": f"Skolens {n}", "owner_unit": workplace,
                 "due_date": days(-5)},
            ],
        )
        proposed_revision(organisation, title=f"Politik {n}")
        world.extra.extend(people)
        workplaces.append(workplace)
    check_in_all(organisation, *workplaces)
    check_in_all(organisation, world.workplace, status=CheckInStatus.NEEDS_ATTENTION)
    acknowledge_all(organisation, *world.extra[::2], *world.users.values())
