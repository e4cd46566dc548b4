"""An edit racing an adoption either lands before it or is refused, on PostgreSQL row locks.

Only a draft can be edited and only a proposed version adopted, so the race is an
editor saving a draft at the moment it is proposed and adopted. Both take the version's
row lock, so one waits for the other: an edit that gets the lock first is part of what
is adopted (and its audit row comes first); an edit that waits is refused once the
version is adopted, and the adopted content is what was proposed. Each test holds one
side's transaction open on purpose, so the other is seen to wait and the order is known.

Two adoptions at once are tested in tests/strategies/test_adoption_races.py (one
adopted version, one transition and one audit row).
"""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import translation

from apps.audit.models import AuditEvent
from apps.organisations.models import RoleLevel
from apps.strategies import models as sm
from apps.strategies import services
from tests.factories import SectionFactory, StrategyFactory, VersionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
    ),
]

WAIT = 30


class Holder(threading.Thread):
    """Runs `work` in a transaction on its own connection and keeps the transaction open
    until released; records what `work` returned or raised."""

    def __init__(self, work, *, hold: bool):
        super().__init__(daemon=True)
        self.work = work
        self.hold = hold
        self.done_working = threading.Event()
        self.release = threading.Event()
        self.outcome = None

    def run(self):
        try:
            with translation.override("en"), transaction.atomic():
                try:
                    self.outcome = self.work()
                except Exception as error:  # noqa: BLE001 - the outcome is what tests inspect
                    self.outcome = error
                self.done_working.set()
                if self.hold:
                    self.release.wait(WAIT)
        finally:
            self.done_working.set()
            connections.close_all()


@pytest.fixture
def draft(organisation):
    version = VersionFactory(strategy=StrategyFactory(organisation=organisation))
    SectionFactory(version=version, heading="Formål", body="Som foreslået.")
    return version


@pytest.fixture
def comms(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


def edit(draft, comms):
    section = sm.Section.objects.get(version=draft)
    return lambda: services.content_item_save(
        version=draft,
        actor=comms,
        model=sm.Section,
        instance=section,
        data={"body": "Ændret i sidste øjeblik."},
        base={"body": "Som foreslået."},
    )


def propose_and_adopt(draft, comms):
    def work():
        services.version_transition(version=draft, actor=comms, to_status=sm.VersionStatus.PROPOSED)
        return services.version_transition(
            version=draft,
            actor=comms,
            to_status=sm.VersionStatus.ADOPTED,
            decided_on=datetime.date(2026, 3, 1),
            decided_by="Byrådet",
            case_reference="26/1",
        )

    return work


def verbs(draft):
    return list(
        AuditEvent.objects.filter(version=draft).order_by("pk").values_list("verb", flat=True)
    )


def test_an_edit_that_locks_first_is_part_of_what_is_adopted(draft, comms):
    editing = Holder(edit(draft, comms), hold=True)
    adopting = Holder(propose_and_adopt(draft, comms), hold=False)

    editing.start()
    assert editing.done_working.wait(WAIT)
    adopting.start()
    # The adoption waits for the edit's transaction.
    assert not adopting.done_working.wait(1)
    editing.release.set()
    editing.join(WAIT)
    adopting.join(WAIT)

    assert isinstance(adopting.outcome, sm.StrategyVersion)
    adopted = sm.StrategyVersion.objects.get(pk=draft.pk)
    assert adopted.status == sm.VersionStatus.ADOPTED
    assert sm.Section.objects.get(version=draft).body == "Ændret i sidste øjeblik."
    assert verbs(draft) == ["content.update", "version.proposed", "version.adopted"]


def test_an_edit_that_waits_for_the_adoption_is_refused_and_changes_nothing(draft, comms):
    proposed_content = services.version_content_hash(draft)
    adopting = Holder(propose_and_adopt(draft, comms), hold=True)
    editing = Holder(edit(draft, comms), hold=False)

    adopting.start()
    assert adopting.done_working.wait(WAIT)
    editing.start()
    # The edit waits for the adoption's transaction.
    assert not editing.done_working.wait(1)
    adopting.release.set()
    adopting.join(WAIT)
    editing.join(WAIT)

    assert isinstance(editing.outcome, ValidationError)
    assert editing.outcome.messages == [
        "This version has been adopted and can no longer be changed."
    ]
    assert sm.StrategyVersion.objects.get(pk=draft.pk).status == sm.VersionStatus.ADOPTED
    assert services.version_content_hash(draft) == proposed_content
    assert verbs(draft) == ["version.proposed", "version.adopted"]


def test_edits_and_adoptions_started_together_never_change_adopted_content(organisation, comms):
    outcomes = []
    for round_ in range(5):
        draft = VersionFactory(strategy=StrategyFactory(organisation=organisation))
        SectionFactory(version=draft, heading="Formål", body="Som foreslået.")
        barrier = threading.Barrier(2)

        def at_once(work, barrier=barrier):
            def run():
                barrier.wait(WAIT)
                return work()

            return run

        editing = Holder(at_once(edit(draft, comms)), hold=False)
        adopting = Holder(at_once(propose_and_adopt(draft, comms)), hold=False)
        editing.start(), adopting.start()
        editing.join(WAIT), adopting.join(WAIT)

        landed = not isinstance(editing.outcome, ValidationError)
        body = sm.Section.objects.get(version=draft).body
        history = verbs(draft)
        outcomes.append(
            (
                round_,
                sm.StrategyVersion.objects.get(pk=draft.pk).status,
                # Landed: adopted with the edit, edited first. Refused: adopted as proposed.
                body == ("Ændret i sidste øjeblik." if landed else "Som foreslået."),
                history[-2:] == ["version.proposed", "version.adopted"],
                history.count("content.update") == int(landed),
            )
        )

    assert outcomes == [(n, sm.VersionStatus.ADOPTED, True, True, True) for n in range(5)]
