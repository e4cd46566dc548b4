"""A municipality with what may and may not be shown to the public: a published
strategy in force with an earlier adopted version, a final consultation summary and a
draft; an adopted strategy that is not published; a published strategy with nothing
adopted. Every text the public must never see holds SECRET."""

import datetime
from types import SimpleNamespace

from apps.consultations.models import Comment
from apps.organisations.models import RoleLevel
from apps.public.services import publication_set
from apps.strategies import models as sm
from tests.factories import (
    SectionFactory,
    StrategyFactory,
    UnitFactory,
    VersionFactory,
    mark_adopted,
)

SECRET = "HEMMELIGUDKAST"


def adopted(strategy, number, *, text, month=3, due=None, review=None, owner=None, **dates):
    draft = VersionFactory(strategy=strategy, number=number, valid_from=dates.get("valid_from"),
                           review_due=review)
    SectionFactory(version=draft, heading=f"Formål v{number}", body=text)
    sm.AnnualWheelEvent.objects.create(version=draft, title=f"Årsmøde v{number}", month=month)
    sm.Action.objects.create(
        version=draft, title=f"Handling v{number}", due_date=due, owner_unit=owner
    )
    return mark_adopted(draft, adopted_on=dates.get("adopted_on", datetime.date(2024, 1, 15)))


def supersede(version):
    sm.StrategyVersion.objects.filter(pk=version.pk).update(status=sm.VersionStatus.SUPERSEDED)
    version.refresh_from_db()
    return version


def build_public_world(organisation, member_of, *, prefix=""):
    organisation.website = "https://www.example-kommune.dk/politikker"
    organisation.save()
    comms = member_of(organisation, RoleLevel.COMMUNICATIONS)
    unit = UnitFactory(organisation=organisation)
    leader = member_of(organisation, RoleLevel.LEADER, unit)

    published = StrategyFactory(organisation=organisation, title=f"{prefix}Kommunikationspolitik",
                                slug=f"{prefix}kommunikationspolitik")
    earlier = supersede(adopted(published, 1, text="Den gamle tekst.", month=2,
                                 adopted_on=datetime.date(2020, 5, 1)))
    in_force = adopted(published, 2, text="Den gældende tekst.", month=9,
                        due=datetime.date(2026, 6, 30), review=datetime.date(2027, 12, 1),
                        valid_from=datetime.date(2025, 1, 1), owner=unit)
    sm.VersionTransition.objects.create(
        version=in_force, from_status=sm.VersionStatus.DRAFT,
        to_status=sm.VersionStatus.CONSULTATION, actor=comms,
    )
    Comment.objects.create(version=in_force, author=leader, author_name="Lise Leder",
                           text="Et høringssvar om formålet.")
    draft = VersionFactory(strategy=published, number=3)
    SectionFactory(version=draft, heading=f"{SECRET} udkast", body=f"{SECRET} tekst")

    unpublished = StrategyFactory(organisation=organisation, title=f"{SECRET} politik",
                                  slug=f"{prefix}hemmelig")
    hidden = adopted(unpublished, 1, text=f"{SECRET} vedtaget men ikke offentlig")

    nothing_adopted = StrategyFactory(organisation=organisation, title=f"{SECRET} ny politik",
                                      slug=f"{prefix}kun-udkast")
    only_draft = VersionFactory(strategy=nothing_adopted, number=1)
    SectionFactory(version=only_draft, body=f"{SECRET} kladde")

    for strategy in (published, nothing_adopted):
        publication_set(actor=comms, strategy=strategy, published=True)
    return SimpleNamespace(
        organisation=organisation, comms=comms, leader=leader, unit=unit,
        published=published, earlier=earlier, in_force=in_force, draft=draft,
        unpublished=unpublished, hidden=hidden, nothing_adopted=nothing_adopted,
        only_draft=only_draft,
    )
