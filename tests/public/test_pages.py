"""The public site: published policies in force, their earlier adopted versions, PDF and
final consultation summary, without login; nothing else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.public.models import Publication
from apps.public.services import publication_set
from tests.factories import StrategyFactory, mark_adopted

from .world import SECRET, adopted, supersede

pytestmark = pytest.mark.django_db


def _url(world, name, *args):
    return reverse(f"public:{name}", args=[world.organisation.slug, *args])


def test_organisation_page_lists_published_policies_in_force_without_login(client, world):
    response = client.get(_url(world, "organisation"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Kommunikationspolitik" in text
    assert SECRET not in text


def test_strategy_page_shows_the_adopted_text_and_links_pdf_summary_and_earlier_versions(
    client, world
):
    response = client.get(_url(world, "strategy", world.published.slug))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Den gældende tekst." in text
    assert _url(world, "pdf", world.published.slug, 2) in text
    assert _url(world, "summary", world.published.slug, 2) in text
    assert _url(world, "version", world.published.slug, 1) in text
    assert SECRET not in text


def test_an_earlier_adopted_version_has_its_own_page_saying_it_is_no_longer_in_force(
    client, world
):
    response = client.get(_url(world, "version", world.published.slug, 1))
    assert response.status_code == 200
    assert "Den gamle tekst." in response.content.decode()
    assert "no longer in force" in response.content.decode().replace("\n", " ") or (
        "ikke længere" in response.content.decode()
    )


@pytest.mark.parametrize("which", ["draft_number", "unpublished", "nothing_adopted", "missing"])
def test_drafts_proposals_and_unpublished_strategies_are_not_found(client, world, which):
    urls = {
        "draft_number": _url(world, "version", world.published.slug, world.draft.number),
        "unpublished": _url(world, "strategy", world.unpublished.slug),
        "nothing_adopted": _url(world, "strategy", world.nothing_adopted.slug),
        "missing": _url(world, "strategy", "findes-ikke"),
    }
    response = client.get(urls[which])
    assert response.status_code == 404
    assert SECRET.encode() not in response.content


def test_a_proposed_version_is_not_found_even_with_its_number(client, world):
    world.draft.status = "proposed"
    world.draft.save()
    response = client.get(_url(world, "version", world.published.slug, world.draft.number))
    assert response.status_code == 404


def test_taking_a_strategy_off_the_public_site_makes_its_pages_not_found(client, world):
    publication_set(actor=world.comms, strategy=world.published, published=False)
    assert client.get(_url(world, "strategy", world.published.slug)).status_code == 404
    assert client.get(_url(world, "pdf", world.published.slug, 2)).status_code == 404
    assert "Kommunikationspolitik" not in client.get(_url(world, "organisation")).content.decode()


def test_the_final_consultation_summary_is_public_with_its_comments(client, world):
    response = client.get(_url(world, "summary", world.published.slug, 2))
    assert response.status_code == 200
    assert "Et høringssvar om formålet." in response.content.decode()


def test_a_version_that_had_no_consultation_has_no_summary(client, world):
    assert client.get(_url(world, "summary", world.published.slug, 1)).status_code == 404


def test_the_pdf_of_a_published_version_is_made_once_and_served_without_login(
    client, world, django_capture_on_commit_callbacks
):
    url = _url(world, "pdf", world.published.slug, 2)
    with django_capture_on_commit_callbacks(execute=True):
        pending = client.get(url)
    assert pending.status_code == 200
    assert pending["Refresh"] == "5"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_unchanged_page_answers_a_conditional_request_with_304(client, world):
    url = _url(world, "strategy", world.published.slug)
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag.content == b""


def test_a_new_adoption_changes_the_etag(client, world):
    url = _url(world, "organisation")
    before = client.get(url)["ETag"]
    supersede(world.in_force)
    mark_adopted(world.draft)
    after = client.get(url, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before


def test_editing_a_draft_does_not_change_the_etag(client, world):
    url = _url(world, "strategy", world.published.slug)
    before = client.get(url)["ETag"]
    world.draft.change_summary = f"{SECRET} ændret"
    world.draft.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=before).status_code == 304


def test_public_pages_may_be_framed_by_the_organisations_website_only(client, world):
    response = client.get(_url(world, "strategy", world.published.slug))
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://www.example-kommune.dk;" in csp + ";"
    assert "X-Frame-Options" not in response


def test_signed_in_pages_still_may_not_be_framed(client, world):
    client.force_login(world.comms)
    response = client.get(reverse("strategies:detail", args=[world.published.pk]))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_embedded_page_leaves_out_the_header_and_footer(client, world):
    response = client.get(_url(world, "strategy", world.published.slug) + "?embed=1")
    assert b"kompas-embedded" in response.content
    assert b"<footer>" not in response.content


def test_public_pages_are_in_the_organisations_language(client, world):
    response = client.get(_url(world, "organisation"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "da"
    assert '<html lang="da">' in response.content.decode()


def test_the_communications_department_publishes_and_it_is_audit_logged(client, world):
    client.force_login(world.comms)
    response = client.post(
        reverse("publication:publish", args=[world.unpublished.pk]), {"published": "1"}
    )
    assert response.status_code == 302
    assert Publication.objects.get(strategy=world.unpublished).is_published
    event = AuditEvent.objects.filter(verb="strategy.publish", object_id=world.unpublished.pk)
    assert event.get().actor == world.comms
    assert client.get(_url(world, "strategy", world.unpublished.slug)).status_code == 200


def test_the_strategy_page_offers_publishing_and_the_embed_snippet(client, world):
    client.force_login(world.comms)
    response = client.get(reverse("strategies:detail", args=[world.published.pk]))
    text = response.content.decode()
    assert reverse("publication:publish", args=[world.published.pk]) in text
    assert "&lt;iframe src=&quot;http://testserver/public/" in text


def test_a_leader_may_not_publish(client, world):
    client.force_login(world.leader)
    response = client.post(
        reverse("publication:publish", args=[world.unpublished.pk]), {"published": "1"}
    )
    assert response.status_code == 403
    assert not Publication.objects.filter(strategy=world.unpublished).exists()
    detail = client.get(reverse("strategies:detail", args=[world.published.pk]))
    assert reverse("publication:publish", args=[world.published.pk]) not in detail.content.decode()


def test_the_organisation_page_reads_a_fixed_number_of_queries(client, world):
    url = _url(world, "organisation")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(3):
        strategy = StrategyFactory(organisation=world.organisation, title=f"Ekstra {n}")
        adopted(strategy, 1, text="Mere.")
        publication_set(actor=None, strategy=strategy, published=True)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert "Ekstra 2" in response.content.decode()
    assert len(after) == len(before)


def test_publishing_twice_records_one_change(world):
    publication_set(actor=world.comms, strategy=world.unpublished, published=True)
    publication_set(actor=world.comms, strategy=world.unpublished, published=True)
    publication_set(actor=world.comms, strategy=world.unpublished, published=False)
    verbs = list(
        AuditEvent.objects.filter(object_type="Strategy", object_id=world.unpublished.pk)
        .order_by("pk").values_list("verb", flat=True)
    )
    assert verbs[-2:] == ["strategy.publish", "strategy.unpublish"]
    assert verbs.count("strategy.publish") == 1


def test_a_failed_pdf_is_made_again_after_a_while_not_on_every_visit(
    client, world, django_capture_on_commit_callbacks
):
    import datetime
    from unittest import mock

    from django.utils import timezone

    from apps.exports import services as export_services
    from apps.exports.models import ExportJob, ExportStatus

    url = _url(world, "pdf", world.published.slug, 2)
    broken = mock.Mock(side_effect=ValueError("the renderer is down"))
    with mock.patch.dict(export_services.RENDERERS, {"strategy": broken}):
        for _ in range(3):  # the pending page reloads itself every 5 s
            with django_capture_on_commit_callbacks(execute=True):
                pending = client.get(url)
        renders_at_once = broken.call_count
        ExportJob.objects.update(
            updated_at=timezone.now() - export_services.PUBLIC_RETRY_AFTER
            - datetime.timedelta(minutes=1)
        )
        with django_capture_on_commit_callbacks(execute=True):
            client.get(url)

    assert pending.status_code == 200 and pending["Cache-Control"] == "no-store"
    assert ExportJob.objects.get().status == ExportStatus.FAILED
    assert renders_at_once == 1  # made once; the visits after it did not start it again
    assert broken.call_count == 2  # and once more after PUBLIC_RETRY_AFTER
