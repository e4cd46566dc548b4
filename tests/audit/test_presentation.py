"""The audit log in words (#15.11): a sentence for every verb the code writes, in the
reader's language, old → new values, export outcomes, filters and CSV."""

import ast
import datetime
import pathlib
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from apps.audit import presentation
from apps.audit.services import audit_record
from apps.exports.models import ExportJob, ExportKind, ExportStatus
from apps.organisations.models import RoleLevel
from apps.strategies import services
from apps.strategies.models import Principle, VersionStatus
from tests.factories import PrincipleFactory, StrategyFactory, VersionFactory

APPS = pathlib.Path(settings.BASE_DIR) / "apps"
STATUSES = [status.value for status in VersionStatus]


def _constants(node) -> list[str]:
    """The verb strings an expression can be: a string, either side of an if, or an
    f-string over a version status (f"version.{to_status}")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    if isinstance(node, ast.JoinedStr):
        prefix = "".join(
            part.value for part in node.values if isinstance(part, ast.Constant)
        )
        return [prefix + status for status in STATUSES]
    return []


def verbs_written() -> set[str]:
    """Every verb a module of apps/ hands to audit_record (or to a helper of its own
    taking the verb), read from the source so that a new verb is found without a list."""
    found = set()
    for path in APPS.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == "verb":
                        found.update(_constants(keyword.value))
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name == "_audit" and len(node.args) > 2:
                    found.update(_constants(node.args[2]))
            elif isinstance(node, ast.Assign) and any(
                getattr(target, "id", "") == "verb" for target in node.targets
            ):
                found.update(_constants(node.value))
    return {verb for verb in found if "." in verb}


def test_the_scan_finds_the_verbs_of_every_app():
    verbs = verbs_written()
    for verb in ("obligation.acknowledge", "consultation.answer", "export.request",
                 "version.adopted", "person.deactivated", "organisation.imported",
                 "action.progress", "import.create_draft", "sso.refused"):
        assert verb in verbs


def test_every_verb_the_code_writes_has_a_sentence():
    assert sorted(verbs_written() - set(presentation.sentences())) == []


@pytest.mark.parametrize("language", ["da", "sv", "nb"])
def test_every_sentence_is_translated(language):
    with translation.override("en"):
        english = {verb: str(s.what) for verb, s in presentation.sentences().items()}
    with translation.override(language):
        same = [verb for verb, s in presentation.sentences().items()
                if str(s.what) == english[verb]]
    assert same == []


# --- The page ------------------------------------------------------------------


@pytest.fixture
def comms(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


@pytest.fixture
def draft(organisation):
    return VersionFactory(strategy=StrategyFactory(organisation=organisation))


def _page(client, strategy, **query):
    return client.get(reverse("strategies:audit", args=[strategy.pk]), query)


@pytest.mark.django_db
def test_changed_content_says_what_it_changed_from_and_to(client, comms, draft):
    principle = PrincipleFactory(version=draft, text="Vi er åbne.")
    services.content_item_save(version=draft, actor=comms, model=Principle,
                               data={"text": "Vi er åbne og nærværende."}, instance=principle)
    client.force_login(comms)

    html = _page(client, draft.strategy).content.decode()

    assert "Changed content" in html
    assert "“Vi er åbne.” → “Vi er åbne og nærværende.”" in html


@pytest.mark.django_db
def test_changed_version_details_say_from_and_to_in_the_readers_date_format(
        client, comms, draft):
    services.version_update(version=draft, actor=comms, data={"period_label": "2027-2030"})
    client.force_login(comms)

    html = _page(client, draft.strategy).content.decode()

    assert "“–” → “2027-2030”" in html


@pytest.mark.django_db
def test_the_log_reads_in_the_persons_language_for_every_apps_verbs(client, comms, draft):
    for verb in ("obligation.acknowledge", "consultation.answer", "export.ask_again"):
        audit_record(organisation=draft.strategy.organisation, actor=comms, verb=verb,
                     obj=draft, version=draft)
    comms.preferred_language = "da"
    comms.save()
    client.force_login(comms)

    html = _page(client, draft.strategy).content.decode()

    for verb in ("obligation.acknowledge", "consultation.answer", "export.ask_again"):
        assert f">{verb}<" not in html
    with translation.override("da"):
        for verb in ("obligation.acknowledge", "consultation.answer"):
            assert str(presentation.sentences()[verb].what) in html


def _export(draft, status):
    return ExportJob.objects.create(
        organisation=draft.strategy.organisation, version=draft, kind=ExportKind.STRATEGY,
        version_status=draft.status, version_revision=draft.revision,
        template_version="test", content_key=uuid.uuid4().hex, status=status,
    )


@pytest.mark.django_db
def test_an_export_shows_what_became_of_it_with_a_link(client, comms, draft):
    job = _export(draft, ExportStatus.QUEUED)
    audit_record(organisation=draft.strategy.organisation, actor=comms, verb="export.request",
                 obj=job, version=draft, data={"kind": "strategy", "status": draft.status})
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.DONE,
                                               file=f"exports/{job.content_key}.pdf")
    client.force_login(comms)

    html = _page(client, draft.strategy).content.decode()

    assert "Asked for a PDF" in html
    assert "Now: Ready." in html
    assert "Waiting to start" not in html
    assert f'href="{reverse("exports:job_status", args=[job.pk])}">Download the PDF' in html


@pytest.mark.django_db
def test_the_filters_narrow_by_who_what_and_when(client, comms, draft, member_of):
    colleague = member_of(draft.strategy.organisation, RoleLevel.COMMUNICATIONS)
    services.content_item_save(version=draft, actor=comms, model=Principle,
                               data={"text": "Af mig."})
    services.content_item_save(version=draft, actor=colleague, model=Principle,
                               data={"text": "Af kollegaen."})
    services.version_update(version=draft, actor=colleague, data={"period_label": "2027"})
    today = timezone.localdate()
    client.force_login(comms)

    by_colleague = _page(client, draft.strategy, who=colleague.pk).context["rows"]
    additions = _page(client, draft.strategy, what="content.create").context["rows"]
    until_today = _page(client, draft.strategy, since=today - datetime.timedelta(days=1),
                        until=today).context["rows"]
    from_tomorrow = _page(client, draft.strategy,
                          since=today + datetime.timedelta(days=1)).context["rows"]

    assert {r.event.actor for r in by_colleague} == {colleague}
    assert len(by_colleague) == 2
    assert [r.event.object_repr for r in additions] == ["Af kollegaen.", "Af mig."]
    assert len(until_today) == 3
    assert from_tomorrow == []


@pytest.mark.django_db
def test_an_end_before_the_start_is_said_on_the_form(client, comms, draft):
    client.force_login(comms)

    response = _page(client, draft.strategy, since="2026-02-01", until="2026-01-01")

    assert "The end date is before the start date." in response.content.decode()


@pytest.mark.django_db
def test_the_csv_holds_the_filtered_log_in_words(client, comms, draft, member_of):
    colleague = member_of(draft.strategy.organisation, RoleLevel.COMMUNICATIONS)
    services.content_item_save(version=draft, actor=comms, model=Principle,
                               data={"text": "=HYPERLINK(\"x\")"})
    services.content_item_save(version=draft, actor=colleague, model=Principle,
                               data={"text": "Af kollegaen."})
    client.force_login(comms)

    response = _page(client, draft.strategy, who=comms.pk, format="csv")

    text = response.content.decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "audit-log.csv" in response["Content-Disposition"]
    assert lines[0] == "When;Who;What;Version;Item;Kind;Details"
    assert len(lines) == 2
    assert ";Added content;" in lines[1]
    assert "'=HYPERLINK" in lines[1]
    assert "Af kollegaen." not in text


@pytest.mark.django_db
def test_the_audit_page_costs_the_same_queries_with_more_rows(client, comms, draft):
    client.force_login(comms)

    def add_rows():
        principle = services.content_item_save(version=draft, actor=comms, model=Principle,
                                               data={"text": "Ny."})
        services.content_item_save(version=draft, actor=comms, model=Principle,
                                   data={"text": "Ændret."}, instance=principle)
        job = _export(draft, ExportStatus.FAILED)
        audit_record(organisation=draft.strategy.organisation, actor=comms,
                     verb="export.request", obj=job, version=draft, data={"kind": "strategy"})
        audit_record(organisation=draft.strategy.organisation, actor=comms,
                     verb="version.new_draft", obj=draft, version=draft,
                     data={"based_on": draft.pk})

    add_rows()
    _page(client, draft.strategy)
    with CaptureQueriesContext(connection) as few:
        _page(client, draft.strategy)
    for _ in range(3):
        add_rows()
    with CaptureQueriesContext(connection) as more:
        _page(client, draft.strategy)

    assert len(more) == len(few)
