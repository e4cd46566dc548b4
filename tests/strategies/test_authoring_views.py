"""The communications department writes strategies in the browser: journeys through the views."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.organisations.models import RoleLevel
from apps.strategies import services
from apps.strategies.forms import CONTENT_TYPES
from apps.strategies.models import (
    CONTENT_MODELS,
    Action,
    Channel,
    Goal,
    Indicator,
    MunicipalityRole,
    Platform,
    PlatformRoleUse,
    Principle,
    ResponsibilityItem,
    RoleAudience,
    RoleSender,
    Section,
    Stakeholder,
    Strategy,
    StrategyVersion,
    Value,
    VersionStatus,
)
from tests.factories import (
    PrincipleFactory,
    ResponsibilityItemFactory,
    SectionFactory,
    StrategyFactory,
    UnitFactory,
    ValueFactory,
    VersionFactory,
    mark_adopted,
)


@pytest.fixture
def comms(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


@pytest.fixture
def draft(organisation):
    return VersionFactory(strategy=StrategyFactory(organisation=organisation), number=1)


@pytest.fixture
def comms_client(client, comms):
    client.force_login(comms)
    return client


def _form_data(form, **changes) -> dict:
    """What a browser would send back for an unchanged form, with some fields changed."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is False:
            continue
        data[name] = "on" if value is True else ("" if value is None else value)
    return {**data, **changes}


def _edit_url(version, key, item):
    return reverse("strategies:item_edit", args=[version.pk, key, item.pk])


def _add_url(version, key, parent=None):
    if parent is None:
        return reverse("strategies:item_add", args=[version.pk, key])
    return reverse("strategies:item_add_child", args=[version.pk, key, parent.pk])


def _editor(version):
    return reverse("strategies:version_edit", args=[version.pk])


# --- Creating a strategy -----------------------------------------------------


def test_communications_creates_a_strategy_and_lands_in_its_first_draft(
    comms_client, organisation
):
    response = comms_client.post(
        reverse("strategies:create"),
        {"organisation": organisation.pk, "title": "Kommunikationspolitik 2027",
         "subtitle": "", "kind": "policy"},
    )

    strategy = Strategy.objects.get(title="Kommunikationspolitik 2027")
    draft = strategy.versions.get()
    assert response.status_code == 302
    assert response.url == _editor(draft)
    assert (draft.number, draft.status) == (1, VersionStatus.DRAFT)


def test_a_strategy_without_a_title_is_not_created_and_the_input_is_kept(
    comms_client, organisation
):
    response = comms_client.post(
        reverse("strategies:create"),
        {"organisation": organisation.pk, "title": "", "subtitle": "Min undertitel",
         "kind": "policy"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert "Min undertitel" in response.text
    assert not Strategy.objects.exists()


def test_only_communications_is_offered_and_given_the_new_strategy_form(
    client, organisation, member_of
):
    client.force_login(member_of(organisation, RoleLevel.EXECUTIVE_BOARD))

    listing = client.get(reverse("strategies:list"))
    form = client.get(reverse("strategies:create"))

    assert listing.context["may_create"] is False
    assert form.status_code == 403


def test_strategy_list_offers_communications_the_new_strategy_button(comms_client):
    response = comms_client.get(reverse("strategies:list"))

    assert response.context["may_create"] is True
    assert reverse("strategies:create") in response.text


def test_strategy_list_hides_drafts_from_employees(client, organisation, member_of):
    draft_only = StrategyFactory(organisation=organisation, title="Hemmelig kladde")
    VersionFactory(strategy=draft_only)
    adopted = VersionFactory(strategy__organisation=organisation, strategy__title="Vedtaget")
    mark_adopted(adopted)
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))

    response = client.get(reverse("strategies:list"))

    assert "Vedtaget" in response.text
    assert "Hemmelig kladde" not in response.text


def test_strategy_list_links_communications_to_the_draft_editor(comms_client, draft):
    response = comms_client.get(reverse("strategies:list"))

    assert _editor(draft) in response.text


# --- Adding, editing, deleting and moving items ------------------------------


def test_adding_a_section_saves_it_and_returns_to_the_editor_at_the_new_item(
    comms_client, draft
):
    response = comms_client.post(
        _add_url(draft, "section"),
        {"kind": "purpose", "heading": "Formål", "level": "1", "body": "Vi vil være åbne."},
    )

    section = Section.objects.get(version=draft)
    assert response.status_code == 302
    assert response.url == f"{_editor(draft)}#item-section-{section.pk}"
    assert (section.heading, section.body) == ("Formål", "Vi vil være åbne.")
    assert "Formål" in comms_client.get(_editor(draft)).text


def test_text_from_a_browser_is_stored_with_plain_line_breaks(comms_client, draft):
    comms_client.post(
        _add_url(draft, "value"), {"name": "Dialog", "description": "Linje et\r\nLinje to"}
    )

    assert Value.objects.get(version=draft).description == "Linje et\nLinje to"


def test_adding_an_indicator_under_a_goal(comms_client, draft):
    goal = Goal.objects.create(version=draft, title="Flere borgere bruger selvbetjening")

    response = comms_client.post(
        _add_url(draft, "indicator", goal),
        {"name": "Andel digitale ansøgninger", "target": "80", "unit": "%", "measurement": ""},
    )

    indicator = Indicator.objects.get(version=draft)
    assert response.status_code == 302
    assert indicator.goal == goal
    assert "Andel digitale ansøgninger" in comms_client.get(_editor(draft)).text


def test_a_child_can_only_be_added_under_a_parent_of_the_same_draft(
    comms_client, draft, organisation
):
    other_goal = Goal.objects.create(
        version=VersionFactory(strategy=draft.strategy, number=2), title="Andet mål"
    )

    response = comms_client.post(_add_url(draft, "indicator", other_goal), {"name": "X"})

    assert response.status_code == 404
    assert not Indicator.objects.exists()


def test_editing_a_principle_saves_the_new_text(comms_client, draft):
    principle = PrincipleFactory(version=draft, text="Vi svarer hurtigt.")
    form = comms_client.get(_edit_url(draft, "principle", principle)).context["form"]

    response = comms_client.post(
        _edit_url(draft, "principle", principle),
        _form_data(form, text="Vi svarer inden for to arbejdsdage."),
    )

    principle.refresh_from_db()
    assert response.status_code == 302
    assert principle.text == "Vi svarer inden for to arbejdsdage."


def test_editing_a_duty_of_a_responsibility(comms_client, draft):
    duty = ResponsibilityItemFactory(responsibility__version=draft, text="Informere")
    form = comms_client.get(_edit_url(draft, "duty", duty)).context["form"]

    comms_client.post(_edit_url(draft, "duty", duty), _form_data(form, text="Informere tidligt"))

    duty.refresh_from_db()
    assert duty.text == "Informere tidligt"


def test_deleting_a_duty_removes_only_that_duty(comms_client, draft):
    keep, remove = ResponsibilityItemFactory.create_batch(2, responsibility__version=draft)
    remove.responsibility = keep.responsibility
    remove.save()

    response = comms_client.post(
        reverse("strategies:item_delete", args=[draft.pk, "duty", remove.pk])
    )

    assert response.status_code == 302
    assert list(ResponsibilityItem.objects.filter(version=draft)) == [keep]


def test_delete_without_javascript_asks_for_confirmation_first(comms_client, draft):
    section = SectionFactory(version=draft, heading="Baggrund")

    response = comms_client.get(
        reverse("strategies:item_delete", args=[draft.pk, "section", section.pk])
    )

    assert response.status_code == 200
    assert "Baggrund" in response.text
    assert Section.objects.filter(pk=section.pk).exists()


def test_moving_a_value_up_puts_it_first(comms_client, draft):
    first, second = ValueFactory(version=draft, position=0), ValueFactory(version=draft, position=1)

    response = comms_client.post(
        reverse("strategies:item_move", args=[draft.pk, "value", second.pk]), {"direction": "up"}
    )

    assert response.status_code == 302
    assert list(Value.objects.filter(version=draft)) == [second, first]


def test_moving_without_a_direction_is_not_found(comms_client, draft):
    value = ValueFactory(version=draft)

    response = comms_client.post(
        reverse("strategies:item_move", args=[draft.pk, "value", value.pk]), {}
    )

    assert response.status_code == 404


def test_an_item_of_another_version_cannot_be_reached_through_this_draft(comms_client, draft):
    elsewhere = SectionFactory(version=VersionFactory(strategy=draft.strategy, number=2))

    response = comms_client.get(_edit_url(draft, "section", elsewhere))

    assert response.status_code == 404


def test_an_unknown_content_type_is_not_found(comms_client, draft):
    response = comms_client.get(reverse("strategies:item_add", args=[draft.pk, "poem"]))

    assert response.status_code == 404


def test_every_content_model_has_a_content_type_in_the_editor():
    assert {t.model for t in CONTENT_TYPES.values()} == set(CONTENT_MODELS)


# --- Bad input ---------------------------------------------------------------


def test_missing_required_text_is_tied_to_its_field_and_the_rest_is_kept(comms_client, draft):
    response = comms_client.post(
        _add_url(draft, "principle"), {"title": "Åbenhed", "text": "", "audience": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert 'aria-describedby="id_principle_new_text_helptext id_principle_new_text_error"' in (
        response.text
    )
    assert 'id="id_principle_new_text_error"' in response.text
    assert 'value="Åbenhed"' in response.text
    assert not Principle.objects.exists()


def test_a_principle_can_only_link_to_a_value_of_the_same_draft(comms_client, draft):
    own = ValueFactory(version=draft)
    foreign = ValueFactory(version=VersionFactory(strategy=draft.strategy, number=2))

    form = comms_client.get(_add_url(draft, "principle")).context["form"]
    response = comms_client.post(
        _add_url(draft, "principle"), {"text": "Tekst", "value": foreign.pk, "audience": ""}
    )

    assert list(form.fields["value"].queryset) == [own]
    assert response.context["form"].errors["value"]
    assert not Principle.objects.exists()


def test_an_action_can_only_be_owned_by_a_unit_of_the_same_municipality(
    comms_client, draft, organisation, other_organisation
):
    own = UnitFactory(organisation=organisation)
    UnitFactory(organisation=other_organisation)

    form = comms_client.get(_add_url(draft, "action")).context["form"]

    assert list(form.fields["owner_unit"].queryset) == [own]


def test_a_role_is_linked_to_a_platform_only_once_and_the_form_says_so(comms_client, draft):
    role = MunicipalityRole.objects.create(version=draft, kind="service", name="Service")
    platform = Platform.objects.create(version=draft, name="Hjemmeside")
    PlatformRoleUse.objects.create(version=draft, platform=platform, municipality_role=role)

    response = comms_client.post(
        _add_url(draft, "platform-use", platform), {"municipality_role": role.pk}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert PlatformRoleUse.objects.count() == 1


def test_validity_that_ends_before_it_starts_is_refused(comms_client, draft):
    form = comms_client.get(_editor(draft)).context["version_form"]

    response = comms_client.post(
        _editor(draft),
        _form_data(form, valid_from="2026-01-01", valid_until="2025-12-31"),
    )

    draft.refresh_from_db()
    assert response.context["version_form"].errors["valid_until"]
    assert draft.valid_until is None


def test_editing_the_versions_own_fields(comms_client, draft):
    form = comms_client.get(_editor(draft)).context["version_form"]

    response = comms_client.post(
        _editor(draft), _form_data(form, period_label="2027-2030", valid_from="2027-01-01")
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.period_label, draft.valid_from.isoformat()) == ("2027-2030", "2027-01-01")


# --- Two people editing the same draft --------------------------------------


def _someone_else_saves(draft, organisation, member_of, section, **data):
    other = member_of(organisation, RoleLevel.COMMUNICATIONS)
    services.content_item_save(
        version=draft, actor=other, model=Section, instance=section, data=data,
        base=services.snapshot(section, data),
    )


def test_a_stale_edit_shows_both_texts_and_saves_nothing(
    comms_client, draft, organisation, member_of
):
    section = SectionFactory(version=draft, body="Den oprindelige tekst.")
    form = comms_client.get(_edit_url(draft, "section", section)).context["form"]
    _someone_else_saves(draft, organisation, member_of, section, body="Kollegaens tekst.")

    response = comms_client.post(
        _edit_url(draft, "section", section), _form_data(form, body="Min egen tekst.")
    )

    section.refresh_from_db()
    assert response.status_code == 200
    assert [row["theirs"] for row in response.context["conflict_rows"]] == ["Kollegaens tekst."]
    assert [row["mine"] for row in response.context["conflict_rows"]] == ["Min egen tekst."]
    assert "Kollegaens tekst." in response.text
    assert "Min egen tekst." in response.text
    assert section.body == "Kollegaens tekst."


def test_after_a_conflict_the_form_keeps_my_text_and_saving_again_replaces_theirs(
    comms_client, draft, organisation, member_of
):
    section = SectionFactory(version=draft, body="Den oprindelige tekst.")
    form = comms_client.get(_edit_url(draft, "section", section)).context["form"]
    _someone_else_saves(draft, organisation, member_of, section, body="Kollegaens tekst.")
    conflict = comms_client.post(
        _edit_url(draft, "section", section), _form_data(form, body="Min egen tekst.")
    )

    retry = comms_client.post(
        _edit_url(draft, "section", section), _form_data(conflict.context["form"])
    )

    section.refresh_from_db()
    assert conflict.context["form"]["body"].value() == "Min egen tekst."
    assert retry.status_code == 302
    assert section.body == "Min egen tekst."


def test_a_stale_edit_of_another_field_keeps_the_other_persons_change(
    comms_client, draft, organisation, member_of
):
    section = SectionFactory(version=draft, heading="Formål", body="Den oprindelige tekst.")
    form = comms_client.get(_edit_url(draft, "section", section)).context["form"]
    _someone_else_saves(draft, organisation, member_of, section, body="Kollegaens tekst.")

    response = comms_client.post(
        _edit_url(draft, "section", section), _form_data(form, heading="Vores formål")
    )

    section.refresh_from_db()
    assert response.status_code == 302
    assert (section.heading, section.body) == ("Vores formål", "Kollegaens tekst.")


def test_a_stale_edit_of_the_versions_fields_shows_both_texts(
    comms_client, draft, organisation, member_of
):
    form = comms_client.get(_editor(draft)).context["version_form"]
    services.version_update(
        version=draft, actor=member_of(organisation, RoleLevel.COMMUNICATIONS),
        data={"change_summary": "Kollegaens resumé."}, base={"change_summary": ""},
    )

    response = comms_client.post(_editor(draft), _form_data(form, change_summary="Mit resumé."))

    draft.refresh_from_db()
    assert response.status_code == 200
    assert "Kollegaens resumé." in response.text
    assert response.context["version_form"]["change_summary"].value() == "Mit resumé."
    assert draft.change_summary == "Kollegaens resumé."


def test_saving_an_item_someone_else_deleted_keeps_my_text_on_the_page(comms_client, draft):
    section = SectionFactory(version=draft)
    url = _edit_url(draft, "section", section)
    form = comms_client.get(url).context["form"]
    Section.objects.filter(pk=section.pk).delete()

    response = comms_client.post(url, _form_data(form, body="Min tekst."))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "Min tekst." in response.text
    assert not Section.objects.exists()


def test_an_edit_without_the_starting_point_is_refused_rather_than_overwriting(
    comms_client, draft
):
    section = SectionFactory(version=draft, body="Den oprindelige tekst.")
    form = comms_client.get(_edit_url(draft, "section", section)).context["form"]
    data = _form_data(form, body="Min tekst.")
    del data["base"]

    response = comms_client.post(_edit_url(draft, "section", section), data)

    section.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors["base"]
    assert "Min tekst." in response.text
    assert section.body == "Den oprindelige tekst."


# --- Markdown ----------------------------------------------------------------


def test_markdown_written_in_the_editor_is_rendered_safely_on_the_version_page(
    comms_client, draft
):
    comms_client.post(
        _add_url(draft, "section"),
        {"kind": "text", "heading": "Tone", "level": "1",
         "body": "Vi skriver **klart**.\n\n<script>alert(1)</script> [link](javascript:alert(2))"},
    )

    response = comms_client.get(reverse("strategies:version_detail", args=[draft.pk]))

    assert "<strong>klart</strong>" in response.text
    assert "<script>alert(1)" not in response.text
    assert 'href="javascript:' not in response.text


# --- New draft from an adopted version ---------------------------------------


def test_new_draft_from_an_adopted_version_copies_all_content_and_leaves_it_untouched(
    comms_client, draft
):
    SectionFactory(version=draft, body="Formålet.")
    ResponsibilityItemFactory(responsibility__version=draft)
    PrincipleFactory(version=draft, value=ValueFactory(version=draft))
    adopted = mark_adopted(draft)
    fingerprint = services.version_content_hash(adopted)

    response = comms_client.post(reverse("strategies:version_new_draft", args=[adopted.pk]))

    new = StrategyVersion.objects.get(based_on=adopted)
    adopted.refresh_from_db()
    assert response.status_code == 302
    assert response.url == _editor(new)
    assert (new.number, new.status) == (2, VersionStatus.DRAFT)
    assert services.version_content_hash(new) == fingerprint
    assert services.version_content_hash(adopted) == fingerprint
    assert adopted.status == VersionStatus.ADOPTED


def test_new_draft_needs_a_post(comms_client, draft):
    adopted = mark_adopted(draft)

    response = comms_client.get(reverse("strategies:version_new_draft", args=[adopted.pk]))

    assert response["Location"] == reverse("strategies:version_detail", args=[adopted.pk])
    assert StrategyVersion.objects.count() == 1


# --- htmx: only the list is swapped ------------------------------------------


def test_htmx_add_answers_with_just_the_updated_list(comms_client, draft):
    response = comms_client.post(
        _add_url(draft, "value"), {"name": "Tillid", "description": ""},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert 'id="block-value"' in response.text
    assert "Tillid" in response.text
    assert "<html" not in response.text
    assert 'hx-swap-oob="innerHTML"' in response.text


def test_htmx_add_with_errors_answers_with_the_list_and_the_errors(comms_client, draft):
    response = comms_client.post(
        _add_url(draft, "value"), {"name": "", "description": "Uden navn"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert 'id="id_value_new_name_error"' in response.text
    assert "Uden navn" in response.text
    assert not Value.objects.exists()


def test_htmx_move_of_a_child_answers_with_its_parents_list(comms_client, draft):
    duty = ResponsibilityItemFactory(responsibility__version=draft)

    response = comms_client.post(
        reverse("strategies:item_move", args=[draft.pk, "duty", duty.pk]),
        {"direction": "down"}, headers={"HX-Request": "true"},
    )

    assert 'id="block-responsibility"' in response.text


def test_every_htmx_control_also_works_as_a_plain_link_or_form(comms_client, draft):
    SectionFactory.create_batch(2, version=draft)
    ResponsibilityItemFactory(responsibility__version=draft)

    text = comms_client.get(_editor(draft)).text

    controls = re.findall(r"<(?:form|a) [^>]*hx-post=[^>]*>", text)
    assert len(controls) > 10
    assert all(re.search(r'(?:action|href)="([^"]+)"[^>]*hx-post="\1"', tag) for tag in controls)


# --- Query counts ------------------------------------------------------------


def _fill(version, n):
    """n items of every top-level type that links to other rows, each with children."""
    SectionFactory.create_batch(n, version=version)
    for _ in range(n):
        value = ValueFactory(version=version)
        PrincipleFactory(version=version, value=value)
        ResponsibilityItemFactory.create_batch(2, responsibility__version=version)
        goal = Goal.objects.create(version=version, title="Mål")
        Indicator.objects.create(version=version, goal=goal, name="Indikator")
        Action.objects.create(
            version=version, title="Handling",
            owner_unit=UnitFactory(organisation=version.strategy.organisation),
        )
        stakeholder = Stakeholder.objects.create(version=version, name="Borgere")
        role = MunicipalityRole.objects.create(version=version, kind="service", name="Service")
        RoleSender.objects.create(version=version, municipality_role=role, label="Ledere")
        RoleAudience.objects.create(
            version=version, municipality_role=role, label="Borgere", stakeholder=stakeholder
        )
        platform = Platform.objects.create(version=version, name="Hjemmeside")
        Channel.objects.create(version=version, platform=platform, name="Nyheder")
        PlatformRoleUse.objects.create(version=version, platform=platform, municipality_role=role)


def test_editor_query_count_does_not_grow_with_content(comms_client, organisation):
    small = VersionFactory(strategy__organisation=organisation)
    large = VersionFactory(strategy__organisation=organisation)
    _fill(small, 2)
    _fill(large, 20)
    comms_client.get(_editor(small))

    with CaptureQueriesContext(connection) as small_queries:
        comms_client.get(_editor(small))
    with CaptureQueriesContext(connection) as large_queries:
        comms_client.get(_editor(large))

    assert len(large_queries) == len(small_queries)


def test_strategy_list_query_count_does_not_grow_with_versions(comms_client, organisation):
    strategies = StrategyFactory.create_batch(3, organisation=organisation)
    for strategy in strategies:
        VersionFactory(strategy=strategy)
    comms_client.get(reverse("strategies:list"))
    with CaptureQueriesContext(connection) as few:
        comms_client.get(reverse("strategies:list"))
    for strategy in strategies:
        VersionFactory.create_batch(9, strategy=strategy, status=VersionStatus.WITHDRAWN)
        mark_adopted(VersionFactory(strategy=strategy))

    with CaptureQueriesContext(connection) as many:
        comms_client.get(reverse("strategies:list"))

    assert len(many) == len(few)


def test_htmx_add_of_a_value_brings_the_principles_value_choices_up_to_date(comms_client, draft):
    import re

    response = comms_client.post(
        _add_url(draft, "value"), {"name": "Tillid", "description": ""},
        headers={"HX-Request": "true"},
    )

    select = re.search(r'<select[^>]*id="id_principle_new_value"[^>]*>.*?</select>', response.text,
                       re.DOTALL)
    assert select, response.text[-600:]
    assert 'hx-swap-oob="true"' in select[0]
    assert ">Tillid</option>" in select[0]


def test_htmx_delete_of_a_stakeholder_takes_it_out_of_every_audience_choice(
    comms_client, draft
):
    import re

    from apps.strategies.models import MunicipalityRole, Stakeholder

    role = MunicipalityRole.objects.create(version=draft, name="Myndighed")
    kept = Stakeholder.objects.create(version=draft, name="Borgerne")
    gone = Stakeholder.objects.create(version=draft, name="Pressen")

    response = comms_client.post(
        reverse("strategies:item_delete", args=[draft.pk, "stakeholder", gone.pk]),
        headers={"HX-Request": "true"},
    )

    select = re.search(
        rf'<select[^>]*id="id_audience_{role.pk}_stakeholder"[^>]*>.*?</select>',
        response.text, re.DOTALL,
    )
    assert select, response.text[-600:]
    assert f">{kept.name}</option>" in select[0]
    assert gone.name not in select[0]
