"""The Glostrup fixture ("Politik for kommunikation i Glostrup Kommune", August 2012)
survives the loader intact."""

import datetime

import pytest

from apps.demo.services import SEEDS_DIR
from apps.organisations.models import RoleAssignment, RoleLevel, Unit
from apps.strategies import models as sm

pytestmark = pytest.mark.django_db

SEED = SEEDS_DIR / "glostrup.yaml"


def test_loading_creates_glostrup_with_its_profile(organisation):
    assert organisation.slug == "glostrup"
    assert organisation.name == "Glostrup Kommune"
    assert (organisation.country, organisation.language) == ("DK", "da")
    assert organisation.council_name == "Byrådet"
    assert organisation.executive_board_name == "Direktionen"
    assert organisation.website == "https://www.glostrup.dk"
    assert organisation.primary_colour == "#006B5E"


def test_the_policy_is_one_adopted_version_dated_august_2012(organisation, version):
    strategy = organisation.strategies.get()
    assert strategy.title == "Politik for kommunikation i Glostrup Kommune"
    assert strategy.kind == sm.StrategyKind.POLICY
    assert version.number == 1
    assert version.status == sm.VersionStatus.ADOPTED
    assert version.language == "da"
    assert version.dated == "August 2012"
    assert version.adopted_on == datetime.date(2012, 8, 1)
    assert version.adopted_by == "Byrådet"
    assert version.case_reference == ""
    assert "datering" in version.adoption_note
    assert "sagsnummer" in version.adoption_note


def test_sections_follow_the_chapters_in_document_order(version):
    sections = [(s.kind, s.level, s.heading) for s in version.sections.all()]
    assert sections == [
        ("purpose", 1, "Kommunikationspolitikens formål"),
        ("vision", 1, "Politiske fokusområder"),
        ("text", 1, "Værdier for god kommunikation"),
        ("text", 1, ""),
    ]


def test_the_four_purposes_stay_a_list_in_the_purpose_section(version):
    body = version.sections.get(heading="Kommunikationspolitikens formål").body
    assert body.startswith(
        "Vores måde at kommunikere på er afgørende for, hvordan borgere, brugere, "
        "medarbejdere, politikere, virksomheder og medier oplever Glostrup Kommune."
    )
    assert (
        "Formålet med kommunikationspolitikken er\n\n"
        "- At sikre en sammenhængende, prioriteret og målrettet kommunikation, der tager "
        "udgangspunkt i borgernes behov.\n- At skabe bevidsthed om, at alle i organisationen"
    ) in body
    assert body.count("\n- At ") == 4
    assert body.endswith(
        "tre værdier for god kommunikation, som er formuleret i dialog med borgere, "
        "medarbejdere og ledelse i kommunen."
    )
    assert version.goals.count() == 0


def test_the_vision_keeps_its_markdown_emphasis(version):
    vision = version.sections.get(kind=sm.SectionKind.VISION)
    assert (
        "Kommunikation bygger på vores vision - *en sund by i bevægelse*. Kommunikation skal "
        "medvirke til at gøre vores vision levende og understøtte kommunens strategiske mål i "
        "*Udviklingsstrategi for Glostrup Kommune 2011-2015*." in vision.body
    )
    assert vision.body.endswith(
        "der via kommunikation kan bidrage til, at kommunen kan nå sine mål:"
    )


def test_three_focus_areas_in_order_with_exact_titles(version):
    assert [f.title for f in version.focus_areas.all()] == [
        "Rammerne om det gode liv",
        "Effektivitet og nytænkning",
        "Kvalitet og kompetence",
    ]


def test_focus_area_descriptions_keep_both_paragraphs(version):
    good_life = version.focus_areas.get(title="Rammerne om det gode liv")
    paragraphs = good_life.description.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("Som kommune er vi først og fremmest til for vores borgere.")
    assert paragraphs[1].endswith(
        "Det er den åbne og gennemsigtige formidling, der skal sætte borgerne i stand til at "
        "deltage i kommunens aktiviteter, services og tilbud."
    )
    efficiency = version.focus_areas.get(title="Effektivitet og nytænkning")
    assert efficiency.description == (
        "Vi vil være en attraktiv kommune at bo og arbejde i – også i fremtiden. Derfor må vi "
        "fortsat have fokus på optimering af forretningsgange og opgaveløsning – også i forhold "
        "til kommunens kommunikationsopgaver.\n\n"
        "På den måde bliver kommunikation et redskab til at skabe et højt niveau på alle "
        "kommunens serviceområder. Det handler blandt andet om at udvikle kommunens "
        "kommunikation med borgerne med afsæt i borgernes behov, så deres tilfredshed øges."
    )


def test_three_values_in_order(version):
    assert [v.name for v in version.values.all()] == ["Troværdighed", "Respekt", "Bevægelse"]


def test_the_page_break_in_troværdighed_is_joined_into_one_sentence(version):
    assert version.values.get(name="Troværdighed").description == (
        "Når vi kommunikerer, er høj troværdighed afgørende. Der skal være overensstemmelse "
        "imellem det, vi siger og gør, og vores kommunikation skal sætte modtageren i centrum. "
        "Vores budskaber skal være klare, entydige og handlingsanvisende. Vores kommunikation "
        "skal gøre viden tilgængelig for modtageren, give størst muligt indblik i kommunens "
        "forvaltning og invitere til dialog."
    )


def test_respekt_keeps_its_full_text(version):
    assert version.values.get(name="Respekt").description == (
        "Vores kommunikation skal være gensidigt forpligtende, gennemsigtig og inddragende – "
        "både i skrift og tale. Vi bestræber os på at lytte til, forstå og tage vores "
        "modtageres perspektiv i betragtning, og vi respekterer vores modtageres perspektiv, "
        "selvom det måske er anderledes end vores eget. Vi forventer, at vores relation til og "
        "kommunikation med borgere, brugere og andre målgrupper baserer sig på gensidig respekt."
    )


def test_the_closing_paragraph_is_the_last_section(version):
    assert version.sections.last().body == (
        "Kommunikationspolitikken beskriver de helt overordnede principper for god "
        "kommunikation i Glostrup Kommune. Tilhørende kommunikationsstrategi og handleplaner "
        "udarbejdes i sammenhæng med kommunens udviklingsstrategi, digitaliseringsstrategi, "
        "kanalstrategi samt en række underliggende strategier, designmanual m.m."
    )


def test_leadership_and_all_employees_carry_the_responsibilities_the_text_gives(version):
    responsibilities = list(version.responsibilities.all())
    assert [(r.role_level, r.label) for r in responsibilities] == [
        ("leader", "Ledelsen"),
        ("employee", "Alle ansatte"),
    ]
    assert responsibilities[0].description == (
        "At skabe bevidsthed om, at ledelsen har et særligt ansvar for at skabe, opretholde og "
        "understøtte rammerne for god kommunikation og vise vejen for medarbejderne ved at "
        "prioritere kommunikation."
    )
    assert "alle ansatte har ansvar for at tænke kommunikation ind i enhver opgaveløsning" in (
        responsibilities[1].description
    )


def test_related_documents_name_the_basis_and_the_documents_around_the_policy(version):
    documents = [(d.title, d.relation) for d in version.related_documents.all()]
    assert documents == [
        ("Udviklingsstrategi for Glostrup Kommune 2011-2015", "basis"),
        ("Kommunikationsstrategi", "underlying"),
        ("Handleplaner", "underlying"),
        ("Digitaliseringsstrategi", "complement"),
        ("Kanalstrategi", "complement"),
        ("Designmanual", "complement"),
    ]


def test_units_have_one_communications_department(organisation):
    communications = Unit.objects.get(organisation=organisation, is_communications=True)
    assert communications.name == "Kommunikationsafdelingen"
    assert communications.kind == "secretariat"
    assert organisation.units.filter(kind="centre", parent=None).count() == 4


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
        "Nordvangskolen"
    }
    assert by_level["workplace"].unit.kind == "workplace"
    assert by_level["communications"].unit.is_communications
    assert by_level["communications"].user.username == "glostrup-communications"
