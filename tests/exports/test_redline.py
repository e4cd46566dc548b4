"""The redline of a comparison: a printable page and a tagged PDF (PDF/UA-1 rules of
tests/exports/pdfrules.py) in the document's language, for those who see both versions."""

import pytest
from django.urls import reverse

from apps.exports import redline
from apps.organisations.models import RoleLevel
from apps.strategies import services as strategy_services
from apps.strategies.models import Section

from .factories import build_complete_version
from .pdfread import normalise, pdftotext
from .pdfrules import pdf_ua_violations

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(organisation, member_of):
    comms = member_of(organisation, RoleLevel.COMMUNICATIONS)
    adopted = build_complete_version(organisation=organisation, language="da")
    draft = strategy_services.version_new_draft(source=adopted, actor=comms)
    section = Section.objects.filter(version=draft).order_by("position").first()
    strategy_services.content_item_save(
        version=draft, actor=comms, model=Section, instance=section,
        data={"body": "Vi svarer borgerne inden for fem arbejdsdage."},
    )
    return adopted, draft, comms


def test_the_redline_pdf_shows_the_changes_and_keeps_the_pdf_ua_rules(pair):
    adopted, draft, _comms = pair

    data = redline.redline_pdf(adopted, draft)

    text = normalise(pdftotext(data))
    assert normalise("Ændringer") in text
    assert normalise(f"Fra version {adopted.number} til version {draft.number}") in text
    assert normalise("fem arbejdsdage") in text
    assert pdf_ua_violations(data) == []


def test_the_printable_page_and_the_pdf_are_offered_to_who_sees_both(client, pair):
    adopted, draft, comms = pair
    client.force_login(comms)

    page = client.get(reverse("compare:print", args=[adopted.pk, draft.pk]))
    download = client.get(reverse("compare:pdf", args=[adopted.pk, draft.pk]))

    assert page.status_code == 200
    assert "fem arbejdsdage" in page.text
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-")


def test_who_may_not_see_the_draft_gets_neither(client, pair, organisation, member_of):
    adopted, draft, _comms = pair
    client.force_login(member_of(organisation, RoleLevel.EMPLOYEE))

    for name in ("compare:print", "compare:pdf"):
        assert client.get(reverse(name, args=[adopted.pk, draft.pk])).status_code == 404
