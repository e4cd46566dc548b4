"""Hostile text, and a municipality whose every text field holds it.

`build_hostile_world` writes one hostile string into every free-text field a user
can fill (the strategy, the version, every content type, consultation comments and
answers, status notes, check-in notes) through the real services, then takes the
version through consultation to adoption, so that every page and every PDF that
shows user text has some to show.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone

from apps.consultations import parties as consultation_parties
from apps.consultations import services as consultation_services
from apps.consultations.models import Comment, ConsultationParty, Outcome, Respondent
from apps.followup import services as followup_services
from apps.followup.models import ProgressStatus
from apps.obligations import selectors as obligation_selectors
from apps.obligations import services as obligation_services
from apps.obligations.models import NOTE_MAX_LENGTH, CheckIn, CheckInStatus, quarter_start
from apps.organisations.models import RoleLevel, Unit, UnitKind
from apps.strategies import models as sm
from apps.strategies import services
from apps.strategies.services import content_fields
from tests.factories import UnitFactory, VersionFactory, consultation_deadline

# Each is short enough for a 100-character field; longer fields get the same text.
HOSTILE = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "svg-onload": "<svg onload=alert(1)>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "a-javascript": '<a href="javascript:alert(1)">x</a>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "attribute-breakout": '"><script>alert(1)</script><b x="',
    "single-quote-breakout": "' onmouseover='alert(1)' x='",
    "markdown-javascript": "[x](javascript:alert(1))",
    "markdown-javascript-mixed-case": "[x](JaVaScRiPt:alert(1))",
    "markdown-javascript-entity": "[x](&#106;avascript:alert(1))",
    "markdown-data": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "markdown-image": "![x](javascript:alert(1))",
    "markdown-reference": "[x][r]\n\n[r]: javascript:alert(1)",
    "markdown-title-breakout": '[x](https://example.org "a\\" onmouseover=\\"alert(1)")',
    "autolink-javascript": "<javascript:alert(1)>",
    "autolink-data": "<data:text/html,<script>alert(1)</script>>",
    "autolink-quote-breakout": '<https://example.org/"onmouseover="alert(1)>',
    "data-url": "data:text/html,<script>alert(1)</script>",
    "css-breakout": "</style><style>*{background:url(javascript:alert(1))}</style>",
    "htmx-attributes": '<div hx-get="/admin/" hx-trigger="load" hx-on:click="alert(1)">x</div>',
    "template-syntax": "{{ request }}{% debug %}{{ 7|add:7 }}",
    "pdf-syntax": ") >> /OpenAction << /S /JavaScript /JS (app.alert(1)) >> (",
    "right-to-left-override": "\u202eevil\u202c txt.exe",
    "bidi-isolates-and-zero-width": "\u2066\u2067\u2068x\u2069 \u200b\u200d\ufeffy",
    "control-characters": "a" + "".join(chr(c) for c in range(1, 32)) + "b",
    "line-separators": "a\u2028b\u2029c\x85d",
}

# Plain text a person would recognise on a page or in a PDF.
PRINTABLE = {key: text for key, text in HOSTILE.items() if text.isprintable()}

# A link that passes URL validation yet tries to break out of the href attribute.
HOSTILE_URL = 'https://example.org/"onmouseover="alert(1)'

MEGABYTE = 1024 * 1024


def megabyte_text(core: str) -> str:
    """Exactly 1 MiB of characters: hostile text, then ordinary words, then hostile text."""
    filler = "Borgerne skal kunne forstå kommunens breve. " * (MEGABYTE // 44 + 1)
    body = filler[: MEGABYTE - 2 * len(core) - 2]
    return f"{core} {body} {core}"


def free_text_fields(model) -> list[models.Field]:
    """The fields a person types text into: no choices, links, URLs or numbers."""
    fields = (model._meta.get_field(name) for name in content_fields(model))
    return [
        f
        for f in fields
        if isinstance(f, (models.CharField, models.TextField))
        and not f.choices
        and not isinstance(f, (models.URLField, models.SlugField))
    ]


def fit(model, name: str, text: str) -> str:
    """The text, cut to the field's length limit if it has one."""
    limit = model._meta.get_field(name).max_length
    return text[:limit] if limit else text


def item_data(model, text: str, rows: dict, *, today: datetime.date) -> dict:
    """Service data for one row of `model`: `text` in every free-text field, a valid value
    everywhere else, and links to the rows made before it (parents, values, units)."""
    data = {}
    for name in content_fields(model):
        model_field = model._meta.get_field(name)
        if model_field.is_relation:
            if model_field.related_model in rows:
                data[name] = rows[model_field.related_model]
        elif isinstance(model_field, models.URLField):
            data[name] = HOSTILE_URL
        elif model_field.choices:
            data[name] = model_field.choices[0][0]
        elif isinstance(model_field, (models.CharField, models.TextField)):
            data[name] = fit(model, name, text)
        elif isinstance(model_field, models.DateField):
            data[name] = today + datetime.timedelta(days=30)
        elif isinstance(model_field, models.PositiveSmallIntegerField):
            data[name] = 1
    if model is sm.Responsibility:
        # The leader's duties become their obligations, shown on their dashboard.
        data["role_level"] = RoleLevel.LEADER
    return data


def fill_version(version, actor, text: str, *, unit: Unit) -> dict:
    """One row of every content type in a draft, with `text` in every free-text field."""
    today = timezone.localdate()
    rows: dict = {Unit: unit}
    for model in sm.CONTENT_MODELS:
        rows[model] = services.content_item_save(
            version=version,
            actor=actor,
            model=model,
            data=item_data(model, text, rows, today=today),
        )
    return {model: rows[model] for model in sm.CONTENT_MODELS}


@dataclass
class HostileWorld:
    text: str
    organisation: object
    workplace: object
    users: dict
    strategy: object
    adopted: object
    empty_draft: object
    changed_draft: object
    items: dict
    draft_items: dict
    comments: list = field(default_factory=list)
    check_in: object = None
    party: object = None  # an outside party invited by e-mail
    answer: object = None  # its answer, with a PDF letter

    def __getitem__(self, role_level):
        return self.users[role_level]


def people(organisation, member_of):
    administration = UnitFactory(
        organisation=organisation, name="Forvaltningen", kind=UnitKind.ADMINISTRATION
    )
    workplace = UnitFactory(
        organisation=organisation,
        parent=administration,
        name="Borgerservice",
        kind=UnitKind.WORKPLACE,
    )
    comms_unit = UnitFactory(
        organisation=organisation,
        parent=administration,
        name="Kommunikation",
        kind=UnitKind.SECRETARIAT,
        is_communications=True,
    )
    users = {
        RoleLevel.COMMUNICATIONS: member_of(organisation, RoleLevel.COMMUNICATIONS, comms_unit),
        RoleLevel.EXECUTIVE_BOARD: member_of(organisation, RoleLevel.EXECUTIVE_BOARD),
        RoleLevel.POLITICIAN: member_of(organisation, RoleLevel.POLITICIAN),
        RoleLevel.LEADER: member_of(organisation, RoleLevel.LEADER, workplace),
        RoleLevel.EMPLOYEE: member_of(organisation, RoleLevel.EMPLOYEE, workplace),
    }
    return workplace, users


def build_hostile_world(organisation, member_of, text: str) -> HostileWorld:
    workplace, users = people(organisation, member_of)
    comms = users[RoleLevel.COMMUNICATIONS]
    today = timezone.localdate()

    strategy = services.strategy_create(
        organisation=organisation,
        actor=comms,
        kind=sm.StrategyKind.STRATEGY,
        title=fit(sm.Strategy, "title", text),
        subtitle=fit(sm.Strategy, "subtitle", text),
    )
    version = strategy.versions.get()
    services.version_update(
        version=version,
        actor=comms,
        data={
            "dated": fit(sm.StrategyVersion, "dated", text),
            "period_label": fit(sm.StrategyVersion, "period_label", text),
            "change_summary": text,
            "review_due": today + datetime.timedelta(days=30),
        },
    )
    items = fill_version(version, comms, text, unit=workplace)

    version = services.version_transition(
        version=version, actor=comms, to_status=sm.VersionStatus.CONSULTATION, note=text,
        consultation_deadline=consultation_deadline()
    )
    politician = users[RoleLevel.POLITICIAN]
    on_document = consultation_services.comment_create(version=version, actor=politician, text=text)
    on_section = consultation_services.comment_create(
        version=version,
        actor=politician,
        target_model="section",
        target_id=items[sm.Section].pk,
        text=text,
    )
    [party] = consultation_parties.parties_invite(
        version=version, actor=comms,
        entries=[("part@example.dk", fit(ConsultationParty, "name", text))],
    )
    answer = consultation_parties.answer_without_account(
        version=version, party=party, name=fit(Respondent, "name", text),
        organisation=fit(Respondent, "organisation", text), contact="svar@example.dk",
        accepted_notice=True, text=text,
        letter=SimpleUploadedFile("brev.pdf", b"%PDF-1.7\n%%EOF\n"),
    )
    consultation_services.comment_answer(
        comment=on_document,
        actor=comms,
        response=text,
        outcome=Outcome.PARTLY,
        resulting_change=text,
    )
    services.version_transition(
        version=version, actor=comms, to_status=sm.VersionStatus.PROPOSED, note=text
    )
    adopted = services.version_transition(
        version=version,
        actor=comms,
        to_status=sm.VersionStatus.ADOPTED,
        note=text,
        decided_on=today,
        decided_by=fit(sm.StrategyVersion, "adopted_by", text),
        case_reference=fit(sm.StrategyVersion, "case_reference", text),
    )

    leader = users[RoleLevel.LEADER]
    duty = next(
        status.obligation
        for status in obligation_selectors.obligations_for_leader(
            leader,
            workplace,
            index=obligation_selectors.obligation_index(organisation),
            assignments=obligation_selectors.assignments_of(leader, organisation),
            period=quarter_start(today),
        )
        if status.obligation.item_id == items[sm.ResponsibilityItem].pk
    )
    check_in = obligation_services.checkin_record(
        leader=leader,
        unit=workplace,
        strategy_id=duty.strategy_id,
        text_hash=duty.text_hash,
        status=CheckInStatus.NEEDS_ATTENTION,
        note=text[:NOTE_MAX_LENGTH],
    )

    # Progress on the adopted action, so its follow-up pages show the text too.
    followup_services.action_progress_record(
        action=items[sm.Action], actor=comms, status=ProgressStatus.AT_RISK, percent=10,
        text=text,
    )

    # A draft with nothing in it, to compare against: every item is added or removed.
    empty_draft = VersionFactory(strategy=strategy, number=2, language=adopted.language)
    changed_draft = services.version_new_draft(source=adopted, actor=comms)
    draft_items = {model: model.objects.get(version=changed_draft) for model in sm.CONTENT_MODELS}
    for model in (sm.Section, sm.Goal):
        row = draft_items[model]
        # The running text (the last long text field): room for the text twice.
        name = [f for f in free_text_fields(model) if isinstance(f, models.TextField)][-1].name
        draft_items[model] = services.content_item_save(
            version=changed_draft,
            actor=comms,
            model=model,
            instance=row,
            data={name: f"{text} ændret {text}"},
        )

    return HostileWorld(
        text=text,
        organisation=organisation,
        workplace=workplace,
        users=users,
        strategy=strategy,
        adopted=adopted,
        empty_draft=empty_draft,
        changed_draft=changed_draft,
        items=items,
        draft_items=draft_items,
        comments=[Comment.objects.get(pk=on_document.pk), Comment.objects.get(pk=on_section.pk)],
        check_in=CheckIn.objects.get(pk=check_in.pk),
        party=party,
        answer=answer,
    )
