"""The Modum seed carries the whole Informasjons- og kommunikasjonsstrategi 2018-2021."""

import datetime

import pytest

from apps.demo.services import SEEDS_DIR
from apps.organisations.models import RoleAssignment, Unit
from apps.strategies import models as sm

pytestmark = pytest.mark.django_db

SEED = SEEDS_DIR / "modum.yaml"


def test_organisation_is_modum_in_norwegian_with_an_accessible_primary_colour(organisation):
    assert organisation.slug == "modum"
    assert organisation.name == "Modum kommune"
    assert organisation.country == "NO"
    assert organisation.language == "nb"
    assert organisation.council_name == "Kommunestyret"
    assert organisation.executive_board_name == "Rådmannen"
    assert organisation.website == "https://www.modum.kommune.no"
    assert organisation.primary_colour == "#1A4B8C"


def test_unit_tree_has_five_etater_and_one_communications_unit(organisation):
    etater = Unit.objects.filter(organisation=organisation, parent=None)
    assert sorted(etater.values_list("name", flat=True)) == [
        "Helse og omsorg",
        "Kultur",
        "Oppvekst",
        "Sentraladministrasjonen",
        "Teknisk",
    ]
    assert set(etater.values_list("kind", flat=True)) == {"administration"}
    communications = Unit.objects.get(organisation=organisation, is_communications=True)
    assert communications.name == "Kommunikasjon"
    assert communications.kind == "secretariat"
    assert communications.parent.name == "Sentraladministrasjonen"


def test_one_demo_user_per_role_level_in_the_right_units(organisation):
    assignments = {
        a.role_level: a
        for a in RoleAssignment.objects.filter(organisation=organisation).select_related(
            "user", "unit"
        )
    }
    assert sorted(assignments) == sorted(
        [
            "politician",
            "executive_board",
            "centre",
            "workplace",
            "leader",
            "employee",
            "communications",
        ]
    )
    assert assignments["politician"].unit is None
    assert assignments["executive_board"].unit is None
    assert assignments["executive_board"].title == "Rådmann"
    assert assignments["centre"].unit.kind == "administration"
    assert {
        assignments["workplace"].unit,
        assignments["leader"].unit,
        assignments["employee"].unit,
    } == {Unit.objects.get(organisation=organisation, name="Vikersund skole")}
    assert assignments["communications"].unit.is_communications
    assert assignments["leader"].user.username == "modum-leader"


def test_strategy_has_one_adopted_version_for_2018_to_2021(organisation, version):
    strategy = organisation.strategies.get()
    assert strategy.title == "Informasjons- og kommunikasjonsstrategi 2018-2021"
    assert strategy.kind == "strategy"
    assert version.number == 1
    assert version.status == sm.VersionStatus.ADOPTED
    assert version.language == "nb"
    assert version.period_label == "2018-2021"
    assert version.valid_from == datetime.date(2018, 1, 1)
    assert version.valid_until == datetime.date(2021, 12, 31)
    assert version.adopted_on == datetime.date(2018, 1, 1)
    assert version.adopted_by == "Kommunestyret"
    assert version.case_reference == ""
    assert "saksnummer" in version.adoption_note


def test_sections_follow_the_document_outline(version):
    assert list(version.sections.values_list("heading", "level", "kind")) == [
        ("Forord", 1, "preface"),
        ("Om strategien", 1, "scope"),
        ("", 1, "vision"),
        ("Måloppnåelse", 1, "purpose"),
        ("Kanaler for kommunikasjon og informasjon", 1, "text"),
        ("Sosiale medier", 2, "social_media"),
        ("Media", 2, "media"),
        ("Direkte kontakt", 2, "text"),
        ("Brev og e-post", 2, "text"),
        ("Ansvar og roller", 1, "text"),
        ("Ekstern informasjon og kommunikasjon", 1, "text"),
        ("Markedsføring", 2, "text"),
        ("Proaktivt arbeid", 2, "text"),
        ("Tilgjengelig informasjon", 2, "text"),
        ("Visuell profilering", 2, "visual_identity"),
        ("Skriftlig språk", 2, "language"),
        ("Muntlig dialog", 2, "text"),
        ("Intern informasjon og kommunikasjon", 1, "text"),
        ("Økt fellesskapsfølelse", 2, "text"),
        ("Mer samhandling", 2, "text"),
        ("Økt bevissthet på lederansvar", 2, "text"),
        ("Økt bevissthet i bruk av ansattportalen", 2, "text"),
        ("Felles og enhetlige plattformer for informasjon", 2, "text"),
        ("Omdømme", 1, "text"),
        ("Hovedmål", 2, "text"),
    ]


def test_section_texts_keep_the_documents_words(version):
    assert version.sections.get(kind="vision").body.strip() == "«Vi strekker oss lenger»"
    assert version.sections.get(heading="Visuell profilering").body.startswith(
        "Kommunens mål i sin utadrettede virksomhet stå frem på en profesjonell og tidsriktig måte."
    )
    omdømme = version.sections.get(heading="Omdømme").body
    assert "«Et godt omdømme er gull verdt." in omdømme
    assert "(Utdrag BI-forskerne Peggy S. Brønn og Øyvind Ihlen)." in omdømme
    assert "Ledere har ansvaret for å etablere gode interne kanaler rutiner" in (
        version.sections.get(heading="Økt bevissthet på lederansvar").body
    )


def test_goals_are_six_success_criteria_six_period_goals_and_one_overall(version):
    assert list(version.goals.values_list("kind", flat=True)) == (
        ["success_criterion"] * 6 + ["goal"] * 6 + ["overall"]
    )
    overall = version.goals.get(kind="overall")
    assert overall.title == "Hovedmål"
    assert overall.description.startswith("Et godt omdømme skapes ved at våre tjenester")


def test_every_period_goal_has_indicators_without_invented_numbers(version):
    goals = version.goals.filter(kind="goal")
    assert [goal.indicators.count() for goal in goals] == [1, 2, 2, 1, 2, 1]
    assert goals[0].description.endswith(
        "medarbeidersamtaler, må være grunnlag for retningsjusteringer."
    )
    first = goals[0].indicators.get()
    assert first.measurement == (
        "Svarene vi får fra innbyggerundersøkelser, brukerundersøkelser og medarbeidersamtaler"
    )
    assert list(goals[2].indicators.values_list("name", "target")) == [
        ("Antall besøk på vår hjemmeside", "økende"),
        (
            "Antall innbyggere som nyttiggjør seg våre tilbud om informasjon og kommunikasjon",
            "økende",
        ),
    ]
    targets = sm.Indicator.objects.filter(version=version).values_list("target", flat=True)
    assert not any(character.isdigit() for target in targets for character in target)


def test_values_are_åpenhet_respekt_and_the_employer_policy_values(version):
    assert list(version.values.values_list("name", flat=True)) == [
        "Åpenhet",
        "Respekt",
        "Samhandlende",
        "Romslig",
        "Nyskapende",
        "Modig",
    ]


def test_principles_are_the_six_paragraphs_with_external_audience_where_clear(version):
    principles = version.principles.all()
    assert [p.audience for p in principles] == ["external", "external", "", "", "external", ""]
    assert principles[0].text.startswith("Modum kommune skal fremstå med åpenhet og respekt.")
    assert principles[2].value.name == "Åpenhet"
    assert principles[3].value.name == "Respekt"
    assert principles[5].text == "Kommunikasjonen skal bidra til å skape engasjement og stolthet."


def test_platforms_and_channels_carry_the_channel_texts(version):
    assert list(version.platforms.values_list("name", flat=True)) == [
        "Hjemmesiden",
        "Sosiale medier",
        "Media",
        "Direkte kontakt",
        "Brev og e-post",
        "Ansattportalen",
    ]
    social = version.platforms.get(name="Sosiale medier")
    assert list(social.channels.values_list("name", flat=True)) == [
        "Facebook",
        "Andre sosiale medier",
    ]
    assert social.channels.get(name="Facebook").description.startswith(
        "Facebook skal være vår fremste «egen» kanal for omdømmeskapende tiltak."
    )
    assert sm.Channel.objects.filter(version=version).count() == 5
    assert "Portalen skal være åpen for alle, uten passord." in (
        version.platforms.get(name="Ansattportalen").description
    )


def test_responsibilities_cover_leaders_employees_administration_politicians_and_etatsledere(
    version,
):
    assert list(version.responsibilities.values_list("label", "role_level")) == [
        ("Ledere", "leader"),
        ("Øvrige ansatte", "employee"),
        ("Administrasjonen", "executive_board"),
        ("Folkevalgte", "politician"),
        ("Etatsledere", "centre"),
    ]
    leaders = version.responsibilities.get(label="Ledere")
    assert "Det er primært et lederansvar å legge til rette for god samhandling på tvers." in list(
        leaders.items.values_list("text", flat=True)
    )
    assert leaders.items.count() == 6
    assert "styringsrollen, ombudsrollen og arbeidsgiverrollen" in (
        version.responsibilities.get(label="Folkevalgte").description
    )
    assert version.responsibilities.get(label="Etatsledere").description == (
        "Etatsledere er ansvarlig for at kommunikasjonsstrategien er kjent for medarbeidere "
        "innen sitt eget fagområde."
    )


def test_eight_spokesperson_rules_in_document_order(version):
    rules = version.spokesperson_rules.all()
    assert [(rule.speaker, rule.role_level) for rule in rules] == [
        ("Ordfører/varaordfører", "politician"),
        ("Ledere for hovedutvalg", "politician"),
        ("Rådmannen", "executive_board"),
        ("Etatsledere", "centre"),
        ("Virksomhetsledere", "workplace"),
        ("Øvrige ansatte", "employee"),
        ("Alle ansatte i kommunen", "employee"),
        ("Tillitsvalgte og vernetjenesten", ""),
    ]
    assert all(rule.scope for rule in rules)
    assert rules[0].text == (
        "Ordfører/varaordfører uttaler seg på vegne av Modum kommune. Når ordfører/varaordfører "
        "uttaler seg som partipolitiker, er det viktig at dette kommer klart frem."
    )
    assert rules[7].text == (
        "Tillitsvalgte og vernetjenesten har en fristilt rolle for å ivareta sine oppgaver, "
        "og er ikke bundet av denne strategien."
    )


def test_omdømme_measures_are_planned_actions_without_deadlines(version):
    actions = version.actions.all()
    assert [action.title for action in actions] == [
        "Rendyrke Modum-navnet",
        "Stimulere til nye tiltak",
        "Knytte kontakter og bånd",
    ]
    assert {(a.status, a.due_date, a.owner_unit_id) for a in actions} == {("planned", None, None)}
    assert "Midt-Buskerud, Midtfylket og andre betegnelser" in actions[0].description


def test_related_documents_name_the_plans_the_strategy_builds_on(version):
    assert list(version.related_documents.values_list("title", "relation", "year")) == [
        ("Kommuneplanens samfunnsdel", "basis", "2016-2027"),
        ("Digitaliseringsstrategi", "basis", "2017-2020"),
        ("Beredskapsplan for Modum kommune", "underlying", ""),
        ("Kommunens etiske regelverk", "reference", ""),
        ("Kommunens arbeidsgiverpolitikk", "basis", ""),
        ("Felles grafisk profil", "basis", ""),
        ("Kommuneplan, punkt 3.3 «Attraktivitet og omdømme»", "reference", "2016-2027"),
    ]


def test_stakeholders_have_no_priority_and_innbyggere_keep_the_definition(version):
    stakeholders = version.stakeholders.all()
    assert [s.name for s in stakeholders] == [
        "Innbyggere",
        "Næringsliv",
        "Frivillige organisasjoner",
        "Ansatte",
        "Folkevalgte",
        "Media",
        "Utflyttere og Modum-venner",
        "Innflyttere",
        "Skoleungdommer",
    ]
    assert {s.priority for s in stakeholders} == {None}
    assert stakeholders[0].description.startswith(
        "I denne strategien brukes begrepet innbyggere som et fellesbegrep for alle"
    )


def test_the_employee_portal_is_an_internal_platform(version):
    portal = version.platforms.get(name="Ansattportalen")

    assert portal.audience == "internal"
