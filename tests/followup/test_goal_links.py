"""Actions linked to the goals and focus areas they serve: content of the version,
edited in the draft, copied to the next draft, shown on the page and in the PDF."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.exports import pdf
from apps.organisations.models import RoleLevel
from apps.strategies import services as strategy_services
from apps.strategies.models import Action, FocusArea, Goal, Indicator
from tests.exports.pdfread import normalise, pdftotext
from tests.factories import VersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comms(world):
    return world[RoleLevel.COMMUNICATIONS]


@pytest.fixture
def draft(world, comms):
    version = VersionFactory(strategy=world.strategy, number=20, language="da")
    save = strategy_services.content_item_save
    goal = save(
        version=version,
        actor=comms,
        model=Goal,
        data={"kind": "goal", "title": "Borgerne forstår vores breve"},
    )
    save(
        version=version,
        actor=comms,
        model=Indicator,
        data={
            "goal": goal,
            "name": "Andel klagesager om uforståelige breve",
            "target": "Under 5 %",
        },
    )
    area = save(version=version, actor=comms, model=FocusArea, data={"title": "Klart sprog"})
    save(
        version=version,
        actor=comms,
        model=Action,
        data={"title": "Skriv standardbrevene om", "goal": goal, "focus_area": area},
    )
    return version


def test_an_action_can_only_serve_a_goal_of_its_own_version(world, comms, draft):
    foreign_goal = Goal.objects.create(
        version=VersionFactory(strategy=world.strategy, number=21), title="Et andet mål"
    )

    with pytest.raises(ValidationError) as error:
        strategy_services.content_item_save(
            version=draft,
            actor=comms,
            model=Action,
            data={"title": "Forkert kobling", "goal": foreign_goal},
        )

    assert list(error.value.message_dict) == ["goal"]


def test_a_new_draft_links_the_copied_action_to_the_copied_goal(world, comms, draft):
    copy = strategy_services.version_new_draft(source=draft, actor=comms)

    action = Action.objects.select_related("goal", "focus_area").get(version=copy)
    assert (action.goal.version_id, action.goal.title) == (copy.pk, "Borgerne forstår vores breve")
    assert (action.focus_area.version_id, action.focus_area.title) == (copy.pk, "Klart sprog")


def test_the_version_page_shows_goal_indicator_and_the_action_serving_it(client, world, draft):
    client.force_login(world[RoleLevel.COMMUNICATIONS])

    html = client.get(reverse("strategies:version_detail", args=[draft.pk])).content.decode()

    goal_at = html.index("Borgerne forstår vores breve")
    indicator_at = html.index("Andel klagesager om uforståelige breve", goal_at)
    serving_at = html.index("Action serving it:", indicator_at)
    assert html.index("Skriv standardbrevene om", serving_at) > serving_at
    assert "Serves the goal:" in html and "Serves the focus area:" in html


def test_the_pdf_shows_the_chain_in_the_document_s_language(draft):
    text = normalise(pdftotext(pdf.strategy_pdf(draft)))

    def at(words, after=0):
        return text.index(normalise(words), after)

    indicator_at = at("Andel klagesager om uforståelige breve", at("Borgerne forstår vores breve"))
    serving_at = at("Indsats, der tjener det:", indicator_at)
    assert at("Skriv standardbrevene om", serving_at) > serving_at
    assert normalise("Tjener målet: Borgerne forstår vores breve") in text
