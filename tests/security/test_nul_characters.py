"""A NUL character (\\x00) typed into any form is refused the same way on every database.

PostgreSQL cannot store \\x00 in text (psycopg raises ValueError) while SQLite stores it,
so it is refused before it reaches either: every text field of every form is a Django
CharField, whose ProhibitNullCharactersValidator answers with a form error in the
person's language. Nothing is saved, and the page shows back everything that was
typed, in that field and in the others, so nothing is lost. The same tests run on
SQLite locally and on PostgreSQL in CI.
"""

from dataclasses import dataclass

import pytest
from django.core.validators import ProhibitNullCharactersValidator
from django.urls import reverse
from django.utils import translation

from apps.audit.models import AuditEvent
from apps.consultations import services as consultation_services
from apps.consultations.models import Comment
from apps.core.models import AccessibilityReport
from apps.obligations.models import CheckIn
from apps.organisations.models import RoleLevel
from apps.strategies import models as sm
from apps.strategies import services
from tests.factories import consultation_deadline

from .hostile import build_hostile_world
from .htmlforms import form_with

pytestmark = pytest.mark.django_db

TYPED = "Før\x00efter"
KEPT = "Denne tekst må ikke gå tabt"


@dataclass
class Case:
    url: str
    nul_field: str
    kept_field: str | None
    rows: object  # what must not change: a callable returning the rows concerned
    person: object = None


@pytest.fixture
def world(organisation, member_of):
    built = build_hostile_world(organisation, member_of, "Almindelig tekst")
    for person in built.users.values():
        person.preferred_language = "da"
        person.save(update_fields=["preferred_language"])
    return built


@pytest.fixture
def in_consultation(world):
    comms = world.users[RoleLevel.COMMUNICATIONS]
    strategy = services.strategy_create(
        organisation=world.organisation,
        actor=comms,
        kind=sm.StrategyKind.STRATEGY,
        title="I høring",
    )
    version = services.version_transition(
        version=strategy.versions.get(),
        actor=comms,
        to_status=sm.VersionStatus.CONSULTATION, consultation_deadline=consultation_deadline(),
    )
    comment = consultation_services.comment_create(
        version=version, actor=world.users[RoleLevel.POLITICIAN], text="En kommentar"
    )
    return version, comment


def cases(world, in_consultation) -> dict[str, Case]:
    users = world.users
    comms, leader = users[RoleLevel.COMMUNICATIONS], users[RoleLevel.LEADER]
    draft = world.changed_draft
    section = world.draft_items[sm.Section]
    consulted, comment = in_consultation

    def version_row(version):
        return lambda: list(sm.StrategyVersion.objects.filter(pk=version.pk).values())

    return {
        "new strategy": Case(
            reverse("strategies:create"),
            "title",
            "subtitle",
            lambda: list(sm.Strategy.objects.values()),
            comms,
        ),
        "version details": Case(
            reverse("strategies:version_edit", args=[draft.pk]),
            "change_summary",
            "period_label",
            version_row(draft),
            comms,
        ),
        "new item": Case(
            reverse("strategies:item_add", args=[draft.pk, "section"]),
            "body",
            "heading",
            lambda: list(sm.Section.objects.values()),
            comms,
        ),
        "edited item": Case(
            reverse("strategies:item_edit", args=[draft.pk, "section", section.pk]),
            "body",
            "heading",
            lambda: list(sm.Section.objects.values()),
            comms,
        ),
        "transition note": Case(
            reverse("strategies:version_detail", args=[draft.pk]),
            "note",
            None,
            version_row(draft),
            comms,
        ),
        "comment": Case(
            reverse("consultations:version", args=[consulted.pk]),
            "text",
            None,
            lambda: list(Comment.objects.values()),
            users[RoleLevel.POLITICIAN],
        ),
        "answer": Case(
            reverse("consultations:answer", args=[comment.pk]),
            "response",
            "resulting_change",
            lambda: list(Comment.objects.values()),
            comms,
        ),
        "check-in note": Case(
            reverse("obligations:check_ins", args=[world.workplace.pk]),
            "note",
            None,
            lambda: list(CheckIn.objects.values()),
            leader,
        ),
        "accessibility report": Case(
            reverse("core:accessibility"),
            "description",
            "page_url",
            lambda: list(AccessibilityReport.objects.values()),
            comms,
        ),
    }


CASES = [
    "new strategy",
    "version details",
    "new item",
    "edited item",
    "transition note",
    "comment",
    "answer",
    "check-in note",
    "accessibility report",
]


def refusal_in_danish() -> str:
    with translation.override("da"):
        message = str(ProhibitNullCharactersValidator.message)
    assert message != "Null characters are not allowed."  # the catalogue has it
    return message


@pytest.mark.parametrize("name", CASES)
def test_a_nul_character_is_refused_in_the_persons_language_and_nothing_is_lost(
    client, world, in_consultation, name
):
    case = cases(world, in_consultation)[name]
    client.force_login(case.person)
    page = client.get(case.url)
    form, nul_field = form_with(page.text, case.nul_field)
    data = {**form["fields"], nul_field: TYPED}
    if case.kept_field:
        data[form_with(page.text, case.kept_field)[1]] = KEPT
    rows, audit = case.rows(), AuditEvent.objects.count()

    response = client.post(form["action"] or case.url, data)

    assert response.status_code == 200
    assert refusal_in_danish() in response.text
    assert TYPED in response.text
    assert case.kept_field is None or KEPT in response.text
    assert (case.rows(), AuditEvent.objects.count()) == (rows, audit)


def test_the_cases_cover_every_form_page(world, in_consultation):
    assert sorted(cases(world, in_consultation)) == sorted(CASES)


def test_a_nul_character_in_the_username_is_refused_at_login(client, settings):
    settings.AXES_ENABLED = True

    response = client.post(
        reverse("accounts:login"),
        {"username": "admin\x00", "password": "x"},
        headers={"Accept-Language": "da"},
    )

    assert response.status_code == 200
    assert refusal_in_danish() in response.text
