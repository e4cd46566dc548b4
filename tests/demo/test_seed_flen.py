"""The Flen fixture ("Kommunikationspolicy för Flens kommun", att gälla från och med
2016-08-01) survives the loader intact."""

import datetime

import pytest

from apps.demo.services import SEEDS_DIR
from apps.organisations.models import RoleAssignment, RoleLevel, Unit
from apps.strategies import models as sm

pytestmark = pytest.mark.django_db

SEED = SEEDS_DIR / "flen.yaml"


def test_loading_creates_flen_with_its_profile(organisation):
    assert organisation.slug == "flen"
    assert organisation.name == "Flens kommun"
    assert (organisation.country, organisation.language) == ("SE", "sv")
    assert organisation.council_name == "Kommunfullmäktige"
    assert organisation.executive_board_name == "Kommunledningen"
    assert organisation.website == "https://www.flen.se"


def test_the_policy_is_one_adopted_version_valid_from_august_2016(organisation, version):
    strategy = organisation.strategies.get()
    assert strategy.title == "Kommunikationspolicy för Flens kommun"
    assert strategy.kind == sm.StrategyKind.POLICY
    assert version.number == 1
    assert version.status == sm.VersionStatus.ADOPTED
    assert version.language == "sv"
    assert version.dated == "Att gälla från och med 2016-08-01"
    assert version.valid_from == datetime.date(2016, 8, 1)
    assert version.adopted_on == datetime.date(2016, 8, 1)
    assert version.adopted_by == "Kommunfullmäktige"
    assert version.case_reference == ""
    assert "diarienummer" in version.adoption_note


def test_sections_follow_the_headings_in_document_order(version):
    sections = [(s.kind, s.heading) for s in version.sections.all()]
    assert sections == [
        ("scope", ""),
        ("purpose", "Kommunikationspolicyns syfte"),
        ("text", "Mål"),
        ("text", "Värdegrundsarbete"),
        ("text", "Interna målgrupper"),
        ("text", "Externa målgrupper"),
        ("text", "Styrande principer"),
        ("crisis", "Kriskommunikation"),
        ("media", "Medierelationer"),
        ("text", "Ansvar"),
    ]
    assert version.sections.first().body == (
        "Kommunikationspolicyn är styrande för all kommunikation inom Flens kommun och ska "
        "tillämpas i all kommunikation - såväl internt som externt."
    )


def test_crisis_communication_keeps_its_full_text(version):
    assert version.sections.get(heading="Kriskommunikation").body == (
        "I händelse av kris där något inträffar plötsligt ska kommunikationen verka för att "
        "minimera oro och bidra med kunskap. Kommunikationsarbetet vid krissituationer ska "
        "följa en krisledningsplan. Kommunikationsarbetet ska vara samordnat och vi ska sträva "
        "efter öppenhet och tillgänglighet för att framstå som förtroendeingivande."
    )


def test_one_overall_goal_and_three_delmal(version):
    goals = list(version.goals.all())
    assert [g.kind for g in goals] == ["overall", "goal", "goal", "goal"]
    assert goals[0].description == (
        "De övergripande målen för Flens kommuns arbete med kommunikation och information ska "
        "bidra till att verksamheternas mål uppnås, att vision och värdegrund ständigt "
        "aktualiseras och att varumärket Flens kommun - Sörmlands hjärta, stärks."
    )
    assert goals[1].description == (
        "våra invånare ska ha tillgång till relevant, pålitlig och aktuell information om vår "
        "verksamhet."
    )


def test_six_external_target_groups_in_exact_priority_order(version):
    external = list(version.stakeholders.filter(audience=sm.Audience.EXTERNAL))
    assert [(s.priority, s.name) for s in external] == [
        (1, "Invånare i kommunen"),
        (2, "Näringsliv"),
        (3, "Säsongsboende i kommunen"),
        (4, "Andra kommuner, samverkans- och samarbetspartners"),
        (5, "Media/Journalister/Opinionsbildare"),
        (6, "Invånare utanför Flens kommun"),
    ]


def test_two_internal_target_groups_without_priority(version):
    internal = list(version.stakeholders.filter(audience=sm.Audience.INTERNAL))
    assert [(s.priority, s.name) for s in internal] == [
        (None, "Förtroendevalda i Flens kommun och i de kommunala bolagen."),
        (None, "Medarbetare i Flens kommun och i de kommunala bolagen."),
    ]
    assert version.stakeholders.count() == 8


def test_the_priority_order_is_explained_under_externa_malgrupper(version):
    body = version.sections.get(heading="Externa målgrupper").body
    assert body.endswith(
        "Den prioriterade ordningen innebär att vi alltid ska vända oss till invånare i första "
        "hand när vi uttalar oss med deras bästa i åtanke."
    )
    assert (
        "Kommunikationen ska präglas av klarspråk, öppenhet, tillgänglighet, tydlighet, "
        "saklighet och snabbhet." in body
    )


def test_the_six_communication_qualities_are_values(version):
    assert [v.name for v in version.values.all()] == [
        "Klarspråk",
        "Öppenhet",
        "Tillgänglighet",
        "Tydlighet",
        "Saklighet",
        "Snabbhet",
    ]


def test_five_governing_principles_in_order(version):
    principles = list(version.principles.all())
    assert len(principles) == 5
    assert {(p.title, p.audience) for p in principles} == {("Styrande principer", "both")}
    assert principles[0].text == (
        "Offentlighetsprincipen, med tillhörande lagstiftning, styr vårt agerande, vilket "
        "betyder att den som vill ha information ska få den skyndsamt, om det inte finns "
        "lagliga begränsningar."
    )
    assert principles[4].text == (
        "Vi ska vara aktiva och offensiva i vårt sätt att arbeta med kommunikation och "
        "information och alltid utgå i från målgrupperna."
    )


def test_five_responsibilities_from_politicians_to_communicators(version):
    responsibilities = list(version.responsibilities.all())
    assert [(r.role_level, r.label) for r in responsibilities] == [
        ("politician", "Förtroendevalda"),
        ("executive_board", "Kommunledningen"),
        ("leader", "Chefer"),
        ("employee", "Medarbetare"),
        ("communications", "Kommunikationsstrateg och kommunikatörer"),
    ]
    assert {r.heading for r in responsibilities} == {"Ansvar"}


def test_the_municipal_chief_is_ultimately_responsible_under_kommunledningen(version):
    executive = version.responsibilities.get(role_level=RoleLevel.EXECUTIVE_BOARD)
    assert executive.description == (
        "Kommunledningen ansvarar ytterst för kommunikation och ska arbeta för att det ska ingå "
        "som en naturlig del i chefs- och ledarskapet.\n\n"
        "Kommunchefen är som högste tjänsteman ytterst ansvarig."
    )
    leaders = version.responsibilities.get(role_level=RoleLevel.LEADER)
    assert leaders.description == (
        "Chefer har ett särskilt ansvar att se till att policyn omsätts i handling i det "
        "dagliga arbetet – det är först då blir den ett redskap och inte bara ett dokument med "
        "ord på ett papper."
    )


def test_complement_documents_are_listed_as_the_policy_lists_them(version):
    documents = [(d.title, d.relation) for d in version.related_documents.all()]
    assert documents == [
        ("rutiner för intern kommunikation", "complement"),
        ("rutiner för extern kommunikation", "complement"),
        ("rutiner för sociala medier", "complement"),
        ("en grafisk profil & varumärkeshandbok", "complement"),
        ("ett årshjul inför varje nytt år med större, planerade aktiviteter", "complement"),
        ("Värdegrund", "basis"),
        ("Krisledningsplan", "reference"),
    ]


def test_the_communications_unit_sits_in_kommunledningsforvaltningen(organisation):
    communications = Unit.objects.get(organisation=organisation, is_communications=True)
    assert communications.name == "Kommunikationsenheten"
    assert communications.kind == "secretariat"
    assert communications.parent.name == "Kommunledningsförvaltningen"
    administrations = organisation.units.filter(kind="administration", parent=None)
    assert sorted(administrations.values_list("name", flat=True)) == [
        "Barn- och utbildningsförvaltningen",
        "Kommunledningsförvaltningen",
        "Samhällsbyggnadsförvaltningen",
        "Socialförvaltningen",
    ]


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
        "Stenhammarskolan"
    }
    assert by_level["workplace"].unit.kind == "workplace"
    assert by_level["communications"].unit.name == "Kommunikationsenheten"
    assert by_level["communications"].user.username == "flen-communications"
