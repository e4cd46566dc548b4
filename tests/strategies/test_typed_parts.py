"""The typed parts real policies hold: themed chapters, legal basis, goal hierarchy with
target groups, evaluation, definitions, review rule and document owner, holders beyond
the role levels, who does what in a crisis, and strategy relations with the warning
when two policies would be in force side by side."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.organisations.models import RoleLevel
from apps.strategies import models as sm
from apps.strategies import selectors, services
from apps.strategies.compare import compare_versions
from apps.strategies.rendering import version_body
from tests.factories import (
    DefinitionFactory,
    EvaluationFactory,
    GoalFactory,
    LegalBasisFactory,
    ResponsibilityHolderFactory,
    SectionFactory,
    StakeholderFactory,
    StrategyFactory,
    VersionFactory,
    mark_adopted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def comms(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


@pytest.fixture
def draft(organisation):
    return VersionFactory(strategy=StrategyFactory(organisation=organisation), number=1)


def _save(draft, comms, model, **data):
    return services.content_item_save(version=draft, actor=comms, model=model, data=data)


# --- Goal hierarchy ------------------------------------------------------------------


def test_a_new_draft_keeps_goal_strategy_measure_and_the_target_groups(draft, comms):
    # The measure is written first, so it has the lowest id of the three.
    measure = GoalFactory(version=draft, kind=sm.GoalKind.MEASURE, description="Tiltag")
    goal = GoalFactory(version=draft, kind=sm.GoalKind.GOAL, description="Målet")
    strategy = GoalFactory(
        version=draft, kind=sm.GoalKind.STRATEGY, description="Strategien", parent=goal
    )
    sm.Goal.objects.filter(pk=measure.pk).update(parent=strategy)
    youth = StakeholderFactory(version=draft, name="Unge")
    sm.GoalTargetGroup.objects.create(version=draft, goal=strategy, stakeholder=youth)
    mark_adopted(draft)

    new = services.version_new_draft(source=draft, actor=comms)

    copied = {g.description: g for g in sm.Goal.objects.filter(version=new)}
    assert copied["Tiltag"].parent == copied["Strategien"]
    assert copied["Strategien"].parent == copied["Målet"]
    assert copied["Målet"].parent is None
    tie = sm.GoalTargetGroup.objects.get(version=new)
    assert (tie.goal, tie.stakeholder.name, tie.stakeholder.version_id) == (
        copied["Strategien"], "Unge", new.pk
    )


def test_a_goal_cannot_stand_under_its_own_sub_goal(draft, comms):
    goal = GoalFactory(version=draft)
    sub = GoalFactory(version=draft, parent=goal)

    with pytest.raises(ValidationError) as error:
        services.content_item_save(
            version=draft, actor=comms, model=sm.Goal, instance=goal,
            data={"parent": sub}, base={"parent": None},
        )

    assert "parent" in error.value.message_dict
    goal.refresh_from_db()
    assert goal.parent_id is None


def test_the_reader_page_nests_sub_goals_under_their_goal_with_their_target_groups(draft):
    goal = GoalFactory(version=draft, description="Borgerne forstår os")
    strategy = GoalFactory(
        version=draft, kind=sm.GoalKind.STRATEGY, description="Klart sprog", parent=goal,
        audience=sm.Audience.EXTERNAL,
    )
    youth = StakeholderFactory(version=draft, name="Unge under 25")
    sm.GoalTargetGroup.objects.create(version=draft, goal=strategy, stakeholder=youth)

    html = version_body(draft)

    outer = html.index(f'id="goal-{goal.pk}"')
    inner = html.index(f'id="goal-{strategy.pk}"')
    assert outer < inner < html.index("</li>", inner)
    assert html.count(f'id="goal-{strategy.pk}"') == 1
    assert "Unge under 25" in html[inner:html.index("</li>", inner)]


# --- Holders beyond the role levels ---------------------------------------------------


def test_a_responsibility_needs_a_role_level_or_a_holder(draft, comms):
    with pytest.raises(ValidationError) as error:
        _save(draft, comms, sm.Responsibility, label="Nogen", role_level="")

    assert "role_level" in error.value.message_dict


def test_a_holder_of_another_organisation_is_refused(draft, comms, other_organisation):
    foreign = ResponsibilityHolderFactory(organisation=other_organisation)

    with pytest.raises(ValidationError) as error:
        _save(draft, comms, sm.Responsibility, label="Udvalget", holder=foreign)

    assert "holder" in error.value.message_dict
    assert not sm.Responsibility.objects.filter(version=draft).exists()


def test_a_responsibility_held_by_a_committee_is_stored_without_a_role_level(
    draft, comms, organisation
):
    committee = ResponsibilityHolderFactory(organisation=organisation, name="Økonomiudvalget")

    row = _save(draft, comms, sm.Responsibility, label="Økonomiudvalget", holder=committee)

    assert (row.role_level, row.holder, row.binding_role_level) == ("", committee, "")


def test_the_editor_offers_only_the_organisations_own_holders(
    client, comms, draft, organisation, other_organisation
):
    ResponsibilityHolderFactory(organisation=organisation, name="Børne- og Skoleudvalget")
    ResponsibilityHolderFactory(organisation=other_organisation, name="Fremmed udvalg")
    client.force_login(comms)

    page = client.get(reverse("strategies:item_add", args=[draft.pk, "responsibility"]))

    assert "Børne- og Skoleudvalget" in page.content.decode()
    assert "Fremmed udvalg" not in page.content.decode()


# --- Themed chapters, legal basis, evaluation, definitions, crisis ------------------


def test_the_reader_page_shows_each_typed_part(draft):
    SectionFactory(
        version=draft, kind=sm.SectionKind.CRISIS, heading="Krisekommunikation",
        body="Vi taler med én stemme.", link_title="Beredskabsplanen",
        link_url="https://example.org/beredskab",
    )
    LegalBasisFactory(version=draft, title="Forvaltningsloven", url="https://example.org/fvl")
    EvaluationFactory(version=draft, title="Medarbejderundersøgelse", method="Spørgeskema")
    DefinitionFactory(version=draft, term="Kernebudskab", explanation="Det, vi altid siger.")
    crisis = sm.Responsibility.objects.create(
        version=draft, role_level=RoleLevel.EXECUTIVE_BOARD, label="Direktionen",
        heading="Krisestaben", context=sm.ResponsibilityContext.CRISIS,
    )

    html = version_body(draft)

    assert "Crisis communication" in html  # the theme, in the interface's language
    assert '<a href="https://example.org/beredskab">Beredskabsplanen</a>' in html
    assert '<a href="https://example.org/fvl">Forvaltningsloven</a>' in html
    assert "Medarbejderundersøgelse" in html and "Spørgeskema" in html
    assert "<dt" in html and "Kernebudskab" in html
    crisis_part = html[html.index('id="crisis-responsibilities"'):]
    assert f'id="responsibility-{crisis.pk}"' in crisis_part
    assert 'id="responsibilities"' not in html  # no everyday responsibilities here


def test_the_reader_body_reads_a_fixed_number_of_queries_whatever_the_parts(draft):
    def count():
        with CaptureQueriesContext(connection) as queries:
            version_body(draft)
        return len(queries)

    LegalBasisFactory(version=draft)
    goal = GoalFactory(version=draft)
    sm.GoalTargetGroup.objects.create(
        version=draft, goal=goal, stakeholder=StakeholderFactory(version=draft)
    )
    before = count()
    for _ in range(3):
        LegalBasisFactory(version=draft)
        DefinitionFactory(version=draft)
        EvaluationFactory(version=draft)
        sub = GoalFactory(version=draft, parent=goal)
        sm.GoalTargetGroup.objects.create(
            version=draft, goal=sub, stakeholder=StakeholderFactory(version=draft)
        )

    assert count() == before


def test_the_comparison_shows_a_changed_legal_basis_and_a_new_definition(draft, comms):
    LegalBasisFactory(version=draft, title="Offentlighedsloven", text="Aktindsigt.")
    mark_adopted(draft)
    new = services.version_new_draft(source=draft, actor=comms)
    sm.LegalBasis.objects.filter(version=new).update(text="Aktindsigt og meroffentlighed.")
    DefinitionFactory(version=new, term="Meroffentlighed")

    diffs = {d.model.__name__: d for d in compare_versions(draft, new)}

    assert [item.status for item in diffs["LegalBasis"].items] == ["changed"]
    assert [item.status for item in diffs["Definition"].items] == ["added"]


def test_an_adopted_versions_new_parts_never_change_even_by_sql(draft):
    law = LegalBasisFactory(version=draft)
    definition = DefinitionFactory(version=draft)
    evaluation = EvaluationFactory(version=draft)
    goal = GoalFactory(version=draft)
    tie = sm.GoalTargetGroup.objects.create(
        version=draft, goal=goal, stakeholder=StakeholderFactory(version=draft)
    )
    mark_adopted(draft)

    for model, row in ((sm.LegalBasis, law), (sm.Definition, definition),
                       (sm.Evaluation, evaluation), (sm.GoalTargetGroup, tie)):
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.filter(pk=row.pk).update(position=9)
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.filter(pk=row.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        sm.StrategyVersion.objects.filter(pk=draft.pk).update(review_cadence="annually")
    with pytest.raises(IntegrityError), transaction.atomic():
        sm.StrategyVersion.objects.filter(pk=draft.pk).update(document_owner="Nogen andre")


# --- Review rule and document owner ------------------------------------------------


def test_the_review_cadence_and_owner_are_edited_shown_and_carried_to_the_next_draft(
    draft, comms, client
):
    services.version_update(
        version=draft, actor=comms,
        data={"review_cadence": sm.ReviewCadence.ELECTION_PERIOD,
              "document_owner": "Kommunikationsafdelingen"},
    )
    client.force_login(comms)

    page = client.get(reverse("strategies:version_detail", args=[draft.pk])).content.decode()
    mark_adopted(draft)
    new = services.version_new_draft(source=draft, actor=comms)

    assert "Every election period" in page and "Kommunikationsafdelingen" in page
    assert (new.review_cadence, new.document_owner) == ("election_period",
                                                        "Kommunikationsafdelingen")


# --- Strategy relations ------------------------------------------------------------


@pytest.fixture
def old_policy(organisation):
    strategy = StrategyFactory(organisation=organisation, kind=sm.StrategyKind.POLICY,
                               title="Kommunikationspolitik 2012")
    mark_adopted(VersionFactory(strategy=strategy, number=1))
    return strategy


@pytest.fixture
def new_policy(organisation):
    strategy = StrategyFactory(organisation=organisation, kind=sm.StrategyKind.POLICY,
                               title="Kommunikationspolitik 2026")
    return VersionFactory(strategy=strategy, number=1)


def test_a_new_policy_that_does_not_replace_the_adopted_one_is_warned_about(
    old_policy, new_policy, client, comms
):
    client.force_login(comms)

    page = client.get(reverse("strategies:version_detail", args=[new_policy.pk]))

    assert selectors.in_force_beside(new_policy) == [old_policy]
    assert 'id="in-force-beside"' in page.content.decode()
    assert "Kommunikationspolitik 2012" in page.content.decode()


def test_a_policy_that_replaces_the_adopted_one_is_not_warned_about(
    old_policy, new_policy, comms, client
):
    services.content_item_save(
        version=new_policy, actor=comms, model=sm.RelatedDocument,
        data={"title": "Kommunikationspolitik 2012", "relation": sm.DocumentRelation.REPLACES,
              "strategy": old_policy},
    )
    client.force_login(comms)

    page = client.get(reverse("strategies:version_detail", args=[new_policy.pk]))

    assert selectors.in_force_beside(new_policy) == []
    assert 'id="in-force-beside"' not in page.content.decode()


def test_a_policy_whose_validity_ended_or_of_another_kind_is_no_conflict(
    organisation, new_policy
):
    ended = StrategyFactory(organisation=organisation, kind=sm.StrategyKind.POLICY)
    mark_adopted(VersionFactory(strategy=ended, number=1, valid_until=datetime.date(2020, 12, 31)))
    plan = StrategyFactory(organisation=organisation, kind=sm.StrategyKind.ACTION_PLAN)
    mark_adopted(VersionFactory(strategy=plan, number=1))

    assert selectors.in_force_beside(new_policy, today=datetime.date(2026, 1, 1)) == []


def test_a_version_may_not_name_its_own_strategy_or_one_of_another_organisation(
    new_policy, comms, other_organisation
):
    foreign = StrategyFactory(organisation=other_organisation)

    for target in (new_policy.strategy, foreign):
        with pytest.raises(ValidationError):
            services.content_item_save(
                version=new_policy, actor=comms, model=sm.RelatedDocument,
                data={"title": "X", "relation": sm.DocumentRelation.REPLACES, "strategy": target},
            )


# --- In the editor ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "data", "model", "field", "expected"),
    [
        ("legal-basis", {"title": "Sprogloven", "text": "Dansk er hovedsproget.",
                         "url": "https://example.org/sprog"}, sm.LegalBasis, "title",
         "Sprogloven"),
        ("definition", {"term": "Klarsprog", "explanation": "Tekst, man forstår."},
         sm.Definition, "term", "Klarsprog"),
        ("evaluation", {"title": "Borgerpanel", "method": "Fokusgrupper",
                        "frequency": "Hvert år"}, sm.Evaluation, "title", "Borgerpanel"),
        ("section", {"kind": "crisis", "heading": "Krise", "level": "1", "body": "Ro på.",
                     "link_title": "Beredskabsplan", "link_url": "https://example.org/b"},
         sm.Section, "kind", "crisis"),
    ],
)
def test_the_editor_adds_each_new_part_and_lists_it(
    client, comms, draft, key, data, model, field, expected
):
    client.force_login(comms)

    response = client.post(reverse("strategies:item_add", args=[draft.pk, key]), data)
    editor = client.get(reverse("strategies:version_edit", args=[draft.pk])).content.decode()

    row = model.objects.get(version=draft)
    assert response.status_code == 302
    assert getattr(row, field) == expected
    assert f"item-{key}-{row.pk}" in editor


def test_the_editor_ties_a_target_group_to_a_goal(client, comms, draft):
    goal = GoalFactory(version=draft)
    youth = StakeholderFactory(version=draft, name="Unge")
    client.force_login(comms)

    response = client.post(
        reverse("strategies:item_add_child", args=[draft.pk, "target-group", goal.pk]),
        {"stakeholder": youth.pk},
    )

    assert response.status_code == 302
    assert list(goal.target_groups.values_list("stakeholder__name", flat=True)) == ["Unge"]


def _adopt(version, actor):
    services.version_transition(version=version, actor=actor, to_status=sm.VersionStatus.PROPOSED)
    services.version_transition(
        version=version, actor=actor, to_status=sm.VersionStatus.ADOPTED,
        decided_on=datetime.date(2026, 3, 27), decided_by="Byrådet", case_reference="26/1",
    )


def test_adopting_a_policy_that_replaces_another_supersedes_the_replaced_one(
    old_policy, new_policy, comms
):
    services.content_item_save(
        version=new_policy, actor=comms, model=sm.RelatedDocument,
        data={"title": "Kommunikationspolitik 2012", "relation": sm.DocumentRelation.REPLACES,
              "strategy": old_policy},
    )
    beside = StrategyFactory(organisation=old_policy.organisation, kind=sm.StrategyKind.POLICY)
    mark_adopted(VersionFactory(strategy=beside, number=1))
    old_version = old_policy.versions.get()

    _adopt(new_policy, comms)

    old_version.refresh_from_db()
    assert old_version.status == sm.VersionStatus.SUPERSEDED
    transition = old_version.transitions.order_by("-pk").first()
    assert (transition.from_status, transition.to_status) == ("adopted", "superseded")
    assert "Kommunikationspolitik 2026" in transition.note
    # Only what the version names as replaced: a policy beside it stays in force.
    assert beside.versions.get().status == sm.VersionStatus.ADOPTED


def test_a_reference_to_another_policy_does_not_supersede_it(old_policy, new_policy, comms):
    services.content_item_save(
        version=new_policy, actor=comms, model=sm.RelatedDocument,
        data={"title": "Kommunikationspolitik 2012", "relation": sm.DocumentRelation.BASIS,
              "strategy": old_policy},
    )

    _adopt(new_policy, comms)

    assert old_policy.versions.get().status == sm.VersionStatus.ADOPTED
