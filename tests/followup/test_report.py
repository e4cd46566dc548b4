"""The follow-up report for the council: a tagged PDF/UA in the document's language,
made in the background like the strategy PDF."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from apps.exports import services as export_services
from apps.exports.models import ExportJob, ExportKind, ExportStatus
from apps.followup import report, services
from apps.followup.centres import centres_as_of, period_quarters
from apps.followup.models import PeriodKind, ProgressStatus
from apps.followup.periods import period_label
from apps.obligations import selectors as obligation_selectors
from apps.obligations.models import Acknowledgement, CheckInStatus, quarter_start
from apps.organisations.models import RoleLevel
from apps.strategies.models import Action
from tests.exports.pdfread import normalise, pdftotext
from tests.obligations.factories import CheckInFactory, acknowledge_all

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


def _at(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _previous_quarter() -> tuple[datetime.date, datetime.date, str]:
    this_quarter = quarter_start(timezone.localdate())
    last_day = this_quarter - datetime.timedelta(days=1)
    first_day = quarter_start(last_day)
    return first_day, last_day, period_label(PeriodKind.QUARTER, first_day)


def _check_in(world, period, obligation):
    CheckInFactory(
        organisation=world.organisation, unit=world.workplace, period=period,
        strategy_id=obligation.strategy_id, text_hash=obligation.text_hash,
        text=obligation.text, role_level=obligation.role_level, version=world.adopted,
        status=CheckInStatus.ON_TRACK,
    )


def test_centre_shares_count_what_was_done_by_the_period_s_end_not_today(world):
    first_day, last_day, previous = _previous_quarter()
    employee = world[RoleLevel.EMPLOYEE]
    acknowledge_all(world.organisation, employee)
    rows = list(Acknowledgement.objects.filter(user=employee).order_by("pk"))
    assert len(rows) >= 2
    # One acknowledged on the previous quarter's last day, the rest the day after.
    Acknowledgement.objects.filter(pk=rows[0].pk).update(acknowledged_at=_at(last_day))
    Acknowledgement.objects.filter(pk__in=[r.pk for r in rows[1:]]).update(
        acknowledged_at=_at(last_day + datetime.timedelta(days=1))
    )
    index = obligation_selectors.obligation_index(world.organisation)
    owed = [o for o in index.obligations if o.role_level == RoleLevel.LEADER]
    _check_in(world, first_day, owed[0])  # in the previous quarter
    _check_in(world, last_day + datetime.timedelta(days=1), owed[1])  # in this one
    _check_in(world, last_day + datetime.timedelta(days=1), owed[0])

    before = {c.unit.name: c for c in centres_as_of(
        world.organisation, start=first_day, end=last_day)}
    now = {c.unit.name: c for c in centres_as_of(
        world.organisation, start=quarter_start(timezone.localdate()),
        end=timezone.localdate())}

    kultur_before, kultur_now = before["Center for Kultur"], now["Center for Kultur"]
    assert kultur_before.coverage.acknowledged == 1
    assert kultur_now.coverage.acknowledged == len(rows)
    assert kultur_before.coverage.required == kultur_now.coverage.required
    assert (kultur_before.recorded, kultur_now.recorded) == (1, 2)
    assert kultur_before.expected == kultur_now.expected > 0
    assert before["Center for Politik"].recorded == 0


def test_the_printed_report_of_an_earlier_quarter_shows_that_quarter_s_shares(world, followed):
    first_day, last_day, previous = _previous_quarter()
    index = obligation_selectors.obligation_index(world.organisation)
    owed = [o for o in index.obligations if o.role_level == RoleLevel.LEADER]
    _check_in(world, first_day, owed[0])
    _check_in(world, quarter_start(timezone.localdate()), owed[0])
    _check_in(world, quarter_start(timezone.localdate()), owed[1])
    expected = next(
        c.expected for c in centres_as_of(world.organisation, start=first_day, end=last_day)
        if c.unit.name == "Center for Kultur"
    )

    earlier = report.printed_report(followed, previous)
    current = report.printed_report(
        followed, period_label(PeriodKind.QUARTER, quarter_start(timezone.localdate()))
    )

    kultur = {c.name: c for c in earlier.centres}["Center for Kultur"]
    assert kultur.check_ins == f"1/{expected}"
    assert {c.name: c for c in current.centres}["Center for Kultur"].check_ins == f"2/{expected}"
    assert earlier.quarters == previous


def test_a_year_counts_the_check_ins_of_each_of_its_quarters_begun_so_far():
    assert period_quarters(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)) == [
        datetime.date(2025, 1, 1), datetime.date(2025, 4, 1),
        datetime.date(2025, 7, 1), datetime.date(2025, 10, 1),
    ]
    assert period_quarters(datetime.date(2025, 5, 1), datetime.date(2025, 5, 31)) == [
        datetime.date(2025, 4, 1)
    ]
