"""Demo activity on top of the seeds, so every dashboard has something to show.

The seeds are the municipalities' own documents and are never altered. What is
added here is labelled as demo data: staff in each workplace, a small adopted
action plan with owned actions (some overdue) and an annual wheel, and strategies
mid-way through the lifecycle. Everything goes through the real services and is
idempotent: a second run adds nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.consultations import services as consultation_services
from apps.consultations.models import Outcome
from apps.organisations.models import Organisation, RoleAssignment, RoleLevel, Unit, UnitKind
from apps.organisations.services import role_assignment_create
from apps.strategies import services
from apps.strategies.models import (
    Action,
    AnnualWheelEvent,
    Responsibility,
    ResponsibilityItem,
    Strategy,
    StrategyKind,
    VersionStatus,
)

STAFF_PER_WORKPLACE = 4
STAFF_NAME = {"da": "medarbejder", "sv": "medarbetare", "nb": "medarbeider"}

# The demo action plan in each language: (title, months from today the action is due).
ACTION_PLAN = {
    "da": {
        "title": "Handleplan for kommunikation (demo)",
        "council": "Byrådet",
        "actions": [
            ("Skriv alle standardbreve om til klart sprog", -2),
            ("Introduktion til kommunikationsstrategien for nye ledere", -1),
            ("Opdatér hjemmesidens selvbetjeningsguides", 1),
            ("Kursus i presseberedskab for virksomhedsledere", 2),
            ("Borgermøder om budgettet i alle lokalområder", 4),
            ("Måling af borgernes tilfredshed med kommunikationen", 6),
        ],
        "wheel": [
            (1, "Nytårsnyhedsbrev til alle medarbejdere"),
            (3, "Medarbejderundersøgelse om intern kommunikation"),
            (5, "Temamøde i byrådet om kommunikationsstrategien"),
            (8, "Budgetkommunikation og borgermøder"),
            (10, "Kommunikationsdag for ledere"),
            (12, "Årsberetning om kommunikationsindsatsen"),
        ],
        "duty": "Gennemgå kommunikationsstrategien med medarbejderne på et personalemøde hvert år",
        "change": "Ledernes ansvar er skærpet med et årligt personalemøde om strategien.",
    },
    "sv": {
        "title": "Handlingsplan för kommunikation (demo)",
        "council": "Kommunfullmäktige",
        "actions": [
            ("Skriv om alla standardbrev till klarspråk", -2),
            ("Introduktion till kommunikationspolicyn för nya chefer", -1),
            ("Uppdatera e-tjänsternas guider på webbplatsen", 1),
            ("Utbildning i mediekontakter för verksamhetschefer", 2),
            ("Medborgardialoger om budgeten", 4),
            ("Mätning av invånarnas nöjdhet med kommunikationen", 6),
        ],
        "wheel": [
            (1, "Nyhetsbrev till alla medarbetare"),
            (3, "Medarbetarenkät om intern kommunikation"),
            (5, "Temadag i kommunfullmäktige om kommunikationspolicyn"),
            (8, "Budgetkommunikation och medborgardialoger"),
            (10, "Kommunikationsdag för chefer"),
            (12, "Årsrapport om kommunikationsarbetet"),
        ],
        "duty": "Gå igenom kommunikationspolicyn med medarbetarna på en arbetsplatsträff varje år",
        "change": "Chefernas ansvar har skärpts med en årlig arbetsplatsträff om policyn.",
    },
    "nb": {
        "title": "Handlingsplan for kommunikasjon (demo)",
        "council": "Kommunestyret",
        "actions": [
            ("Skriv om alle standardbrev til klarspråk", -2),
            ("Introduksjon til kommunikasjonsstrategien for nye ledere", -1),
            ("Oppdater selvbetjeningsveiledningene på hjemmesiden", 1),
            ("Kurs i mediehåndtering for virksomhetsledere", 2),
            ("Innbyggermøter om budsjettet", 4),
            ("Måling av innbyggernes tilfredshet med kommunikasjonen", 6),
        ],
        "wheel": [
            (1, "Nyhetsbrev til alle ansatte"),
            (3, "Medarbeiderundersøkelse om intern kommunikasjon"),
            (5, "Temamøte i kommunestyret om kommunikasjonsstrategien"),
            (8, "Budsjettkommunikasjon og innbyggermøter"),
            (10, "Kommunikasjonsdag for ledere"),
            (12, "Årsrapport om kommunikasjonsarbeidet"),
        ],
        "duty": "Gå gjennom kommunikasjonsstrategien med de ansatte på et personalmøte hvert år",
        "change": "Ledernes ansvar er skjerpet med et årlig personalmøte om strategien.",
    },
}

# Which seed strategy is where in the lifecycle in the demo.
LIFECYCLE = {"naestved": VersionStatus.CONSULTATION, "glostrup": VersionStatus.PROPOSED}

# The demo consultation of those versions (both Danish): who comments (role level of a
# demo user), what, and how the communications department answered, if it has yet.
# Glostrup's version went on to be proposed, so every comment there is answered.
CONSULTATION_COMMENTS = [
    (
        RoleLevel.LEADER,
        "Et årligt personalemøde om strategien er fint, men giv os et fælles oplæg, "
        "så alle arbejdspladser taler ud fra det samme.",
        (
            Outcome.ACCEPTED,
            "Kommunikationsafdelingen laver et fælles oplæg til personalemødet.",
            "Ledernes ansvar henviser nu til et fælles oplæg fra kommunikationsafdelingen.",
        ),
    ),
    (
        RoleLevel.EMPLOYEE,
        "Det er uklart, hvem vi skal spørge, når en journalist ringer uden for åbningstiden.",
        (
            Outcome.NOTED,
            "Pressevagtens telefonnummer står i reglerne for talspersoner, som gælder uændret.",
            "",
        ),
    ),
    (
        RoleLevel.EXECUTIVE_BOARD,
        "Direktionen foreslår, at strategien også nævner opfølgning i den årlige "
        "ledelsesinformation.",
        None,
    ),
]


def demo_activity_load(organisation: Organisation) -> None:
    comms = _demo_user(organisation, RoleLevel.COMMUNICATIONS)
    if comms is None:
        return
    with transaction.atomic():
        _staff(organisation)
    with transaction.atomic():
        _action_plan(organisation, comms)
    with transaction.atomic():
        _lifecycle(organisation, comms)


def _demo_user(organisation, role_level):
    return get_user_model().objects.filter(username=f"{organisation.slug}-{role_level}").first()


def _staff(organisation):
    User = get_user_model()
    workplaces = Unit.objects.filter(organisation=organisation, kind=UnitKind.WORKPLACE)
    for unit in workplaces:
        for n in range(1, STAFF_PER_WORKPLACE + 1):
            user, created = User.objects.get_or_create(
                username=f"{organisation.slug}-staff-{unit.pk}-{n}",
                defaults={"full_name": f"{unit.name}, {STAFF_NAME[organisation.language]} {n}"},
            )
            if created:
                # Staff exist for coverage figures; only the printed demo users log in.
                user.set_unusable_password()
                user.save(update_fields=["password"])
            role_assignment_create(
                user=user, organisation=organisation, role_level=RoleLevel.EMPLOYEE, unit=unit
            )


def _months_from_today(months):
    today = timezone.localdate()
    month_index = today.month - 1 + months
    year = today.year + month_index // 12
    return datetime.date(year, month_index % 12 + 1, min(today.day, 28))


def _action_plan(organisation, comms):
    text = ACTION_PLAN[organisation.language]
    if Strategy.objects.filter(organisation=organisation, kind=StrategyKind.ACTION_PLAN).exists():
        return
    strategy = services.strategy_create(
        organisation=organisation, actor=comms, title=text["title"], kind=StrategyKind.ACTION_PLAN
    )
    version = strategy.versions.get()
    units = list(
        Unit.objects.filter(organisation=organisation, kind=UnitKind.WORKPLACE).order_by("pk")
    )
    leader_unit = (
        RoleAssignment.objects.filter(organisation=organisation, role_level=RoleLevel.LEADER)
        .select_related("unit")
        .first()
        .unit
    )
    for index, (title, months) in enumerate(text["actions"]):
        # Every other action belongs to the demo leader's unit, so their dashboard has some.
        owner = leader_unit if index % 2 == 0 else units[index % len(units)]
        services.content_item_save(
            version=version,
            actor=comms,
            model=Action,
            data={
                "title": title,
                "owner_unit": owner,
                "due_date": _months_from_today(months),
                "status": "in_progress" if months < 0 else "planned",
            },
        )
    for month, title in text["wheel"]:
        services.content_item_save(
            version=version,
            actor=comms,
            model=AnnualWheelEvent,
            data={"title": title, "month": month},
        )
    # The plan is looked over every year, and its review comes up in three weeks: the
    # communications department has that to do (and to be told of) in every demo
    # municipality, also where the seed gives it nothing else (Glostrup).
    services.version_update(
        version=version, actor=comms,
        data={"review_due": timezone.localdate() + datetime.timedelta(days=21)},
    )
    for to_status in (VersionStatus.PROPOSED, VersionStatus.ADOPTED):
        services.version_transition(
            version=version,
            actor=comms,
            to_status=to_status,
            decided_on=_months_from_today(-3),
            decided_by=text["council"],
            case_reference="DEMO-1",
        )


def _lifecycle(organisation, comms):
    target = LIFECYCLE.get(organisation.slug)
    strategy = (
        Strategy.objects.filter(
            organisation=organisation, kind__in=(StrategyKind.POLICY, StrategyKind.STRATEGY)
        )
        .order_by("pk")
        .first()
    )
    if target is None or strategy is None or strategy.versions.count() > 1:
        return
    adopted = strategy.versions.get(status=VersionStatus.ADOPTED)
    draft = services.version_new_draft(source=adopted, actor=comms)
    text = ACTION_PLAN[organisation.language]
    services.version_update(version=draft, actor=comms, data={"change_summary": text["change"]})
    leaders = Responsibility.objects.filter(version=draft, role_level=RoleLevel.LEADER).first()
    if leaders is not None:
        services.content_item_save(
            version=draft,
            actor=comms,
            model=ResponsibilityItem,
            data={"responsibility": leaders, "text": text["duty"]},
        )
    services.version_transition(
        version=draft, actor=comms, to_status=VersionStatus.CONSULTATION,
        consultation_deadline=timezone.localdate() + datetime.timedelta(days=21),
    )
    _consultation(
        organisation, draft, comms, leaders, answer_all=target != VersionStatus.CONSULTATION
    )
    if target != VersionStatus.CONSULTATION:
        services.version_transition(version=draft, actor=comms, to_status=target)


def _consultation(organisation, version, comms, leaders, *, answer_all):
    """Invite the demo users, let them comment, and answer as the department would.
    The leader comments on the leaders' responsibilities, the others on the whole."""
    commenters = [
        (user, text, answer)
        for role_level, text, answer in CONSULTATION_COMMENTS
        if (user := _demo_user(organisation, role_level)) is not None
    ]
    consultation_services.consultation_invite(
        version=version, actor=comms, users=[user for user, _text, _answer in commenters]
    )
    for user, text, answer in commenters:
        target = {}
        if leaders is not None and user.username.endswith(f"-{RoleLevel.LEADER}"):
            target = {"target_model": Responsibility, "target_id": leaders.pk}
        comment = consultation_services.comment_create(
            version=version, actor=user, text=text, **target
        )
        if answer is None and answer_all:
            answer = (Outcome.NOTED, "Tages med i arbejdet med ledelsesinformationen.", "")
        if answer is not None:
            outcome, response, change = answer
            consultation_services.comment_answer(
                comment=comment,
                actor=comms,
                response=response,
                outcome=outcome,
                resulting_change=change,
            )
