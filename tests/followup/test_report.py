"""The follow-up report for the council: a tagged PDF/UA in the document's language,
made in the background like the strategy PDF."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from apps.exports import services as export_services
from apps.exports.models import ExportJob, ExportKind, ExportStatus
from apps.followup import report, services
from apps.followup.models import ProgressStatus
from apps.organisations.models import RoleLevel
from apps.strategies.models import Action
from tests.exports.pdfread import normalise, pdftotext

pytestmark = pytest.mark.django_db

YEAR = str(timezone.localdate().year)


@pytest.fixture
def followed(world, measured, eager_celery, media_root):
    comms = world[RoleLevel.COMMUNICATIONS]
    action = Action.objects.get(version=measured.version, title="Skilte i borgerservice")
    services.action_progress_record(
        action=action,
        actor=world[RoleLevel.LEADER],
        status=ProgressStatus.AT_RISK,
        percent=40,
        text="Leverandøren er forsinket.",
    )
    services.measurement_record(
        indicator=measured, actor=comms, period=f"{YEAR}-Q1", value=Decimal("58")
    )
    services.measurement_record(indicator=measured, actor=comms, period="2019", value=Decimal("12"))
    return measured.version


def test_the_report_holds_the_period_s_actions_updates_indicators_and_centres(followed):
    printed = report.printed_report(followed, YEAR)

    skilte = next(a for a in printed.actions if a.title == "Skilte i borgerservice")
    assert (skilte.status, skilte.overdue, skilte.percent) == ("I risiko", True, "40")
    assert [u.text for u in skilte.updates] == ["Leverandøren er forsinket."]
    (indicator,) = printed.indicators
    assert indicator.values == ((f"{YEAR}-Q1", "58"),)  # 2019 is outside the period
    assert indicator.status == "Ikke på rette vej"
    assert {c.name for c in printed.centres} == {"Center for Kultur", "Center for Politik"}


def test_an_earlier_period_leaves_out_what_came_after_it(followed):
    printed = report.printed_report(followed, "2019")

    skilte = next(a for a in printed.actions if a.title == "Skilte i borgerservice")
    assert skilte.updates == ()
    assert printed.indicators[0].values == (("2019", "12"),)


def test_the_council_gets_the_report_as_a_tagged_pdf_in_the_document_s_language(
    client, world, followed, django_capture_on_commit_callbacks
):
    client.force_login(world[RoleLevel.POLITICIAN])

    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(reverse("followup:report", args=[followed.pk]), {"period": YEAR})
    job = ExportJob.objects.get()
    download = client.get(reverse("exports:download", args=[job.pk]))

    assert created.url == reverse("exports:job_status", args=[job.pk])
    assert (job.kind, job.period, job.status) == (
        ExportKind.FOLLOWUP_REPORT,
        YEAR,
        ExportStatus.DONE,
    )
    assert f'filename="status-{YEAR}-' in download["Content-Disposition"]
    status_page = client.get(created.url).content.decode()
    assert f"PDF of the follow-up report for {YEAR}" in status_page
    data = b"".join(download.streaming_content)
    catalog = PdfReader(io.BytesIO(data)).trailer["/Root"]
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert catalog["/Lang"] == "da" and 'pdfuaid:part="1"' in xmp
    assert "/StructTreeRoot" in catalog
    text = normalise(pdftotext(data))
    for words in (
        f"Status for {YEAR}",
        "Leverandøren er forsinket.",
        "I risiko",
        "Andel borgere, der forstår brevet",
        f"{YEAR}-Q1",
        "Center for Kultur",
    ):
        assert normalise(words) in text, words


def test_a_new_measurement_makes_a_new_report_and_the_same_data_reuses_the_file(
    world, followed, django_capture_on_commit_callbacks
):
    politician = world[RoleLevel.POLITICIAN]

    def ask():
        with django_capture_on_commit_callbacks(execute=True):
            return export_services.export_request(
                version=followed,
                actor=politician,
                kind=ExportKind.FOLLOWUP_REPORT,
                period=YEAR,
            )

    first, again = ask(), ask()
    services.measurement_record(
        indicator=followed.indicators.get(),
        actor=world[RoleLevel.COMMUNICATIONS],
        period=f"{YEAR}-Q2",
        value=Decimal("66"),
    )
    changed = ask()

    assert first.pk == again.pk != changed.pk
    changed.refresh_from_db()
    with changed.file.open("rb") as stored:
        assert normalise(f"{YEAR}-Q2") in normalise(pdftotext(stored.read()))


def test_a_period_that_is_not_one_is_refused_with_the_reason(client, world, followed):
    client.force_login(world[RoleLevel.POLITICIAN])

    response = client.post(reverse("followup:report", args=[followed.pk]), {"period": "i år"})

    assert response.status_code == 422
    assert "Write the period as a year (2025)" in response.content.decode()
    assert not ExportJob.objects.exists()
