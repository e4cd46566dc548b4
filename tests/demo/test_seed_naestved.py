"""The Næstved fixture ("Borgeren i centrum", April 2012) survives the loader intact."""

import datetime

import pytest

from apps.demo.services import SEEDS_DIR
from apps.organisations.models import RoleAssignment, RoleLevel, Unit
from apps.strategies import models as sm

pytestmark = pytest.mark.django_db

SEED = SEEDS_DIR / "naestved.yaml"


def test_loading_creates_naestved_with_its_profile(organisation):
    assert organisation.slug == "naestved"
    assert organisation.name == "Næstved Kommune"
    assert (organisation.country, organisation.language) == ("DK", "da")
    assert organisation.council_name == "Byrådet"
    assert organisation.executive_board_name == "Direktionen"
    assert organisation.website == "https://www.naestved.dk"


def test_the_strategy_is_one_adopted_version_dated_april_2012(organisation, version):
    strategy = organisation.strategies.get()
    assert strategy.title == "Borgeren i centrum"
    assert strategy.subtitle == (
        "Strategi for intern og ekstern kommunikation i Næstved Kommune 2012-2015"
    )
    assert strategy.kind == sm.StrategyKind.STRATEGY
    assert version.number == 1
    assert version.status == sm.VersionStatus.ADOPTED
    assert version.language == "da"
    assert version.dated == "April 2012"
    assert version.period_label == "2012-2015"
    assert version.valid_from == datetime.date(2012, 4, 1)
    assert version.valid_until == datetime.date(2015, 12, 31)
    assert version.adopted_on == datetime.date(2012, 4, 1)
    assert version.adopted_by == "Byrådet"
    assert version.case_reference == ""
    assert "sagsnummer" in version.adoption_note


def test_sections_follow_the_chapters_in_document_order(version):
    headings = [(s.level, s.heading) for s in version.sections.all()]
    assert headings == [
        (1, "Hvorfor skal vi have en kommunikationsstrategi?"),
        (2, "Et konkret værktøj"),
        (2, "Ikke mere, men bedre"),
        (2, "Note"),
        (1, "Hvordan kommunikerer vi?: Principper"),
        (2, "Borgeren i centrum"),
        (2, "På det interne område"),
        (2, "Note"),
        (1, "Hvem kommunikerer vi med?: Roller og interessenter"),
        (1, "Hvem gør hvad?: Ansvar, roller og samarbejde"),
        (1, "Hvor kommunikerer vi?: Platforme og kanaler"),
        (2, "Platforme fordelt på de fire roller"),
    ]
    assert version.sections.first().kind == sm.SectionKind.PURPOSE


def test_the_four_premises_stay_a_numbered_list_in_ikke_mere_men_bedre(version):
    body = version.sections.get(heading="Ikke mere, men bedre").body
    assert "Kommunikationsstrategien bygger på en række forudsætninger:\n\n1. Den sætter" in body
    assert body.endswith("4. Den tager udgangspunkt i vores grundlæggende værdier.")
    assert (
        "3. Den er både strategisk og praktisk: Kommunikationsstrategien har det lange lys "
        "på frem mod 2015 handlingsplanen fokuserer på 2012." in body
    )


def test_three_effects_are_goals_in_order(version):
    effects = version.goals.filter(kind=sm.GoalKind.EFFECT)
    assert version.goals.count() == 3
    assert [g.description for g in effects] == [
        "at øge borgernes forståelse for og involvering i kommunal drift og de politiske "
        "beslutninger",
        "at styrke medarbejdernes stolthed og motivation",
        "at tiltrække og fastholde borgere og erhvervsvirksomheder",
    ]


def test_four_values_carry_their_personalepolitik_definition(version):
    assert [(v.name, v.description) for v in version.values.all()] == [
        ("Dialog", "Dialog er en forudsætning for samarbejde og indflydelse."),
        (
            "Professionalisme",
            "At stille krav til sig selv og andre er en forudsætning for professionalisme.",
        ),
        ("Ansvarlighed", "Ansvarlighed er også at vise hensyn over for andre og sig selv."),
        ("Respekt", "Respekt er en forudsætning for trivsel."),
    ]


def test_sixteen_principles_eight_external_then_eight_internal(version):
    principles = list(version.principles.select_related("value"))
    assert len(principles) == 16
    assert [p.audience for p in principles] == ["external"] * 8 + ["internal"] * 8
    assert [p.value.name for p in principles] == [
        "Dialog",
        "Dialog",
        "Professionalisme",
        "Professionalisme",
        "Ansvarlighed",
        "Ansvarlighed",
        "Respekt",
        "Respekt",
    ] * 2
    assert principles[0].title == "Borgerne kan mærke dialog, fordi"
    assert principles[8].title == "Medarbejderne kan mærke dialog, fordi"


def test_principle_texts_keep_the_documents_spelling(version):
    texts = set(version.principles.values_list("text", flat=True))
    assert (
        "Vi formidler intensionen bag beslutninger, så det er tydeligt, hvorfor vi gør, "
        "som vi gør" in texts
    )
    assert (
        "Vi tager afsæt i borgernes behov og kommunikerer om det, der vedkommende for dem" in texts
    )
    assert "Vi kommunikerer internt først" in texts


def test_seven_stakeholders_in_document_order_without_priority(version):
    stakeholders = list(version.stakeholders.all())
    assert [s.name for s in stakeholders] == [
        "Borgere og brugere",
        "Erhvervsvirksomheder",
        "Samarbejdspartnere",
        "Turister",
        "Nationale medier og opinionsdannere",
        "Medarbejdere",
        "Kommunens virksomheder",
    ]
    assert [s.priority for s in stakeholders] == [None] * 7
    assert stakeholders[2].description == (
        "foreninger, interessegrupper, andre offentlige myndigheder, forskningsinstitutioner"
    )


def test_four_municipality_roles_with_senders_audiences_and_goals(version):
    roles = list(version.municipality_roles.all())
    assert [(r.kind, r.name) for r in roles] == [
        ("authority", "Myndighed"),
        ("service", "Service"),
        ("politics", "Politik"),
        ("brand", "Brand"),
    ]
    assert [[(s.label, s.role_level) for s in r.senders.all()] for r in roles] == [
        [("Center", "centre")],
        [("Center", "centre"), ("Kommunale virksomheder", "workplace")],
        [("Politikere", "politician"), ("Direktion", "executive_board")],
        [
            ("Medarbejdere", "employee"),
            ("Kommunale virksomheder", "workplace"),
            ("Kommunikationsafdeling", "communications"),
        ],
    ]
    assert [[a.label for a in r.audiences.all()] for r in roles] == [
        ["Borgere og brugere"],
        ["Borgere og brugere", "Samarbejdspartnere", "Private virksomheder"],
        ["Borgere og brugere", "Samarbejdspartnere", "Private virksomheder"],
        [
            "Borgere og brugere",
            "Samarbejdspartnere",
            "Private virksomheder",
            "Turister",
            "Opinionsdannere",
        ],
    ]
    assert [r.goal for r in roles] == [
        "At kommunikationen opfattes som relevant og forståelig",
        "At kommunikationen opfattes som relevant og forståelig",
        "At øge forståelsen for og involveringen i de politiske beslutninger",
        "At kommunens omdømme forbedres",
    ]


def test_role_audiences_link_to_stakeholders_only_by_exact_name(version):
    brand = version.municipality_roles.get(name="Brand")
    links = list(brand.audiences.values_list("label", "stakeholder__name"))
    assert links == [
        ("Borgere og brugere", "Borgere og brugere"),
        ("Samarbejdspartnere", "Samarbejdspartnere"),
        ("Private virksomheder", None),
        ("Turister", "Turister"),
        ("Opinionsdannere", None),
    ]


def test_seven_responsibilities_in_document_order_with_their_duty_counts(version):
    responsibilities = list(version.responsibilities.all())
    assert [(r.role_level, r.label, r.heading) for r in responsibilities] == [
        ("politician", "Politikerne", "Inddragelse og forventningsafstemning"),
        ("employee", "Den enkelte medarbejder", "Det første indtryk"),
        ("leader", "Den enkelte leder", "Overblik"),
        ("workplace", "Virksomhederne", "Tæt på brugerne"),
        ("centre", "Centrene", "Overordnede rammer og mål"),
        ("executive_board", "Direktionen", "Ejerskab og opfølgning"),
        ("communications", "Kommunikationsafdelingen", "Konsulentbistand og fælles værktøj"),
    ]
    assert [r.items.count() for r in responsibilities] == [4, 2, 2, 2, 3, 4, 3]
    assert version.responsibility_items.count() == 20


def test_duties_keep_the_documents_exact_text(version):
    politicians = version.responsibilities.get(role_level=RoleLevel.POLITICIAN)
    assert politicians.items.first().text == (
        "Ide-opsamle: Møde med lokalråd, Internetmøder, Caféseminar, Borgerhøring"
    )
    assert politicians.description == (
        "Politikerne i byråd og udvalg sikrer, at borgerne bliver inddraget. Dette sker "
        "gennem dialog med borgerne i Næstved Kommune. Eksempler på aktiviteter er:"
    )
    communications = version.responsibilities.get(role_level=RoleLevel.COMMUNICATIONS)
    assert communications.items.first().text == (
        "Stille fælles ressourcer til rådighed i forbindelse med kompetenceudvikling og "
        "presserådgivning, integrerede web- og medieløsninger, koordinering samt netværk"
    )


def test_six_platforms_with_their_channels(version):
    platforms = list(version.platforms.all())
    assert [p.name for p in platforms] == [
        "Mundtlig kommunikation",
        "Breve",
        "Corporate Communication",
        "Markedsføring og events",
        "Presse og PR",
        "Sociale medier",
    ]
    assert [p.channels.count() for p in platforms] == [4, 2, 3, 5, 4, 6]
    social = version.platforms.get(name="Sociale medier")
    assert [c.name for c in social.channels.all()] == [
        "Facebook",
        "Youtube",
        "Twitter",
        "blogs",
        "debatfora",
        "applikationer til smartphones",
    ]
    events = version.platforms.get(name="Markedsføring og events")
    assert events.description == (
        "annoncering, reklamefilm, radioreklamer, sponsorering og større events, fx Kulturnat"
    )


def test_platform_role_matrix_matches_the_table(version):
    uses = {
        (u.municipality_role.name, u.platform.name)
        for u in version.platform_role_uses.select_related("platform", "municipality_role")
    }
    everything = {
        "Corporate Communication",
        "Breve",
        "Markedsføring og events",
        "Presse og PR",
        "Sociale medier",
        "Mundtlig kommunikation",
    }
    expected = (
        {("Myndighed", p) for p in ("Corporate Communication", "Breve", "Mundtlig kommunikation")}
        | {("Service", p) for p in everything}
        | {("Politik", p) for p in ("Sociale medier", "Mundtlig kommunikation", "Presse og PR")}
        | {("Brand", p) for p in everything}
    )
    assert uses == expected
    assert version.platform_role_uses.count() == 18


def test_seven_related_documents_form_the_basis(version):
    documents = list(version.related_documents.all())
    assert [(d.title, d.year) for d in documents] == [
        ("Visionen Mærk Næstved", "2010"),
        ("Borgerinddragelsespolitik (VISTA-principper)", "2008"),
        ("Henvendelsesstrategi for Næstved Kommune", "2012-2015"),
        ("Direktionens strategiplan", "2012-2013"),
        ("Styr på styringen", "2010"),
        ("Kommunal omdømmeanalyse for Næstved Kommune", "2006"),
        ("Personalepolitik værdier i Næstved Kommune", "2008"),
    ]
    assert {d.relation for d in documents} == {sm.DocumentRelation.BASIS}


def test_units_have_one_communications_department_under_a_centre(organisation):
    communications = Unit.objects.get(organisation=organisation, is_communications=True)
    assert communications.name == "Kommunikationsafdelingen"
    assert communications.parent.name == "Center for Politik og Organisation"
    centres = organisation.units.filter(kind="centre", parent=None)
    assert centres.count() == 5


def test_one_demo_user_per_role_level(organisation):
    assignments = RoleAssignment.objects.filter(organisation=organisation).select_related(
        "user", "unit"
    )
    by_level = {a.role_level: a for a in assignments}
    assert sorted(by_level) == sorted(RoleLevel.values)
    assert assignments.count() == 7
    assert by_level["politician"].unit is None
    assert by_level["executive_board"].unit is None
    assert by_level["centre"].unit.kind == "centre"
    assert {by_level[level].unit.name for level in ("workplace", "leader", "employee")} == {
        "Borgerservice"
    }
    assert by_level["communications"].unit.is_communications
    assert by_level["communications"].user.username == "naestved-communications"
