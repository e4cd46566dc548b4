"""A draft holding every typed part (themed chapters, legal basis, goal hierarchy with a
target group, evaluation, definitions, who does what in a crisis, a holder) and the
warning of two policies in force side by side: the version page and the editor pass
axe-core at 1280 and 375 px, and the warning is read where it belongs."""

import os

import pytest
from playwright.sync_api import expect

from apps.accounts.models import User
from apps.organisations.models import Organisation, RoleLevel
from apps.strategies import models as sm
from apps.strategies import services

pytestmark = pytest.mark.browser



def _draft_with_every_part():
    organisation = Organisation.objects.get(slug="flen")
    actor = User.objects.get(username="flen-communications")
    adopted = sm.StrategyVersion.objects.filter(
        strategy__organisation=organisation, status=sm.VersionStatus.ADOPTED
    ).order_by("pk").first()
    draft = services.version_new_draft(source=adopted, actor=actor)

    def add(model, **data):
        return services.content_item_save(version=draft, actor=actor, model=model, data=data)

    add(sm.LegalBasis, title="Offentlighets- och sekretesslagen",
        text="Allmänna handlingar lämnas ut skyndsamt.", url="https://example.org/osl")
    goal = sm.Goal.objects.filter(version=draft, kind=sm.GoalKind.OVERALL).first()
    strategy = add(sm.Goal, kind=sm.GoalKind.STRATEGY, parent=goal, title="Klarspråk",
                   description="Vi skriver så att alla förstår.", audience=sm.Audience.EXTERNAL)
    stakeholder = sm.Stakeholder.objects.filter(version=draft).first()
    add(sm.GoalTargetGroup, goal=strategy, stakeholder=stakeholder)
    add(sm.Evaluation, title="Medborgarundersökning", method="Enkät", frequency="Vartannat år")
    add(sm.Definition, term="Klarspråk", explanation="Vårdat, enkelt och begripligt språk.")
    add(sm.Responsibility, role_level=RoleLevel.COMMUNICATIONS, label="Kommunikationsenheten",
        heading="Krisledning", context=sm.ResponsibilityContext.CRISIS,
        description="Samordnar kommunikationen i krisledningsstaben.")
    other = sm.Strategy.objects.create(organisation=organisation, title="Äldre policy",
                                       slug="aldre-policy", kind=sm.StrategyKind.POLICY)
    old = sm.StrategyVersion.objects.create(strategy=other, number=1, language="sv")
    sm.StrategyVersion.objects.filter(pk=old.pk).update(
        status=sm.VersionStatus.ADOPTED, adopted_on="2010-01-01"
    )
    return draft


@pytest.mark.parametrize("width", [1280, 375])
def test_a_draft_with_every_typed_part_reads_and_edits_accessibly(visitor, width, tmp_path):
    person = visitor("flen-communications", viewport={"width": width, "height": 900})
    draft = _draft_with_every_part()

    person.goto(f"/strategies/versions/{draft.pk}/")
    page = person.page
    expect(page.locator("#in-force-beside")).to_contain_text("Äldre policy")
    expect(page.locator("#legal-bases")).to_contain_text("Offentlighets- och sekretesslagen")
    expect(page.locator("#crisis-responsibilities")).to_contain_text("Krisledning")
    expect(page.locator("#evaluations")).to_contain_text("Medborgarundersökning")
    expect(page.locator("#definitions")).to_contain_text("Vårdat, enkelt")
    expect(page.locator("#goals .kompas-subgoals")).to_contain_text("Klarspråk")
    shots = os.environ.get("KOMPAS_SHOTS") or str(tmp_path)
    os.makedirs(shots, exist_ok=True)
    page.screenshot(path=f"{shots}/typed-parts-{width}.png", full_page=True)
    # The new parts fit the screen (wide tables of older parts scroll on their own).
    overflow = page.evaluate(
        """ids => ids.filter(id => {
            const box = document.getElementById(id).getBoundingClientRect();
            return box.right > window.innerWidth + 1;
        })""",
        ["in-force-beside", "legal-bases", "crisis-responsibilities", "evaluations",
         "definitions", "goals"],
    )

    person.goto(f"/strategies/versions/{draft.pk}/edit/")

    assert overflow == []
