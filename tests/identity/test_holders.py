"""The responsibility holders in the administration: the communications department
creates, changes and deletes them; nobody else may, no other organisation's can be
reached, and one a strategy names is never deleted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.obligations.selectors import obligation_index
from apps.organisations.models import HolderKind, ResponsibilityHolder, RoleLevel
from apps.strategies import models as sm
from tests.factories import (
    ResponsibilityHolderFactory,
    StrategyFactory,
    UnitFactory,
    VersionFactory,
    mark_adopted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def comms(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


@pytest.fixture
def signed_in(client, comms):
    client.force_login(comms)
    return client


@pytest.fixture
def committee(organisation):
    return ResponsibilityHolderFactory(
        organisation=organisation, name="Økonomiudvalget", kind=HolderKind.COMMITTEE
    )


def _draft(organisation):
    return VersionFactory(strategy=StrategyFactory(organisation=organisation), number=1)


def _verbs():
    return list(AuditEvent.objects.order_by("pk").values_list("verb", flat=True))


def test_communications_creates_a_holder_and_it_is_audited(signed_in, organisation, comms):
    response = signed_in.post(reverse("identity:holder_create"), {
        "name": "  Borgmesteren ", "kind": "office", "role_level": "politician",
        "description": "Kommunens øverste politiske leder.",
    })

    assert response.status_code == 302
    holder = ResponsibilityHolder.objects.get(organisation=organisation)
    assert (holder.name, holder.kind, holder.role_level) == (
        "Borgmesteren", HolderKind.OFFICE, RoleLevel.POLITICIAN
    )
    event = AuditEvent.objects.get(verb="holder.created")
    assert (event.actor, event.organisation, event.object_id) == (comms, organisation, holder.pk)


def test_a_holder_carried_by_nobody_is_created_with_an_empty_role_level(
    signed_in, organisation
):
    signed_in.post(reverse("identity:holder_create"), {
        "name": "Tillidsrepræsentanterne", "kind": "staff_representation", "role_level": "",
    })

    assert ResponsibilityHolder.objects.get(organisation=organisation).role_level == ""


def test_the_form_explains_holders_and_the_role_level_in_plain_words(signed_in):
    response = signed_in.get(reverse("identity:holder_create"))

    assert "a committee or board, a municipal company" in response.text
    assert "Whose obligations the holder&#x27;s duties become" in response.text
    assert "nobody&#x27;s obligations" in response.text


def test_communications_changes_a_holder_and_the_change_is_audited(signed_in, committee):
    response = signed_in.post(reverse("identity:holder_edit", args=[committee.pk]), {
        "name": "Økonomiudvalget", "kind": "committee", "role_level": "executive_board",
        "description": "",
    })

    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.role_level == RoleLevel.EXECUTIVE_BOARD
    event = AuditEvent.objects.get(verb="holder.changed")
    assert event.data == {"role_level": {"from": "", "to": "executive_board"}}


def test_saving_a_holder_unchanged_writes_no_audit_row(signed_in, committee):
    signed_in.post(reverse("identity:holder_edit", args=[committee.pk]), {
        "name": committee.name, "kind": committee.kind, "role_level": "", "description": "",
    })

    assert _verbs() == []


def test_a_new_role_level_changes_whose_obligations_the_duties_are(
    signed_in, organisation, committee
):
    draft = _draft(organisation)
    responsibility = sm.Responsibility.objects.create(
        version=draft, holder=committee, label="Økonomiudvalget", description="Godkender."
    )
    sm.ResponsibilityItem.objects.create(
        version=draft, responsibility=responsibility, text="Godkender budgettet."
    )
    mark_adopted(draft)
    assert obligation_index(organisation).obligations == []

    signed_in.post(reverse("identity:holder_edit", args=[committee.pk]), {
        "name": committee.name, "kind": "committee", "role_level": "executive_board",
    })

    assert [o.role_level for o in obligation_index(organisation).obligations] == [
        RoleLevel.EXECUTIVE_BOARD
    ]


def test_a_duplicate_name_is_refused_with_a_message_and_the_typed_values_kept(
    signed_in, organisation, committee
):
    response = signed_in.post(reverse("identity:holder_create"), {
        "name": "Økonomiudvalget", "kind": "company", "role_level": "leader",
        "description": "Skrevet af en travl kollega.",
    })

    assert response.status_code == 200
    assert "already has a holder called “Økonomiudvalget”" in response.text
    form = response.context["form"]
    assert form.errors["name"]
    assert (form["kind"].value(), form["role_level"].value(), form["description"].value()) == (
        "company", "leader", "Skrevet af en travl kollega."
    )
    assert ResponsibilityHolder.objects.filter(organisation=organisation).count() == 1
    assert _verbs() == []


def test_renaming_to_another_holders_name_is_refused(signed_in, organisation, committee):
    other = ResponsibilityHolderFactory(organisation=organisation, name="Forsyning A/S")

    response = signed_in.post(reverse("identity:holder_edit", args=[other.pk]), {
        "name": "Økonomiudvalget", "kind": "company", "role_level": "",
    })

    assert response.status_code == 200
    assert "already has a holder called" in response.text
    other.refresh_from_db()
    assert other.name == "Forsyning A/S"


def test_the_same_name_in_another_organisation_is_allowed(
    signed_in, organisation, other_organisation
):
    ResponsibilityHolderFactory(organisation=other_organisation, name="Økonomiudvalget")

    response = signed_in.post(reverse("identity:holder_create"), {
        "name": "Økonomiudvalget", "kind": "committee", "role_level": "",
    })

    assert response.status_code == 302
    assert ResponsibilityHolder.objects.filter(organisation=organisation).exists()


def test_an_unknown_kind_or_role_level_is_refused(signed_in, organisation):
    response = signed_in.post(reverse("identity:holder_create"), {
        "name": "Noget", "kind": "gang", "role_level": "king",
    })

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "role_level"}
    assert not ResponsibilityHolder.objects.filter(organisation=organisation).exists()


def test_an_unused_holder_is_deleted_and_it_is_audited(signed_in, committee):
    response = signed_in.post(reverse("identity:holder_delete", args=[committee.pk]))

    assert response.status_code == 302
    assert not ResponsibilityHolder.objects.filter(pk=committee.pk).exists()
    event = AuditEvent.objects.get(verb="holder.deleted")
    assert (event.object_id, event.object_repr) == (committee.pk, "Økonomiudvalget")


def test_a_holder_in_use_is_not_deleted_and_the_message_says_by_how_many_parts(
    signed_in, organisation, committee
):
    draft = _draft(organisation)
    sm.Responsibility.objects.create(version=draft, holder=committee, label="Udvalget")
    sm.SpokespersonRule.objects.create(
        version=draft, holder=committee, speaker="Formanden", text="Udtaler sig om budgettet."
    )

    response = signed_in.post(
        reverse("identity:holder_delete", args=[committee.pk]), follow=True
    )

    assert ResponsibilityHolder.objects.filter(pk=committee.pk).exists()
    assert "named by 2 parts of strategies, so it cannot be deleted" in response.text
    assert "Nothing was changed or lost." in response.text
    assert _verbs() == []


def test_a_holder_an_adopted_version_names_is_never_deleted(
    signed_in, organisation, committee
):
    draft = _draft(organisation)
    sm.SpokespersonRule.objects.create(
        version=draft, holder=committee, speaker="Formanden", text="Udtaler sig."
    )
    adopted = mark_adopted(draft)

    response = signed_in.post(
        reverse("identity:holder_delete", args=[committee.pk]), follow=True
    )

    assert "named by 1 part of a strategy" in response.text
    assert ResponsibilityHolder.objects.filter(pk=committee.pk).exists()
    assert adopted.spokesperson_rules.get().holder_id == committee.pk


def test_a_holder_in_use_offers_no_delete_button(signed_in, organisation, committee):
    sm.Responsibility.objects.create(
        version=_draft(organisation), holder=committee, label="Udvalget"
    )

    response = signed_in.get(reverse("identity:holder_edit", args=[committee.pk]))

    assert reverse("identity:holder_delete", args=[committee.pk]) not in response.text
    assert "cannot be deleted while a strategy names it" in response.text


def test_another_organisations_holder_is_not_found(
    signed_in, other_organisation
):
    foreign = ResponsibilityHolderFactory(organisation=other_organisation, name="Fremmed")

    edit = signed_in.get(reverse("identity:holder_edit", args=[foreign.pk]))
    change = signed_in.post(reverse("identity:holder_edit", args=[foreign.pk]), {
        "name": "Overtaget", "kind": "committee", "role_level": "",
    })
    delete = signed_in.post(reverse("identity:holder_delete", args=[foreign.pk]))

    assert (edit.status_code, change.status_code, delete.status_code) == (404, 404, 404)
    foreign.refresh_from_db()
    assert foreign.name == "Fremmed"
    assert _verbs() == []


@pytest.mark.parametrize("role_level", [RoleLevel.LEADER, RoleLevel.EMPLOYEE])
def test_leaders_and_employees_are_refused_with_403(
    client, organisation, member_of, committee, role_level
):
    unit = UnitFactory(organisation=organisation)
    client.force_login(member_of(organisation, role_level, unit))
    data = {"name": "Nyt navn", "kind": "committee", "role_level": ""}

    answers = [
        client.get(reverse("identity:holder_list")).status_code,
        client.get(reverse("identity:holder_create")).status_code,
        client.post(reverse("identity:holder_create"), data).status_code,
        client.get(reverse("identity:holder_edit", args=[committee.pk])).status_code,
        client.post(reverse("identity:holder_edit", args=[committee.pk]), data).status_code,
        client.post(reverse("identity:holder_delete", args=[committee.pk])).status_code,
    ]

    assert answers == [403] * 6
    committee.refresh_from_db()
    assert committee.name == "Økonomiudvalget"
    assert _verbs() == []


def test_the_list_shows_each_holder_with_how_many_parts_use_it(
    signed_in, organisation, committee
):
    ResponsibilityHolderFactory(
        organisation=organisation, name="Borgmesteren", kind=HolderKind.OFFICE,
        role_level=RoleLevel.POLITICIAN,
    )
    draft = _draft(organisation)
    for label in ("Udvalget", "Udvalget igen"):
        sm.Responsibility.objects.create(version=draft, holder=committee, label=label)
    sm.SpokespersonRule.objects.create(
        version=draft, holder=committee, speaker="Formanden", text="Udtaler sig."
    )

    response = signed_in.get(reverse("identity:holder_list"))

    rows = [(h.name, h.get_kind_display(), h.role_level, h.uses)
            for h in response.context["holders"]]
    assert [(name, role, uses) for name, _kind, role, uses in rows] == [
        ("Borgmesteren", RoleLevel.POLITICIAN, 0), ("Økonomiudvalget", "", 3),
    ]
    assert "Nobody" in response.text


def test_the_administration_links_to_the_holders(signed_in):
    home = signed_in.get(reverse("identity:home"))

    assert home.text.count(f'href="{reverse("identity:holder_list")}"') == 2  # nav, figures


def test_the_holder_list_takes_the_same_queries_for_more_holders(signed_in, organisation):
    url = reverse("identity:holder_list")
    with CaptureQueriesContext(connection) as first:
        assert signed_in.get(url).status_code == 200

    draft = _draft(organisation)
    for n in range(15):
        holder = ResponsibilityHolderFactory(organisation=organisation, name=f"Udvalg {n}")
        sm.Responsibility.objects.create(version=draft, holder=holder, label=f"U{n}")
        sm.SpokespersonRule.objects.create(
            version=draft, holder=holder, speaker=f"S{n}", text="Taler."
        )
    with CaptureQueriesContext(connection) as then:
        response = signed_in.get(url)

    assert len(response.context["holders"]) == 15
    assert len(then) == len(first)
