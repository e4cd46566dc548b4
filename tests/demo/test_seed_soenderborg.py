"""The Sønderborg fixture ("Kommunikationspolitik", opdateret 20.09.2017) survives the
loader intact."""

import datetime

import pytest

from apps.demo.services import SEEDS_DIR
from apps.organisations.models import RoleAssignment, RoleLevel, Unit
from apps.strategies import models as sm

pytestmark = pytest.mark.django_db

SEED = SEEDS_DIR / "soenderborg.yaml"

EIGHT_FOCUS_POINTS = [
    "at vi udvikler attraktive arbejdspladser,",
    "at vi synliggør kommunens ydelser ved at informere let og forståeligt om de "
    "lovfastsatte ydelser og om kommunens ydelser/service i øvrigt,",
    "at vi opnår et troværdigt image, forstået som et image, hvor brugeren kan genkende de "
    "oplevelser, de pågældende selv har haft i kontakt med kommunens medarbejdere,",
    "at vi afstemmer forventningspresset i omgivelserne ved at skabe et realistisk og "
    "genkendeligt billede af arbejdspladsens ydelse/service,",
    "at vi mindsker antallet af konflikter med dem, vi servicerer,",
    "at vi opnår en hensigtsmæssig placering i mediebilledet,",
    "at vi i relevante sammenhænge synliggør det politiske element i opgaveløsningen og",
    "at vi medvirker til at sætte dagsordenen for den offentlige debat.",
]


def test_loading_creates_soenderborg_with_its_profile(organisation):
    assert organisation.slug == "soenderborg"
    assert organisation.name == "Sønderborg Kommune"
    assert (organisation.country, organisation.language) == ("DK", "da")
    assert organisation.council_name == "Byrådet"
    assert organisation.executive_board_name == "Direktionen"
    assert organisation.website == "https://www.sonderborgkommune.dk"


def test_the_policy_is_one_adopted_version_dated_by_the_page_update(organisation, version):
    strategy = organisation.strategies.get()
    assert strategy.title == "Kommunikationspolitik"
    assert strategy.kind == sm.StrategyKind.POLICY
    assert version.number == 1
    assert version.status == sm.VersionStatus.ADOPTED
    assert version.language == "da"
    assert version.dated == "Opdateret 20.09.2017"
    assert version.adopted_on == datetime.date(2017, 9, 20)
    assert version.adopted_by == "Byrådet"
    assert version.case_reference == ""
    assert "opdateringsdato" in version.adoption_note


def test_sections_follow_the_page_in_order_without_website_chrome(version):
    sections = [(s.kind, s.level, s.heading) for s in version.sections.all()]
    assert sections == [
        ("preface", 1, ""),
        ("background", 1, ""),
        ("text", 1, "Kommunikation"),
        ("purpose", 2, "Den kommunikerende kommune"),
        ("background", 2, "Kommunen er til for borgerne"),
        ("scope", 2, "Kommunikationspolitikken omfatter hele kommunen"),
        ("text", 2, "Udvikling og implementering af kommunikationspolitikken"),
        ("text", 2, "Politikkens otte fokuspunkter"),
        ("vision", 2, "Visionen for god kommunikation"),
        ("text", 2, "Intern information"),
        ("text", 2, "Veje for intern information"),
        ("text", 2, "Målrettet kommunikation"),
        ("text", 2, "Borgerservice og dialog"),
        ("visual_identity", 2, "Design og visuel identitet"),
        ("text", 2, "Ansvar for kommunikationspolitikken"),
    ]
    bodies = " ".join(version.sections.values_list("body", flat=True))
    assert "Hotline Syddanmark" not in bodies
    assert "logo inkluderet" not in bodies


def test_the_introduction_keeps_the_5500_employees_and_170_workplaces(version):
    preface, background = list(version.sections.all()[:2])
    assert preface.body == (
        "Sønderborg Kommune er områdets største arbejdsplads med ca. 5.500 ansatte. På denne "
        "side kan du læse om byrådets forventninger til medarbejdernes kommunikation."
    )
    assert background.body.endswith(
        "Hertil kommer, at den decentrale struktur med ca. 170 virksomheder stiller særlige "
        "udfordringer i forhold til kravet om, at kommunikationen af både byråd, medarbejdere "
        "og borgere/brugere skal opleves som god."
    )


def test_eight_focus_points_in_exact_order(version):
    focus_areas = list(version.focus_areas.all())
    assert len(focus_areas) == 8
    assert [f.description for f in focus_areas] == EIGHT_FOCUS_POINTS
    assert [f.title for f in focus_areas] == [""] * 8


def test_the_focus_points_section_keeps_its_lead_in(version):
    assert version.sections.get(heading="Politikkens otte fokuspunkter").body == (
        "I det daglige kommunikationsarbejde og i dialogen om opgaveløsningen har den enkelte "
        "leder og medarbejder et ansvar for at medvirke til:"
    )


def test_goals_are_the_overall_goal_and_the_two_goals_after_the_focus_points(version):
    goals = [(g.kind, g.description) for g in version.goals.all()]
    assert goals == [
        (
            "overall",
            "Målet er at fremstå som en kommunikerende kommune, hvor medarbejderne er bevidste "
            "om, hvordan vi bliver bedre til at kommunikere med hinanden, borgerne og pressen.",
        ),
        (
            "goal",
            "Målet er på de indre linjer gennem dialog og kommunikative processer at skabe "
            "udvikling og ønskede adfærdsændringer.",
        ),
        (
            "goal",
            "Målet er tillige at opbygge fælles viden og at få spredt den enkelte medarbejders "
            "viden til relevante andre.",
        ),
    ]


def test_principles_two_internal_line_informations_then_six_external(version):
    principles = list(version.principles.all())
    assert [(p.audience, p.title) for p in principles] == (
        [("internal", "Veje for intern information")] * 2
        + [("external", "Målrettet kommunikation")] * 2
        + [("external", "Borgerservice og dialog")] * 4
    )


def test_line_information_keeps_the_pages_spelling(version):
    texts = list(version.principles.values_list("text", flat=True)[:2])
    assert texts == [
        "Linjeinformation fra medarbejder til top skal bidrage til, at ”oversætte” kunde- og "
        "brugerforventninger og medarbejderforslag om forenklinger/forbedringer til det "
        "relevante beslutningsniveau.",
        "Linieinformation fra chefniveauet til den enkelte medarbejder skal sikre, at byrådets "
        "og direktionens budskaber ”oversættes”, så ledere og medarbejdere kan implementere.",
    ]


def test_responsibilities_follow_the_sentences_that_assign_them(version):
    responsibilities = list(version.responsibilities.all())
    assert [(r.role_level, r.label, r.heading) for r in responsibilities] == [
        ("employee", "Den enkelte medarbejder", "Kommunikationspolitikken omfatter hele kommunen"),
        ("executive_board", "Direktør", "Udvikling og implementering af kommunikationspolitikken"),
        ("centre", "Chefer", "Udvikling og implementering af kommunikationspolitikken"),
        (
            "communications",
            "Kommunikationsafdelingen",
            "Udvikling og implementering af kommunikationspolitikken",
        ),
        ("leader", "Den enkelte leder", "Politikkens otte fokuspunkter"),
        ("employee", "Den enkelte medarbejder", "Politikkens otte fokuspunkter"),
        ("employee", "Alle", "Intern information"),
        ("leader", "Den enkelte leder", "Intern information"),
        (
            "communications",
            "Kommunens journalister og kommunikationsmedarbejdere",
            "Ansvar for kommunikationspolitikken",
        ),
    ]
    assert [r.items.count() for r in responsibilities] == [0, 0, 0, 0, 8, 8, 0, 0, 0]


def test_leader_and_employee_answer_for_the_eight_focus_points(version):
    for_leader = version.responsibilities.get(
        role_level=RoleLevel.LEADER, heading="Politikkens otte fokuspunkter"
    )
    for_employee = version.responsibilities.get(
        role_level=RoleLevel.EMPLOYEE, heading="Politikkens otte fokuspunkter"
    )
    assert [i.text for i in for_leader.items.all()] == EIGHT_FOCUS_POINTS
    assert [i.text for i in for_employee.items.all()] == EIGHT_FOCUS_POINTS


def test_initiative_duty_and_communications_responsibility_keep_exact_text(version):
    initiative = version.responsibilities.get(
        role_level=RoleLevel.LEADER, heading="Intern information"
    )
    assert initiative.description == (
        "Alle har et ansvar for god kommunikation, og den enkelte leder har initiativpligt."
    )
    journalists = version.responsibilities.get(heading="Ansvar for kommunikationspolitikken")
    assert journalists.description == (
        "Kommunens journalister og kommunikationsmedarbejdere rådgiver forvaltningerne og "
        "decentrale enheder i implementeringen af kommunikationspolitikkens elementer og har "
        "det kommunikationsfaglige ansvar for indholdet i en række af de kommunale "
        "udgivelser, trykt og elektronisk."
    )


def test_related_documents_are_the_basis_the_tools_and_the_design_manual(version):
    documents = [(d.title, d.relation) for d in version.related_documents.all()]
    assert documents == [
        ("Styringsgrundlag for Sønderborg Kommune", "basis"),
        ("Ledelsesgrundlag for Sønderborg Kommune", "basis"),
        ("Informationsstrategier og hjælpeværktøjer", "underlying"),
        ("Designprogram og designmanual", "complement"),
    ]


def test_units_have_the_communications_department_the_policy_names(organisation):
    communications = Unit.objects.get(organisation=organisation, is_communications=True)
    assert communications.name == "Kommunikationsafdelingen"
    assert organisation.units.filter(kind="administration", parent=None).count() == 4


def test_one_demo_user_per_role_level(organisation):
    assignments = RoleAssignment.objects.filter(organisation=organisation).select_related(
        "user", "unit"
    )
    by_level = {a.role_level: a for a in assignments}
    assert sorted(by_level) == sorted(RoleLevel.values)
    assert assignments.count() == 7
    assert by_level["politician"].unit is None
    assert by_level["executive_board"].unit is None
    assert by_level["centre"].unit.kind == "administration"
    assert {by_level[level].unit.name for level in ("workplace", "leader", "employee")} == {
        "Hjemmeplejen Sønderborg By"
    }
    assert by_level["workplace"].unit.kind == "workplace"
    assert by_level["communications"].unit.is_communications
    assert by_level["communications"].user.username == "soenderborg-communications"
