"""The upload and review screens, for the communications department only, and the
original file for whoever may read the draft."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.imports.models import DocumentImport, ImportStatus
from apps.organisations.models import RoleLevel
from apps.strategies.models import Responsibility, Stakeholder, StrategyVersion
from tests.submissions import token_of

from .badfiles import BAD_FILES
from .documents import layout, write_docx

pytestmark = pytest.mark.django_db

POLICY = """Kommunikationspolitik

Vedtaget af Byrådet den 24. april 2012

Formål

Vi kommunikerer åbent.

Målgrupper

1. Borgere
2. Virksomheder

Ledernes ansvar

Lederne sikrer, at medarbejderne er informeret.
"""


def upload(client, organisation, **data):
    return client.post(reverse("imports:upload"), {"organisation": organisation.pk, **data})


def test_communications_uploads_reviews_and_creates_the_draft(
    client, organisation, communications, media_root
):
    client.force_login(communications)
    response = upload(client, organisation, text=POLICY)
    document_import = DocumentImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("imports:review", args=[document_import.pk])

    page = client.get(response.url)
    assert page.status_code == 200
    assert "Vedtaget af Byrådet den 24. april 2012" in page.content.decode()
    labels = [p["label"] for p in document_import.proposals]
    stakeholders = [i for i, label in enumerate(labels) if label == "stakeholder"]
    responsibility = labels.index("responsibility")

    form = {f"label-{i}": label for i, label in enumerate(labels)}
    form |= {f"priority-{stakeholders[0]}": "2", f"priority-{stakeholders[1]}": "1",
             f"role-{responsibility}": RoleLevel.LEADER, "action": "create",
             "title": "Kommunikationspolitik", "kind": "policy"}
    created = client.post(reverse("imports:review", args=[document_import.pk]), form)

    version = StrategyVersion.objects.get()
    assert created.url == reverse("strategies:version_detail", args=[version.pk])
    assert list(Stakeholder.objects.filter(version=version).values_list("name", "priority")) \
        == [("Borgere", 2), ("Virksomheder", 1)]
    assert Responsibility.objects.get(version=version).role_level == RoleLevel.LEADER
    document_import.refresh_from_db()
    assert document_import.status == ImportStatus.CREATED
    assert document_import.adoption["adopted_by"] == "Byrådet"
    assert document_import.adoption["adopted_on"] == "2012-04-24"


def test_changing_a_type_in_the_review_changes_what_the_draft_holds(
    client, organisation, communications, media_root
):
    client.force_login(communications)
    upload(client, organisation, text=POLICY)
    document_import = DocumentImport.objects.get()
    labels = [p["label"] for p in document_import.proposals]
    form = {f"label-{i}": "text" if label == "stakeholder" else label
            for i, label in enumerate(labels)}

    client.post(reverse("imports:review", args=[document_import.pk]),
                {**form, "action": "create", "kind": "policy"})

    version = StrategyVersion.objects.get()
    assert Stakeholder.objects.filter(version=version).count() == 0
    assert "Borgere" in version.sections.get(heading="Målgrupper").body


def test_blocks_can_be_joined_and_split(client, organisation, communications, media_root):
    client.force_login(communications)
    upload(client, organisation, text="Formål\n\nFørste sætning. Anden sætning.\n\nTredje.")
    document_import = DocumentImport.objects.get()
    url = reverse("imports:review", args=[document_import.pk])

    client.post(url, {"action": "split-1"})
    document_import.refresh_from_db()
    assert [b["text"] for b in document_import.blocks] == [
        "Formål", "Første sætning.", "Anden sætning.", "Tredje."]

    client.post(url, {"action": "merge-3"})
    document_import.refresh_from_db()
    assert [b["text"] for b in document_import.blocks] == [
        "Formål", "Første sætning.", "Anden sætning. Tredje."]


def test_a_bad_upload_shows_its_reason_in_danish_and_keeps_nothing(
    client, organisation, communications, media_root
):
    name, make, _message = BAD_FILES["old-doc"]
    communications.preferred_language = "da"
    communications.save(update_fields=["preferred_language"])
    client.force_login(communications)

    response = client.post(reverse("imports:upload"), {
        "organisation": organisation.pk, "file": SimpleUploadedFile(name, make()),
    })

    assert response.status_code == 200
    assert "gammelt Word-dokument" in response.content.decode()
    assert DocumentImport.objects.count() == 0


@pytest.mark.parametrize(
    "role", [RoleLevel.EMPLOYEE, RoleLevel.LEADER, RoleLevel.POLITICIAN,
             RoleLevel.EXECUTIVE_BOARD],
)
def test_only_the_communications_department_may_import(
    client, organisation, communications, member_of, media_root, role
):
    client.force_login(communications)
    upload(client, organisation, text=POLICY)
    document_import = DocumentImport.objects.get()
    client.force_login(member_of(organisation, role))

    answers = [
        client.get(reverse("imports:upload")).status_code,
        client.get(reverse("imports:review", args=[document_import.pk])).status_code,
        client.post(reverse("imports:discard", args=[document_import.pk])).status_code,
        client.get(reverse("imports:download", args=[document_import.pk])).status_code,
    ]

    assert answers == [404, 404, 404, 404]
    assert DocumentImport.objects.count() == 1


def test_the_original_file_is_kept_with_the_draft_for_those_who_may_read_it(
    client, organisation, communications, member_of, media_root
):
    data = write_docx(layout("glostrup"))
    client.force_login(communications)
    client.post(reverse("imports:upload"), {
        "organisation": organisation.pk,
        "file": SimpleUploadedFile("Kommunikationspolitik.docx", data),
    })
    document_import = DocumentImport.objects.get()
    client.post(reverse("imports:review", args=[document_import.pk]),
                {"action": "create", "kind": "policy"})
    url = reverse("imports:download", args=[document_import.pk])

    own = client.get(url)
    executive = member_of(organisation, RoleLevel.EXECUTIVE_BOARD)  # may read drafts
    employee = member_of(organisation, RoleLevel.EMPLOYEE)  # may not
    client.force_login(executive)
    theirs = client.get(url)
    client.force_login(employee)
    refused = client.get(url)

    assert b"".join(own.streaming_content) == data
    assert 'filename="Kommunikationspolitik.docx"' in own["Content-Disposition"]
    assert b"".join(theirs.streaming_content) == data
    assert refused.status_code == 404


def test_discarding_removes_the_import_and_its_file(
    client, organisation, communications, media_root, django_capture_on_commit_callbacks
):
    client.force_login(communications)
    upload(client, organisation, text=POLICY)
    document_import = DocumentImport.objects.get()
    path = media_root / document_import.file.name
    assert path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:discard", args=[document_import.pk]))

    assert response.status_code == 302
    assert DocumentImport.objects.count() == 0
    assert not path.exists()


def test_the_upload_page_takes_the_same_queries_however_many_documents_wait(
    client, organisation, communications, media_root
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(communications)
    upload(client, organisation, text=POLICY)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("imports:upload"))
    for n in range(5):
        upload(client, organisation, text=f"{POLICY}\n\nTillæg {n}.")
    with CaptureQueriesContext(connection) as six:
        page = client.get(reverse("imports:upload"))

    assert page.content.decode().count('href="/imports/') == 6
    assert len(six.captured_queries) == len(one.captured_queries)


def test_the_version_page_include_lists_the_original_document_with_its_link(
    organisation, communications, media_root
):
    from django.template import Context, Template

    from apps.imports import services

    document_import = services.import_prepare(
        organisation=organisation, actor=communications, name="politik.txt",
        data=POLICY.encode(),
    )
    version = services.import_create_draft(document_import=document_import, actor=communications)

    html = Template("{% load imports %}{% version_attachments version %}").render(
        Context({"version": version})
    )

    assert reverse("imports:download", args=[document_import.pk]) in html
    assert "politik.txt" in html


def test_the_review_of_a_long_document_can_be_saved(
    client, organisation, communications, media_root
):
    text = "Politik\n\n" + "\n\n".join(f"Afsnit nummer {n}." for n in range(1500))
    client.force_login(communications)
    upload(client, organisation, text=text)
    document_import = DocumentImport.objects.get()
    form = {f"label-{i}": p["label"] for i, p in enumerate(document_import.proposals)}
    form[f"label-{len(form) - 1}"] = "goal"

    response = client.post(reverse("imports:review", args=[document_import.pk]),
                           {**form, "action": "save"})

    document_import.refresh_from_db()
    assert response.status_code == 302
    assert document_import.proposals[-1]["label"] == "goal"


def test_the_version_page_offers_the_original_document_and_the_list_offers_an_import(
    client, organisation, communications, media_root
):
    from apps.imports import services

    document_import = services.import_prepare(
        organisation=organisation, actor=communications, name="politik.txt",
        data=POLICY.encode(),
    )
    version = services.import_create_draft(document_import=document_import, actor=communications)
    client.force_login(communications)

    page = client.get(reverse("strategies:version_detail", args=[version.pk]))
    listing = client.get(reverse("strategies:list"))

    assert reverse("imports:download", args=[document_import.pk]) in page.text
    assert reverse("imports:upload") in listing.text


def test_an_upload_sent_twice_from_the_same_form_is_read_once(
    client, organisation, communications, media_root
):
    client.force_login(communications)
    token = token_of(client.get(reverse("imports:upload")))

    first = upload(client, organisation, text=POLICY, submission=token)
    again = upload(client, organisation, text=POLICY, submission=token)

    assert again.url == first.url
    assert DocumentImport.objects.count() == 1


def test_creating_the_draft_sent_twice_creates_one_strategy(
    client, organisation, communications, media_root
):
    client.force_login(communications)
    upload(client, organisation, text=POLICY)
    document_import = DocumentImport.objects.get()
    url = reverse("imports:review", args=[document_import.pk])
    labels = [p["label"] for p in document_import.proposals]
    form = {f"label-{i}": label for i, label in enumerate(labels)}
    form |= {"action": "create", "title": "Kommunikationspolitik", "kind": "policy",
             "submission": token_of(client.get(url), url)}

    first = client.post(url, form)
    again = client.post(url, form)

    assert again.url == first.url
    assert StrategyVersion.objects.count() == 1
