"""No URL lets a person of one municipality reach anything of another: 404, and no bytes.

The URL patterns are read from config.urls, not listed by hand: every pattern that takes
an argument must have a way to build it from a municipality's objects (URL_BUILDERS) or
be named as an exception with its reason (NOT_AN_OBJECT_OF_AN_ORGANISATION); a new URL
with an id fails test_every_url_with_an_argument_is_covered until it is added here.

Each URL is requested as a person of the first municipality who holds every role there
(communications, leader, politician), first with the objects of the second
municipality, then, as a control, with their own. With the other's objects every method
the view accepts answers 404, with nothing of the other municipality in the body and
nothing written; with their own the same URL is found (so the 404 is not a typo in the
test). Mixed URLs (their own version, the other's item) are refused too.

"Refused" means: answered exactly as the same URL with ids that exist nowhere, which
is 404, or 405 for a method the view never accepts. So ids cannot be probed. (A GET of
a POST-only URL redirects to its page, built from the URL alone, before anything is
read: tests/core/test_post_only.py; here such URLs are asked with POST.) One view
answers a missing id otherwise, on purpose: saving an item of one's own draft that
has meanwhile been deleted shows the text typed once more (200), so nothing is lost;
the other municipality's item ids get that same page, holding only what was posted.
"""

import re
import uuid
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from apps.api.models import ApiToken
from apps.api.services import api_token_create
from apps.audit.models import AuditEvent
from apps.core.post_only import page_getter
from apps.exports.models import ExportJob, ExportKind, ExportStatus
from apps.identity.models import GroupMapping, IdentityProvider, ImportUpload, Protocol
from apps.identity.services import scim_group_save, scim_token_create
from apps.organisations.models import RoleAssignment, RoleLevel
from apps.strategies import models as sm
from apps.strategies.forms import CONTENT_TYPES
from tests.factories import OrganisationFactory, ResponsibilityHolderFactory

from .hostile import build_hostile_world

pytestmark = pytest.mark.django_db

# In every text field of the other municipality, so any of it in a response is seen.
SECRET = "ZQXHEMMELIG"

# Patterns with arguments that do not name an object of a municipality, and why.
NOT_AN_OBJECT_OF_AN_ORGANISATION = {
    # The organisation's two colours as CSS, public by design (the login page needs it
    # before anyone is known); test_theme_css_holds_nothing_but_colours checks that.
    "theme_css": "public colours",
    # SCIM answers a bearer token of the organisation only, never a session: 401 alike
    # for every organisation and id; tests/identity/test_scim.py sends other tokens.
    "scim:users": "SCIM, bearer token only",
    "scim:user": "SCIM, bearer token only",
    "scim:groups": "SCIM, bearer token only",
    "scim:group": "SCIM, bearer token only",
    "scim:service_provider_config": "SCIM, bearer token only",
    # The start of an organisation's single sign-on, public by design (nobody is known
    # yet): a redirect to its identity provider, nothing of the organisation's data.
    # tests/identity/test_public_urls.py checks it needs no login and holds no data.
    "sso:login": "public sign-in start",
    # The SAML service provider of an organisation: its public metadata, and the
    # endpoint its IdP posts signed answers to (tests/identity/test_saml.py).
    "sso:saml_metadata": "public SAML metadata",
    "sso:saml_acs": "SAML assertion consumer service",
    # A signed token naming a person and categories, no id: a forged or altered one is 404
    # (tests/notifications/test_delivery.py::test_a_forged_unsubscribe_token_is_not_found).
    "notifications:unsubscribe": "signed token",
    # Django's reset token, bound to the person's password hash and the time.
    "accounts:password_reset_confirm": "signed token",
    # An outside party's personal link: a signed token naming the party and a nonce, no
    # id; a forged, expired or withdrawn one is 404 (tests/consultations/test_parties.py).
    "hoering:party": "signed token",
    # A public consultation's page, by a random key (not the version's id); a version not
    # in public consultation is 404 (tests/consultations/test_parties.py).
    "hoering:public": "public key",
    # The public site, open to anyone by design: tests/public/test_sweep.py requests every
    # one of them with every unpublished object of two organisations (404, nothing shown).
    "public:organisation": "public site",
    "public:calendar": "public site",
    "public:strategy": "public site",
    "public:version": "public site",
    "public:pdf": "public site",
    "public:summary": "public site",
    "public:summary_pdf": "public site",
    # A person's calendar feed: a signed token with a generation, no id; a forged, altered
    # or replaced one is 404 (tests/public/test_calendar.py).
    "calendar:feed": "signed token",
    # The API reads an organisation's token, never a session; tests/api/test_sweep.py
    # sends each organisation's token to every other's objects.
    "api:strategy": "API, bearer token only",
    "api:version": "API, bearer token only",
}
# The Django admin is for the operators' superusers only; municipal staff are sent to its
# login page (test_the_admin_is_closed_to_municipal_staff).
STAFF_ONLY_NAMESPACES = {"admin"}


@dataclass
class Side:
    world: object
    jobs: list
    uploads: list = ()
    tokens: list = ()
    groups: list = ()
    holders: list = ()
    notification: object = None

    def item(self, key):
        return self.world.draft_items[CONTENT_TYPES[key].model]

    def parent_of(self, key):
        content_type = CONTENT_TYPES[key]
        return getattr(self.item(key), content_type.parent_field)


def _items(side, *, own=None, orderable=False):
    """(pk, type_key, item_pk) for every content type (that can be moved, if asked): all
    of `side`, or, with `own`, the attacker's own draft with the other's item."""
    version = (own or side).world.changed_draft.pk
    return [
        {"pk": version, "type_key": key, "item_pk": side.item(key).pk}
        for key, content_type in CONTENT_TYPES.items()
        if content_type.orderable or not orderable
    ]


def _children(side, *, own=None):
    version = (own or side).world.changed_draft.pk
    return [
        {"pk": version, "type_key": key, "parent_pk": side.parent_of(key).pk}
        for key, content_type in CONTENT_TYPES.items()
        if content_type.parent_field
    ]


def _top_level(side):
    return [
        {"pk": side.world.changed_draft.pk, "type_key": key}
        for key, content_type in CONTENT_TYPES.items()
        if not content_type.parent_field
    ]


# An id no row has.
NOWHERE = 2_147_483_000


class Missing:
    """A municipality whose every object has an id that exists nowhere."""

    def __init__(self):
        thing = SimpleNamespace(pk=NOWHERE)
        self.world = SimpleNamespace(
            strategy=thing,
            adopted=thing,
            changed_draft=thing,
            empty_draft=thing,
            workplace=thing,
            comments=[thing, thing],
            party=thing,
            answer=thing,
            check_in=SimpleNamespace(strategy_id=NOWHERE, text_hash="0" * 64),
            users=dict.fromkeys(RoleLevel.values, thing),
        )
        self.jobs = [thing, thing]
        self.uploads = [thing]
        self.tokens = [thing]
        self.groups = [thing]
        self.holders = [thing]
        self.notification = thing

    def item(self, key):
        content_type = CONTENT_TYPES[key]
        return SimpleNamespace(
            pk=NOWHERE,
            **(
                {content_type.parent_field: SimpleNamespace(pk=NOWHERE)}
                if content_type.parent_field
                else {}
            ),
        )

    def parent_of(self, key):
        return getattr(self.item(key), CONTENT_TYPES[key].parent_field)


def _person(side, level=RoleLevel.EMPLOYEE):
    return {"pk": side.world.users[level].pk}


def _role(side):
    role = RoleAssignment.objects.filter(user_id=side.world.users[RoleLevel.EMPLOYEE].pk).first()
    return {"pk": role.pk if role else NOWHERE}


# URLs whose answer to a missing id is not 404 or 405, with what that answer is.
MISSING_IS_NOT_404 = {("POST", "strategies:item_edit"): 200}


# How to build each URL with arguments from a municipality's objects. Each builder gets
# (target, own): the side whose objects are asked for, and the attacker's own side (for
# URLs that mix the two). It returns one or more sets of URL arguments.
URL_BUILDERS = {
    "strategies:detail": lambda t, o: [{"pk": t.world.strategy.pk}],
    "strategies:audit": lambda t, o: [{"pk": t.world.strategy.pk}],
    "strategies:version_detail": lambda t, o: [
        {"pk": t.world.adopted.pk},
        {"pk": t.world.changed_draft.pk},
    ],
    "strategies:version_edit": lambda t, o: [{"pk": t.world.changed_draft.pk}],
    "strategies:version_new_draft": lambda t, o: [{"pk": t.world.adopted.pk}],
    "strategies:version_transition": lambda t, o: [
        {"pk": t.world.changed_draft.pk, "to_status": sm.VersionStatus.CONSULTATION},
        {"pk": t.world.changed_draft.pk, "to_status": sm.VersionStatus.WITHDRAWN},
    ],
    "strategies:item_add": lambda t, o: _top_level(t),
    "strategies:item_add_child": lambda t, o: _children(t) + _children(t, own=o),
    "strategies:item_edit": lambda t, o: _items(t) + _items(t, own=o),
    "strategies:item_delete": lambda t, o: _items(t) + _items(t, own=o),
    "strategies:item_move": lambda t, o: (
        _items(t, orderable=True) + _items(t, own=o, orderable=True)
    ),
    "compare:versions": lambda t, o: [
        {"a_pk": t.world.empty_draft.pk, "b_pk": t.world.adopted.pk},
        {"a_pk": o.world.adopted.pk, "b_pk": t.world.adopted.pk},
        {"a_pk": t.world.adopted.pk, "b_pk": o.world.adopted.pk},
    ],
    "compare:print": lambda t, o: [
        {"a_pk": t.world.empty_draft.pk, "b_pk": t.world.adopted.pk},
        {"a_pk": o.world.adopted.pk, "b_pk": t.world.adopted.pk},
        {"a_pk": t.world.adopted.pk, "b_pk": o.world.adopted.pk},
    ],
    "compare:pdf": lambda t, o: [
        {"a_pk": t.world.empty_draft.pk, "b_pk": t.world.adopted.pk},
        {"a_pk": o.world.adopted.pk, "b_pk": t.world.adopted.pk},
        {"a_pk": t.world.adopted.pk, "b_pk": o.world.adopted.pk},
    ],
    "compare:with_adopted": lambda t, o: [{"pk": t.world.changed_draft.pk}],
    "consultations:version": lambda t, o: [{"pk": t.world.adopted.pk}],
    "consultations:invite": lambda t, o: [{"pk": t.world.changed_draft.pk}],
    "consultations:summary": lambda t, o: [{"pk": t.world.adopted.pk}],
    "consultations:answer": lambda t, o: [{"pk": c.pk} for c in t.world.comments],
    "consultations:hide": lambda t, o: [{"pk": c.pk} for c in t.world.comments],
    "consultations:invite_search": lambda t, o: [{"pk": t.world.changed_draft.pk}],
    "consultations:deadline": lambda t, o: [{"pk": t.world.adopted.pk}],
    "consultations:invite_parties": lambda t, o: [{"pk": t.world.changed_draft.pk}],
    "consultations:withdraw_party": lambda t, o: [{"pk": t.world.party.pk}],
    "consultations:letter": lambda t, o: [{"pk": t.world.answer.pk}],
    "obligations:check_ins": lambda t, o: [{"pk": t.world.workplace.pk}],
    "obligations:check_in_row": lambda t, o: [{
        "pk": t.world.workplace.pk,
        "token": f"{t.world.check_in.strategy_id}-{t.world.check_in.text_hash}",
    }],
    "dashboards:unit": lambda t, o: [{"pk": t.world.workplace.pk}],
    "exports:create": lambda t, o: [
        {"version_pk": t.world.adopted.pk},
        {"version_pk": t.world.changed_draft.pk},
    ],
    "exports:summary_create": lambda t, o: [{"version_pk": t.world.adopted.pk}],
    "exports:job_status": lambda t, o: [{"pk": job.pk} for job in t.jobs],
    "exports:download": lambda t, o: [{"pk": job.pk} for job in t.jobs],
    "exports:ask_again": lambda t, o: [{"pk": job.pk} for job in t.jobs],
    "identity:person_detail": lambda t, o: [_person(t), _person(t, RoleLevel.COMMUNICATIONS)],
    "identity:person_deactivate": lambda t, o: [_person(t)],
    "identity:person_export": lambda t, o: [_person(t)],
    "identity:person_erase": lambda t, o: [_person(t)],
    "identity:person_reactivate": lambda t, o: [_person(t)],
    "identity:role_create": lambda t, o: [_person(t)],
    "identity:role_edit": lambda t, o: [_role(t)],
    "identity:role_delete": lambda t, o: [_role(t)],
    "identity:unit_edit": lambda t, o: [{"pk": t.world.workplace.pk}],
    "identity:unit_close": lambda t, o: [{"pk": t.world.workplace.pk}],
    "identity:unit_reopen": lambda t, o: [{"pk": t.world.workplace.pk}],
    "identity:holder_edit": lambda t, o: [{"pk": holder.pk} for holder in t.holders],
    "identity:holder_delete": lambda t, o: [{"pk": holder.pk} for holder in t.holders],
    "identity:import_preview": lambda t, o: [{"pk": u.pk} for u in t.uploads],
    "identity:import_done": lambda t, o: [{"pk": u.pk} for u in t.uploads],
    "identity:scim_token_revoke": lambda t, o: [{"pk": token.pk} for token in t.tokens],
    "identity:scim_group_edit": lambda t, o: [{"pk": group.pk} for group in t.groups],
    "notifications:open": lambda t, o: [{"pk": t.notification.pk}],
    "imports:review": lambda t, o: [{"pk": document_import(t).pk}],
    "imports:discard": lambda t, o: [{"pk": document_import(t).pk}],
    "imports:download": lambda t, o: [
        {"pk": document_import(t).pk},
        {"pk": document_import(t, attached=True).pk},
    ],
    "followup:action": lambda t, o: [{"pk": _adopted_item(t, sm.Action).pk}],
    "followup:action_progress": lambda t, o: [{"pk": _adopted_item(t, sm.Action).pk}],
    "followup:version": lambda t, o: [{"pk": t.world.adopted.pk}],
    "followup:measurement_add": lambda t, o: [{"pk": t.world.adopted.pk}],
    "followup:measurements_csv": lambda t, o: [{"pk": t.world.adopted.pk}],
    "followup:measurements_import": lambda t, o: [{"pk": t.world.adopted.pk}],
    "followup:report": lambda t, o: [{"pk": t.world.adopted.pk}],
    "publication:publish": lambda t, o: [{"pk": t.world.strategy.pk}],
    "api_tokens:revoke": lambda t, o: [{"pk": _api_token(t).pk}],
    # Their own strategy has an adopted version: archiving and deleting it are refused
    # (a public record), so the world stays whole for the URLs after these.
    "strategies:archive": lambda t, o: [{"pk": t.world.strategy.pk}],
    "strategies:unarchive": lambda t, o: [{"pk": t.world.strategy.pk}],
    "strategies:delete": lambda t, o: [{"pk": t.world.strategy.pk}],
    "records:correct": lambda t, o: [{"pk": t.world.adopted.pk}],
    "identity:group_mapping_remove": lambda t, o: [{"pk": _group_mapping(t).pk}],
}


def _group_mapping(side):
    """A group mapping of the side's organisation's identity provider."""
    if isinstance(side, Missing):
        return SimpleNamespace(pk=NOWHERE)
    return GroupMapping.objects.get(provider__organisation=side.world.organisation)


def _api_token(side):
    """The API token of the side's organisation (an id nowhere for Missing)."""
    if isinstance(side, Missing):
        return SimpleNamespace(pk=NOWHERE)
    return ApiToken.objects.get(organisation=side.world.organisation)


def document_import(side, attached=False):
    """An import of the side's organisation, in review or attached to its adopted
    version, its file holding the side's text (an id nowhere for Missing)."""
    from django.core.files.base import ContentFile

    from apps.imports.models import DocumentImport, ImportStatus

    if isinstance(side, Missing):
        return SimpleNamespace(pk=NOWHERE)
    world = side.world
    status = ImportStatus.CREATED if attached else ImportStatus.REVIEW
    found = DocumentImport.objects.filter(organisation=world.organisation, status=status).first()
    if found:
        return found
    made = DocumentImport(
        organisation=world.organisation, file_format="txt", original_name="politik.txt",
        status=status, version=world.adopted if attached else None,
        blocks=[{"kind": "paragraph", "text": world.text}],
        proposals=[{"label": "text", "role_level": "", "priority": None, "kind": "",
                    "title": ""}],
    )
    made.file.save("politik.txt", ContentFile(world.text.encode()), save=False)
    made.save()
    return made


def _adopted_item(side, model):
    """The side's row of `model` in its adopted version (none for the Missing side)."""
    items = getattr(side.world, "items", None)
    return items[model] if items is not None else SimpleNamespace(pk=NOWHERE)

# Ids in query strings: the URL pattern has no argument, the view reads one.
QUERY_URLS = {
    "compare:pick": lambda t, o: [
        f"?a={t.world.empty_draft.pk}&b={t.world.adopted.pk}",
        f"?a={o.world.adopted.pk}&b={t.world.adopted.pk}",
    ],
    "dashboards:leader": lambda t, o: [f"?unit={t.world.workplace.pk}"],
}


def _arguments(pattern) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return list(pattern.regex.groupindex)
    return []


def url_patterns(resolver=None, namespace="", inherited=()):
    """(name, namespace, arguments) of every URL pattern the site answers."""
    for entry in (resolver or get_resolver()).url_patterns:
        arguments = (*inherited, *_arguments(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from url_patterns(entry, inner, arguments)
        elif isinstance(entry, URLPattern):
            name = ":".join(filter(None, [namespace, entry.name or repr(entry.pattern)]))
            yield name, namespace.split(":")[0], arguments


def organisation_urls() -> list[str]:
    return sorted(
        name
        for name, namespace, arguments in url_patterns()
        if arguments
        and namespace not in STAFF_ONLY_NAMESPACES
        and name not in NOT_AN_OBJECT_OF_AN_ORGANISATION
    )


def test_every_url_with_an_argument_is_covered():
    assert organisation_urls() == sorted(URL_BUILDERS)


def test_the_sweep_finds_the_urls_it_is_meant_to():
    # A broken walk (no patterns found) would make the test above compare nothing.
    assert {"exports:download", "strategies:item_edit", "theme_css"} <= {
        name for name, _namespace, _arguments in url_patterns()
    }


def done_job(world, kind, media_root) -> ExportJob:
    """An export that is ready, its file holding the secret."""
    key = uuid.uuid4().hex
    path = media_root / "exports" / f"{key}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(f"%PDF-1.7 {world.text}".encode())
    return ExportJob.objects.create(
        organisation=world.organisation,
        version=world.adopted,
        kind=kind,
        version_status=world.adopted.status,
        version_revision=world.adopted.revision,
        template_version="test",
        content_key=key,
        status=ExportStatus.DONE,
        file=f"exports/{key}.pdf",
    )


def side(organisation, member_of, text, media_root) -> Side:
    world = build_hostile_world(organisation, member_of, text)
    jobs = [
        done_job(world, ExportKind.STRATEGY, media_root),
        done_job(world, ExportKind.CONSULTATION_SUMMARY, media_root),
    ]
    upload = ImportUpload.objects.create(
        organisation=world.organisation, uploaded_by=world.users[RoleLevel.COMMUNICATIONS],
        filename="hr.csv", content=f"email;name\nx@k.dk;{text}\n".encode(),
    )
    token, _secret = scim_token_create(
        actor=None, organisation=world.organisation, name=f"{text} token"
    )
    group = scim_group_save(
        organisation=world.organisation, group=None, display_name=f"{text} gruppe"
    )
    api_token_create(actor=None, organisation=world.organisation, name=f"{text} API")
    provider = IdentityProvider.objects.create(
        organisation=world.organisation, protocol=Protocol.OIDC,
        issuer="https://idp.example/o", client_id=f"{text[:40]}",
    )
    GroupMapping.objects.create(
        provider=provider, group=f"{text[:40]} gruppe", role_level=RoleLevel.EMPLOYEE
    )
    holder = ResponsibilityHolderFactory(
        organisation=world.organisation, name=f"{text[:180]} udvalg"
    )
    return Side(
        world=world, jobs=jobs, uploads=[upload], tokens=[token], groups=[group],
        holders=[holder], notification=_notification(world),
    )


def _notification(world):
    """A notification of the side's communications person (the attacker on their own)."""
    from apps.notifications.models import Kind
    from apps.notifications.services import notify

    person = world.users[RoleLevel.COMMUNICATIONS]
    notify(organisation=world.organisation, kind=Kind.PROPOSAL_AWAITING, obj=world.adopted,
           event_key=f"test:{world.adopted.pk}", recipients=[person],
           data={"strategy": world.text, "number": 1, "version": world.adopted.pk})
    return person.notifications.get(event_key=f"test:{world.adopted.pk}")


@pytest.fixture
def sides(organisation, member_of, media_root):
    own = side(organisation, member_of, "Vores egen tekst", media_root)
    other_organisation = OrganisationFactory(name=f"{SECRET} Kommune", slug="zqx-kommune")
    other = side(other_organisation, member_of, f"{SECRET} anden kommunes tekst", media_root)
    return own, other


@pytest.fixture
def attacker(sides, member_of):
    """A person of the first municipality with every role that opens a page there."""
    own, _other = sides
    person = own.world.users[RoleLevel.COMMUNICATIONS]
    member_of(own.world.organisation, RoleLevel.LEADER, own.world.workplace, user=person)
    member_of(own.world.organisation, RoleLevel.POLITICIAN, user=person)
    return person


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


# What a POST needs besides the ids for the view to get as far as doing something.
POST_DATA = {"strategies:item_move": {"direction": "down"}}


def request(client, method, url, name):
    return client.get(url) if method == "GET" else client.post(url, POST_DATA.get(name, {}))


def request_and_undo(client, method, url, name):
    """The control request on the attacker's own objects, undone afterwards, so that
    (say) deleting an item does not take it away from the next URL."""
    with transaction.atomic():
        response = request(client, method, url, name)
        body(response)
        transaction.set_rollback(True)
    return response.status_code


def urls_of(name, target, own) -> list[str]:
    if name in QUERY_URLS:
        return [reverse(name) + query for query in QUERY_URLS[name](target, own)]
    return [reverse(name, kwargs=kwargs) for kwargs in URL_BUILDERS[name](target, own)]


def test_no_url_reaches_another_organisation(client, sides, attacker):
    own, other = sides
    client.force_login(attacker)
    writes_before = AuditEvent.objects.filter(organisation=other.world.organisation).count()

    answers, expected, found, not_404 = {}, {}, {}, {}
    for name in [*organisation_urls(), *QUERY_URLS]:
        variants = zip(
            urls_of(name, other, own),
            urls_of(name, Missing(), own),
            urls_of(name, own, own),
            strict=True,
        )
        for other_url, missing_url, own_url in variants:
            post_only = page_getter(resolve(other_url.split("?")[0]).func) is not None
            for method in ("POST",) if post_only else ("GET", "POST"):
                response = request(client, method, other_url, name)
                content = body(response)
                answers[method, other_url] = (
                    response.status_code,
                    SECRET.encode() in content or content.startswith(b"%PDF"),
                )
                missing = request_and_undo(client, method, missing_url, name)
                expected[method, other_url] = (missing, False)
                if missing not in (404, 405):
                    not_404[method, name] = missing
                control = request_and_undo(client, method, own_url, name)
                # Found by at least one method (a POST may need more than ids).
                found[own_url] = found.get(own_url, False) or control not in (404, 405)

    assert answers == expected
    assert not_404 == MISSING_IS_NOT_404
    # Every control found its page: the URLs built for the other side are real ones.
    assert found == dict.fromkeys(found, True)
    assert AuditEvent.objects.filter(organisation=other.world.organisation).count() == (
        writes_before
    )
    assert ExportJob.objects.filter(organisation=other.world.organisation).count() == 2


def test_the_admin_is_closed_to_municipal_staff(client, sides, attacker):
    _own, other = sides
    client.force_login(attacker)
    urls = [
        reverse("admin:index"),
        reverse("admin:strategies_strategy_change", args=[other.world.strategy.pk]),
        reverse("admin:strategies_strategy_changelist"),
    ]

    answers = {url: client.get(url) for url in urls}

    assert {url: r.status_code for url, r in answers.items()} == dict.fromkeys(urls, 302)
    assert {url: r.url.split("?")[0] for url, r in answers.items()} == dict.fromkeys(
        urls, reverse("admin:login")
    )
    assert [url for url, r in answers.items() if SECRET.encode() in r.content] == []


def test_theme_css_holds_nothing_but_colours(client, sides):
    _own, other = sides
    organisation = other.world.organisation

    response = client.get(reverse("theme_css", args=[organisation.slug]))

    declarations = re.findall(r"--kompas-[a-z]+: ([^;]*);", response.text)
    assert declarations == [organisation.primary_colour, organisation.secondary_colour]
    assert SECRET not in response.text
