"""A version holding every kind of content the model has, for reading PDFs back."""

import base64
import datetime

from apps.organisations.models import RoleLevel, Unit, UnitKind
from apps.strategies import models as sm
from tests.factories import StrategyFactory, VersionFactory, mark_adopted

# A one-pixel PNG, for logos.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def build_complete_version(*, organisation, language="da", adopt=True, **version_fields):
    """A draft filled with one or more rows of every content model, adopted if asked.

    Content of an adopted version cannot be created, so it is filled as a draft first,
    exactly as real versions are."""
    strategy = StrategyFactory(
        organisation=organisation,
        title="Åben og nær kommunikation",
        subtitle="Kommunikationspolitik for Testkommune 2024-2027",
    )
    fields = {
        "dated": "Januar 2024",
        "period_label": "2024-2027",
        "valid_from": datetime.date(2024, 2, 1),
        "valid_until": datetime.date(2027, 12, 31),
        "adoption_note": "Vedtaget på byrådsmødet uden ændringer.",
        "change_summary": "Nyt afsnit om sociale medier.",
        **version_fields,
    }
    version = VersionFactory(strategy=strategy, language=language, **fields)

    sm.Section.objects.create(
        version=version,
        position=0,
        kind=sm.SectionKind.PURPOSE,
        level=1,
        heading="Hvorfor en kommunikationspolitik?",
        body=(
            "Vi kommunikerer *åbent* og **ærligt** med borgerne.\n\n"
            "Politikken bygger på tre forudsætninger:\n\n"
            "1. Borgeren er i centrum.\n"
            "2. Alle ansatte har et ansvar.\n"
            "3. Læs mere på [kommunens side](https://example.org/politik)."
        ),
    )
    sm.Section.objects.create(
        version=version,
        position=1,
        kind=sm.SectionKind.BACKGROUND,
        level=2,
        heading="Baggrund for politikken",
        body="Den gamle politik fra 2016 er forældet.",
    )
    sm.Section.objects.create(
        version=version,
        position=2,
        kind=sm.SectionKind.VISION,
        level=1,
        heading="Vores vision",
        body="Danmarks mest åbne kommune i 2027.",
    )
    dialog = sm.Value.objects.create(
        version=version,
        position=0,
        name="Dialog",
        description="Dialog er en forudsætning for samarbejde.",
    )
    sm.Value.objects.create(
        version=version,
        position=1,
        name="Respekt",
        description="Respekt giver trivsel.",
    )
    sm.Principle.objects.create(
        version=version,
        position=0,
        value=dialog,
        audience=sm.Audience.EXTERNAL,
        title="Borgerne kan mærke dialog, fordi",
        text="Vi inddrager borgerne tidligt i beslutningerne",
    )
    sm.Principle.objects.create(
        version=version,
        position=1,
        audience=sm.Audience.INTERNAL,
        text="Vi fortæller medarbejderne det først",
    )
    sm.FocusArea.objects.create(
        version=version,
        position=0,
        title="Digital selvbetjening",
        description="Flere borgere bruger de digitale løsninger.",
    )
    goal = sm.Goal.objects.create(
        version=version,
        position=0,
        kind=sm.GoalKind.OVERALL,
        title="Tilfredse borgere",
        description="Borgerne oplever kommunikationen som klar.",
    )
    sm.Indicator.objects.create(
        version=version,
        goal=goal,
        position=0,
        name="Borgertilfredshed",
        target="80 procent",
        unit="Andel tilfredse",
        measurement="Årlig borgerundersøgelse",
    )
    sm.Goal.objects.create(
        version=version,
        position=1,
        kind=sm.GoalKind.SUCCESS_CRITERION,
        description="Pressen citerer vores egne nyheder.",
    )
    responsibility = sm.Responsibility.objects.create(
        version=version,
        position=0,
        role_level=RoleLevel.LEADER,
        label="Lederne",
        heading="Overblik og dialog",
        description="Lederen sikrer, at alle er informeret.",
    )
    for position, text in enumerate(
        ("Holde personalemøder hver måned", "Svare på spørgsmål inden for to dage")
    ):
        sm.ResponsibilityItem.objects.create(
            version=version, responsibility=responsibility, position=position, text=text
        )
    employees = sm.Responsibility.objects.create(
        version=version,
        position=1,
        role_level=RoleLevel.EMPLOYEE,
        label="Medarbejderne",
    )
    sm.ResponsibilityItem.objects.create(
        version=version,
        responsibility=employees,
        position=0,
        text="Møde borgerne med et klart sprog",
    )
    citizens = sm.Stakeholder.objects.create(
        version=version,
        position=0,
        name="Borgere og brugere",
        priority=1,
        audience=sm.Audience.EXTERNAL,
        description="Alle der bor i kommunen.",
    )
    sm.Stakeholder.objects.create(
        version=version,
        position=1,
        name="Lokale medier",
        priority=2,
        audience=sm.Audience.EXTERNAL,
    )
    authority = sm.MunicipalityRole.objects.create(
        version=version,
        position=0,
        kind=sm.MunicipalityRoleKind.AUTHORITY,
        name="Myndighed",
        description="Kommunen træffer afgørelser efter loven.",
        goal="Afgørelser bliver forstået første gang",
    )
    service = sm.MunicipalityRole.objects.create(
        version=version,
        position=1,
        kind=sm.MunicipalityRoleKind.SERVICE,
        name="Servicevirksomhed",
        goal="Borgerne finder selv svaret",
    )
    sm.RoleSender.objects.create(
        version=version,
        municipality_role=authority,
        position=0,
        label="Sagsbehandlerne",
        role_level=RoleLevel.EMPLOYEE,
    )
    sm.RoleSender.objects.create(
        version=version,
        municipality_role=service,
        position=0,
        label="Borgerservice",
    )
    sm.RoleAudience.objects.create(
        version=version,
        municipality_role=authority,
        position=0,
        label="Ansøgere",
        stakeholder=citizens,
    )
    sm.RoleAudience.objects.create(
        version=version,
        municipality_role=service,
        position=0,
        label="Alle borgere",
    )
    web = sm.Platform.objects.create(
        version=version,
        position=0,
        name="Digitale medier",
        description="Hjemmeside og sociale medier.",
        audience=sm.Audience.EXTERNAL,
    )
    letters = sm.Platform.objects.create(
        version=version,
        position=1,
        name="Breve",
        description="Digital Post og papir.",
    )
    sm.Channel.objects.create(
        version=version,
        platform=web,
        position=0,
        name="Kommunens hjemmeside",
        description="Den vigtigste kanal",
    )
    sm.Channel.objects.create(version=version, platform=letters, position=0, name="Digital Post")
    sm.PlatformRoleUse.objects.create(
        version=version, platform=web, municipality_role=service, position=0
    )
    sm.PlatformRoleUse.objects.create(
        version=version, platform=letters, municipality_role=authority, position=0
    )
    sm.SpokespersonRule.objects.create(
        version=version,
        position=0,
        speaker="Borgmesteren",
        role_level=RoleLevel.POLITICIAN,
        scope="Politiske beslutninger",
        text="Borgmesteren udtaler sig om byrådets politik.",
    )
    unit = Unit.objects.create(
        organisation=organisation,
        name="Kommunikationsafdelingen",
        kind=UnitKind.SECRETARIAT,
        is_communications=True,
    )
    sm.Action.objects.create(
        version=version,
        position=0,
        title="Ny hjemmeside",
        description="Udbud og lancering.",
        owner_unit=unit,
        owner_label="Webredaktionen",
        due_date=datetime.date(2025, 6, 30),
        status=sm.ActionStatus.IN_PROGRESS,
    )
    sm.AnnualWheelEvent.objects.create(
        version=version,
        position=0,
        title="Budgetformidling",
        month=9,
        description="Budgettet forklares i et klart sprog.",
        audience="Borgere og ansatte",
        owner_label="Økonomiafdelingen",
    )
    sm.RelatedDocument.objects.create(
        version=version,
        position=0,
        title="Personalepolitik",
        year="2020",
        relation=sm.DocumentRelation.BASIS,
        url="https://example.org/personalepolitik",
        note="Værdierne kommer herfra.",
    )
    _typed_parts(version, organisation)
    if adopt:
        version = mark_adopted(version)
    return version


def _typed_parts(version, organisation):
    """The parts real policies hold beyond the first model: a themed chapter with its
    linked plan, who does what in a crisis, the legal basis, a goal hierarchy tied to a
    target group, evaluation, definitions and a holder outside the role levels."""
    from apps.organisations.models import HolderKind, ResponsibilityHolder

    sm.Section.objects.create(
        version=version, position=10, kind=sm.SectionKind.CRISIS, heading="Krisekommunikation",
        body="I en krise kommunikerer vi hurtigt og samlet.", audience=sm.Audience.BOTH,
        link_title="Kommunens beredskabsplan", link_url="https://example.org/beredskabsplan",
    )
    crisis = sm.Responsibility.objects.create(
        version=version, position=10, role_level=RoleLevel.COMMUNICATIONS,
        label="Kommunikationsafdelingen", heading="Krisestab",
        context=sm.ResponsibilityContext.CRISIS,
    )
    sm.ResponsibilityItem.objects.create(
        version=version, responsibility=crisis, position=0,
        text="Indkalder krisestaben inden for en time",
    )
    committee = ResponsibilityHolder.objects.get_or_create(
        organisation=organisation, name="Kultur- og Fritidsudvalget",
        defaults={"kind": HolderKind.COMMITTEE, "role_level": RoleLevel.POLITICIAN},
    )[0]
    sm.Responsibility.objects.create(
        version=version, position=11, holder=committee, label="Kultur- og Fritidsudvalget",
        heading="Udvalgets ansvar", description="Udvalget følger op på politikken hvert år.",
    )
    sm.LegalBasis.objects.create(
        version=version, position=0, title="Offentlighedsloven",
        text="Alle kan søge aktindsigt i kommunens sager.",
        url="https://www.retsinformation.dk/eli/lta/2020/145",
    )
    top = sm.Goal.objects.filter(version=version, kind=sm.GoalKind.OVERALL).first()
    strategy = sm.Goal.objects.create(
        version=version, position=5, kind=sm.GoalKind.STRATEGY, parent=top,
        title="Klart sprog i alle breve", description="Vi skriver, så borgerne forstår os.",
        audience=sm.Audience.EXTERNAL,
    )
    sm.Goal.objects.create(
        version=version, position=6, kind=sm.GoalKind.MEASURE, parent=strategy,
        description="Alle standardbreve gennemskrives inden udgangen af året.",
    )
    stakeholder = sm.Stakeholder.objects.filter(version=version).first()
    sm.GoalTargetGroup.objects.create(
        version=version, goal=strategy, stakeholder=stakeholder, position=0
    )
    sm.Evaluation.objects.create(
        version=version, position=0, title="Borgerundersøgelse",
        description="Hvordan borgerne oplever kommunens kommunikation.",
        method="Spørgeskema til 1.000 borgere", frequency="Hvert andet år",
    )
    sm.Definition.objects.create(
        version=version, position=0, term="Klarsprog",
        explanation="Tekst, som modtageren kan læse, forstå og handle på.",
    )
