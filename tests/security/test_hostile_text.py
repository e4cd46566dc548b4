"""Hostile text in every field is stored exactly as written and shown inert everywhere.

For each string of the catalogue (tests/security/hostile.py) a municipality is built
whose every free-text field holds it, written through the real services and taken
through consultation to adoption. Then: the database holds the exact text; every page
that shows it parses to markup with no script but our own nonce'd files, no event
handler, no javascript:/data: URL and no SVG but our own; and the PDFs of the
strategy and of the consultation summary hold no action, script or non-web link.
Kompas sends no e-mail, so there is no e-mail to check.
"""

import io
import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from apps.exports.models import ExportJob
from apps.organisations.models import RoleLevel
from apps.strategies import models as sm
from apps.strategies import services
from apps.strategies.forms import CONTENT_TYPES
from tests.exports.pdfread import normalise, pdftotext

from .hostile import (
    HOSTILE,
    HOSTILE_URL,
    MEGABYTE,
    PRINTABLE,
    build_hostile_world,
    fit,
    free_text_fields,
    megabyte_text,
)
from .htmlforms import form_with
from .inert import page_problems, pdf_problems

pytestmark = pytest.mark.django_db

KEY_OF_MODEL = {content_type.model: key for key, content_type in CONTENT_TYPES.items()}


@pytest.fixture(params=list(HOSTILE), ids=list(HOSTILE))
def world(request, organisation, member_of):
    return build_hostile_world(organisation, member_of, HOSTILE[request.param])


# PDFs take seconds each, so they are made of two worlds that hold the whole catalogue:
# every long text field has all of it, each short one what fits of it from one end.
BUNDLES = {
    "catalogue": "\n".join(HOSTILE.values()),
    "catalogue-reversed": "\n".join(reversed(HOSTILE.values())),
}
# A few printable strings whose printed text is read back from the PDF.
PRINTED = ["script", "attribute-breakout", "pdf-syntax"]


@pytest.fixture(params=list(BUNDLES), ids=list(BUNDLES))
def bundle_world(request, organisation, member_of):
    return build_hostile_world(organisation, member_of, BUNDLES[request.param])


@pytest.fixture(params=PRINTED, ids=PRINTED)
def printable_world(request, organisation, member_of):
    return build_hostile_world(organisation, member_of, PRINTABLE[request.param])


def stored_texts(world) -> dict:
    """Every free-text value as the database holds it, by (model, field)."""
    texts = {}
    for model, row in world.items.items():
        names = [f.name for f in free_text_fields(model)]
        if not names:  # a platform used by a role is two links and nothing else
            continue
        stored = model.objects.filter(pk=row.pk).values(*names).get()
        texts.update({(model.__name__, name): value for name, value in stored.items()})
    strategy = sm.Strategy.objects.values("title", "subtitle").get(pk=world.strategy.pk)
    version = sm.StrategyVersion.objects.values(
        "dated",
        "period_label",
        "change_summary",
        "adopted_by",
        "case_reference",
        "adoption_note",
    ).get(pk=world.adopted.pk)
    texts.update({("Strategy", name): value for name, value in strategy.items()})
    texts.update({("StrategyVersion", name): value for name, value in version.items()})
    for n, comment in enumerate(world.comments):
        texts[("Comment", f"text {n}")] = comment.text
    texts[("Comment", "response")] = world.comments[0].response
    texts[("Comment", "resulting_change")] = world.comments[0].resulting_change
    texts.update(
        {
            ("VersionTransition", f"note {t.to_status}"): t.note
            for t in sm.VersionTransition.objects.filter(version=world.adopted)
        }
    )
    texts[("CheckIn", "note")] = world.check_in.note
    return texts


def expected_texts(world) -> dict:
    """The same keys, each with the hostile text (cut to the field's limit)."""
    text = world.text
    expected = {
        (model.__name__, f.name): fit(model, f.name, text)
        for model in world.items
        for f in free_text_fields(model)
    }
    expected.update(
        {
            ("Strategy", "title"): fit(sm.Strategy, "title", text),
            ("Strategy", "subtitle"): fit(sm.Strategy, "subtitle", text),
            **{
                ("StrategyVersion", name): fit(sm.StrategyVersion, name, text)
                for name in (
                    "dated",
                    "period_label",
                    "change_summary",
                    "adopted_by",
                    "case_reference",
                    "adoption_note",
                )
            },
            ("Comment", "text 0"): text,
            ("Comment", "text 1"): text,
            ("Comment", "response"): text,
            ("Comment", "resulting_change"): text,
            **{
                ("VersionTransition", f"note {status}"): text
                for status in (
                    sm.VersionStatus.CONSULTATION,
                    sm.VersionStatus.PROPOSED,
                    sm.VersionStatus.ADOPTED,
                )
            },
            ("CheckIn", "note"): text,
        }
    )
    return expected


def pages(world) -> list[tuple[str, object]]:
    """Every page that shows the hostile text, with the person who reads it."""
    users = world.users
    comms, leader = users[RoleLevel.COMMUNICATIONS], users[RoleLevel.LEADER]
    adopted, draft, empty = world.adopted, world.changed_draft, world.empty_draft
    strategy = world.strategy
    shown = [
        (reverse("strategies:list"), comms),
        (reverse("strategies:detail", args=[strategy.pk]), comms),
        (reverse("strategies:audit", args=[strategy.pk]), comms),
        (reverse("strategies:version_detail", args=[adopted.pk]), comms),
        (reverse("strategies:version_detail", args=[adopted.pk]), users[RoleLevel.EMPLOYEE]),
        (reverse("strategies:version_detail", args=[draft.pk]), comms),
        (reverse("strategies:version_edit", args=[draft.pk]), comms),
        (reverse("compare:versions", args=[empty.pk, adopted.pk]), comms),
        (reverse("compare:versions", args=[adopted.pk, empty.pk]), comms),
        (reverse("compare:with_adopted", args=[draft.pk]), comms),
        (reverse("consultations:version", args=[adopted.pk]), comms),
        (reverse("consultations:version", args=[adopted.pk]), users[RoleLevel.POLITICIAN]),
        (reverse("consultations:summary", args=[adopted.pk]), comms),
        (reverse("consultations:answer", args=[world.comments[0].pk]), comms),
        (reverse("dashboards:communications"), comms),
        (reverse("dashboards:executive"), users[RoleLevel.EXECUTIVE_BOARD]),
        (reverse("dashboards:politician"), users[RoleLevel.POLITICIAN]),
        (reverse("dashboards:leader"), leader),
        (reverse("dashboards:employee"), users[RoleLevel.EMPLOYEE]),
        (reverse("obligations:list"), leader),
        (reverse("obligations:check_ins", args=[world.workplace.pk]), leader),
        (reverse("notifications:inbox"), users[RoleLevel.POLITICIAN]),
    ]
    for model, row in world.draft_items.items():
        key = KEY_OF_MODEL[model]
        shown.append((reverse("strategies:item_edit", args=[draft.pk, key, row.pk]), comms))
        shown.append((reverse("strategies:item_delete", args=[draft.pk, key, row.pk]), comms))
    return shown


def test_the_text_is_stored_exactly_and_every_page_showing_it_is_inert(client, world):
    # One test per string, as building its world takes most of the time.
    assert stored_texts(world) == expected_texts(world)
    assert sm.RelatedDocument.objects.get(pk=world.items[sm.RelatedDocument].pk).url == (
        HOSTILE_URL
    )
    problems = {}
    for url, reader in pages(world):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200, url
        problems[url] = page_problems(response)
    assert problems == {url: [] for url in problems}

    client.force_login(world[RoleLevel.COMMUNICATIONS])
    response = client.get(reverse("strategies:version_detail", args=[world.adopted.pk]))
    assert f"<h1>{escape(world.text)}</h1>" in response.text


def exported_pdf(client, django_capture_on_commit_callbacks, url) -> bytes:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = ExportJob.objects.get(pk=int(re.search(r"/exports/(\d+)/", response.url).group(1)))
    assert job.is_done, job.error
    download = client.get(reverse("exports:download", args=[job.pk]))
    assert download.status_code == 200
    return b"".join(download.streaming_content)


def test_strategy_and_summary_pdfs_hold_nothing_active(
    client, bundle_world, django_capture_on_commit_callbacks
):
    world = bundle_world
    client.force_login(world[RoleLevel.COMMUNICATIONS])
    # (url, archival): the adopted version's documents are PDF/A-3 with their JSON.
    urls = [
        (reverse("exports:create", args=[world.adopted.pk]), True),
        (reverse("exports:create", args=[world.changed_draft.pk]), False),
        (reverse("exports:summary_create", args=[world.adopted.pk]), True),
    ]

    problems = {
        url: pdf_problems(
            exported_pdf(client, django_capture_on_commit_callbacks, url), archival=archival
        )
        for url, archival in urls
    }
    urls = [url for url, _archival in urls]

    assert problems == {url: [] for url in urls}


def test_strategy_pdf_prints_the_text_as_text(
    client, printable_world, django_capture_on_commit_callbacks
):
    world = printable_world
    client.force_login(world[RoleLevel.COMMUNICATIONS])

    data = exported_pdf(
        client,
        django_capture_on_commit_callbacks,
        reverse("exports:create", args=[world.adopted.pk]),
    )

    assert PdfReader(io.BytesIO(data)).metadata.title == world.text
    assert normalise(world.text) in normalise(pdftotext(data, first=1, last=1))


def test_a_megabyte_of_hostile_text_is_saved_through_the_editor_and_shown_inert(
    client, organisation, member_of
):
    comms = member_of(organisation, RoleLevel.COMMUNICATIONS)
    strategy = services.strategy_create(
        organisation=organisation, actor=comms, kind=sm.StrategyKind.STRATEGY, title="Stor"
    )
    draft = strategy.versions.get()
    text = megabyte_text(HOSTILE["svg-script"] + HOSTILE["control-characters"])
    client.force_login(comms)
    add = reverse("strategies:item_add", args=[draft.pk, "section"])
    page = client.get(add).text
    form, body = form_with(page, "body")
    heading, kind = form_with(page, "heading")[1], form_with(page, "kind")[1]

    response = client.post(
        form["action"] or add,
        {**form["fields"], heading: "Stor", kind: sm.SectionKind.PURPOSE, body: text},
    )

    assert response.status_code == 302
    assert len(text) == MEGABYTE
    # Exactly as typed, but for line breaks: browsers send CRLF, the editor stores LF.
    assert sm.Section.objects.get(version=draft).body == text.replace("\r", "\n")
    page = client.get(reverse("strategies:version_detail", args=[draft.pk]))
    assert page_problems(page) == []
    assert page.text.count("&lt;svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/svg&gt;") == 2
