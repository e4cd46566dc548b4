"""The export pages: asking for a PDF, watching it being made, downloading it."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from apps.exports import services
from apps.exports.models import ExportJob, ExportStatus
from apps.organisations.models import RoleLevel
from apps.strategies.models import StrategyVersion, VersionStatus
from tests.factories import SectionFactory, VersionFactory, mark_adopted

pytestmark = pytest.mark.django_db


def make_version(organisation, status=VersionStatus.ADOPTED):
    version = VersionFactory(strategy__organisation=organisation, strategy__title="Åben kommune")
    SectionFactory(version=version, heading="Formål", body="Vi taler klart.")
    if status == VersionStatus.ADOPTED:
        return mark_adopted(version)
    StrategyVersion.objects.filter(pk=version.pk).update(status=status)
    version.refresh_from_db()
    return version


@pytest.fixture
def adopted(organisation):
    return make_version(organisation)


@pytest.fixture
def employee(organisation, member_of):
    return member_of(organisation, RoleLevel.EMPLOYEE)


def queued_job(version, actor, capture):
    with capture(execute=False):
        return services.export_request(version=version, actor=actor)


def done_job(version, actor, capture):
    with capture(execute=True):
        job = services.export_request(version=version, actor=actor)
    job.refresh_from_db()
    return job


# Who may export a version in each state: 302 to the status page, or 404 as if missing.
@pytest.mark.parametrize(
    ("role_level", "status", "expected"),
    [
        (RoleLevel.EMPLOYEE, VersionStatus.ADOPTED, 302),
        (RoleLevel.POLITICIAN, VersionStatus.ADOPTED, 302),
        (RoleLevel.COMMUNICATIONS, VersionStatus.ADOPTED, 302),
        (RoleLevel.EMPLOYEE, VersionStatus.DRAFT, 404),
        (RoleLevel.LEADER, VersionStatus.DRAFT, 404),
        (RoleLevel.POLITICIAN, VersionStatus.DRAFT, 404),
        (RoleLevel.EXECUTIVE_BOARD, VersionStatus.DRAFT, 302),
        (RoleLevel.COMMUNICATIONS, VersionStatus.DRAFT, 302),
        (RoleLevel.EMPLOYEE, VersionStatus.CONSULTATION, 404),
        (RoleLevel.POLITICIAN, VersionStatus.CONSULTATION, 302),
        (RoleLevel.COMMUNICATIONS, VersionStatus.CONSULTATION, 302),
    ],
)
def test_export_permission_matrix(
    client,
    organisation,
    member_of,
    role_level,
    status,
    expected,
    django_capture_on_commit_callbacks,
):
    version = make_version(organisation, status)
    client.force_login(member_of(organisation, role_level))

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("exports:create", args=[version.pk]))

    assert response.status_code == expected
    assert ExportJob.objects.count() == (1 if expected == 302 else 0)


def test_post_returns_at_once_with_the_status_page_and_the_task_runs_after_commit(
    client, adopted, employee, django_capture_on_commit_callbacks
):
    client.force_login(employee)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("exports:create", args=[adopted.pk]))

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("exports:job_status", args=[job.pk])
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE


def test_export_needs_post(client, adopted, employee):
    client.force_login(employee)

    response = client.get(reverse("exports:create", args=[adopted.pk]))

    assert response["Location"] == reverse("strategies:version_detail", args=[adopted.pk])
    assert not ExportJob.objects.exists()


def test_pending_status_page_polls_with_htmx_and_refreshes_without_javascript(
    client, adopted, employee, django_capture_on_commit_callbacks
):
    job = queued_job(adopted, employee, django_capture_on_commit_callbacks)
    client.force_login(employee)

    response = client.get(reverse("exports:job_status", args=[job.pk]))

    html = response.text
    assert response.status_code == 200
    assert f'hx-get="{reverse("exports:job_status", args=[job.pk])}"' in html
    assert 'hx-trigger="every 2s"' in html
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert 'role="status"' in html
    assert reverse("exports:download", args=[job.pk]) not in html
    assert response["Cache-Control"] == "no-store"


def test_htmx_poll_gets_only_the_state_fragment(
    client, adopted, employee, django_capture_on_commit_callbacks
):
    job = queued_job(adopted, employee, django_capture_on_commit_callbacks)
    client.force_login(employee)

    response = client.get(
        reverse("exports:job_status", args=[job.pk]), headers={"HX-Request": "true"}
    )

    assert response.text.lstrip().startswith('<div id="export-state-body"')
    assert "<html" not in response.text
    assert "HX-Request" in response["Vary"]


def test_done_status_page_stops_polling_and_links_the_download(
    client, adopted, employee, django_capture_on_commit_callbacks
):
    job = done_job(adopted, employee, django_capture_on_commit_callbacks)
    client.force_login(employee)

    fragment = client.get(
        reverse("exports:job_status", args=[job.pk]), headers={"HX-Request": "true"}
    ).text
    page = client.get(reverse("exports:job_status", args=[job.pk])).text

    for html in (fragment, page):
        assert "hx-trigger" not in html
        assert reverse("exports:download", args=[job.pk]) in html
    assert "http-equiv" not in page


def test_failed_status_page_offers_to_try_again(
    client, adopted, employee, django_capture_on_commit_callbacks
):
    job = queued_job(adopted, employee, django_capture_on_commit_callbacks)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.FAILED, error="ValueError: /srv/secret/path"
    )
    client.force_login(employee)

    response = client.get(reverse("exports:job_status", args=[job.pk]))

    assert f'action="{reverse("exports:create", args=[adopted.pk])}"' in response.text
    assert "hx-trigger" not in response.text
    assert "/srv/secret/path" not in response.text


def test_download_is_a_pdf_attachment_with_a_safe_name(
    client, adopted, employee, django_capture_on_commit_callbacks
):
    job = done_job(adopted, employee, django_capture_on_commit_callbacks)
    client.force_login(employee)

    response = client.get(reverse("exports:download", args=[job.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="aaben-kommune-v{adopted.number}.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.7")


def test_download_of_an_unfinished_job_is_not_found(
    client, adopted, employee, django_capture_on_commit_callbacks
):
    job = queued_job(adopted, employee, django_capture_on_commit_callbacks)
    client.force_login(employee)

    response = client.get(reverse("exports:download", args=[job.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("page", ["exports:job_status", "exports:download"])
def test_another_organisations_job_is_not_found(
    client,
    organisation,
    other_organisation,
    member_of,
    adopted,
    page,
    django_capture_on_commit_callbacks,
):
    job = done_job(adopted, member_of(organisation), django_capture_on_commit_callbacks)
    client.force_login(member_of(other_organisation, RoleLevel.COMMUNICATIONS))

    response = client.get(reverse(page, args=[job.pk]))

    assert response.status_code == 404


def test_exporting_another_organisations_version_is_not_found(client, other_organisation, employee):
    theirs = make_version(other_organisation)
    client.force_login(employee)

    response = client.post(reverse("exports:create", args=[theirs.pk]))

    assert response.status_code == 404
    assert ExportJob.objects.count() == 0


@pytest.mark.parametrize("page", ["exports:job_status", "exports:download"])
def test_a_drafts_pdf_stays_hidden_from_those_who_may_not_see_drafts_after_adoption(
    client, organisation, member_of, page, django_capture_on_commit_callbacks
):
    draft = make_version(organisation, VersionStatus.DRAFT)
    comms = member_of(organisation, RoleLevel.COMMUNICATIONS)
    job = done_job(draft, comms, django_capture_on_commit_callbacks)
    mark_adopted(draft)
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))

    response = client.get(reverse(page, args=[job.pk]))

    assert response.status_code == 404


def test_colleagues_share_the_same_job(
    client, organisation, member_of, adopted, django_capture_on_commit_callbacks
):
    job = done_job(adopted, member_of(organisation), django_capture_on_commit_callbacks)
    client.force_login(member_of(organisation, RoleLevel.LEADER))

    response = client.post(reverse("exports:create", args=[adopted.pk]))

    assert response.url == reverse("exports:job_status", args=[job.pk])


def test_anonymous_visitor_is_sent_to_login(client, adopted):
    response = client.post(reverse("exports:create", args=[adopted.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_export_button_posts_to_the_export_with_csrf(rf, adopted, employee):
    request = rf.get("/")
    request.user = employee

    with translation.override("en"):
        html = render_to_string(
            "exports/includes/export_button.html", {"version": adopted}, request=request
        )

    assert f'action="{reverse("exports:create", args=[adopted.pk])}"' in html
    assert 'method="post"' in html
    assert "csrfmiddlewaretoken" in html
    assert "Download as PDF" in html
