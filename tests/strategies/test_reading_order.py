"""One reading order (apps/strategies/parts.py) for every place a version is read or
written: the editor, the reader page, the consultation page, the PDF and its contents."""

import re

import pytest
from django.urls import reverse

from apps.consultations.selectors import consultation_outline
from apps.exports import pdf
from apps.organisations.models import RoleLevel
from apps.strategies.forms import TOP_LEVEL_TYPES
from apps.strategies.parts import PART_ANCHORS, PART_KEYS, PARTS, part_position
from tests.exports.factories import build_complete_version

pytestmark = pytest.mark.django_db

PART_IDS = [PART_ANCHORS[key] for key in PART_KEYS if key != "sections"]
# The editor and the consultation page hold each kind of item once (a responsibility of
# the crisis is a responsibility), where the document reads most of them.
EDITOR_MODELS = sorted({model for _key, model, _anchor in PARTS}, key=part_position)


def _part_order(html: str) -> list[str]:
    """The parts of a version as the HTML shows them, by their anchors, sections as one."""
    found = []
    for anchor in re.findall(r'<section[^>]*\bid="([a-z-]+?)(?:-\d+)?"', html):
        part = "sections" if anchor == "section" else anchor
        if part in (*PART_IDS, "sections") and part not in found:
            found.append(part)
    return found


EXPECTED = ["sections", *PART_IDS]


@pytest.fixture
def version(organisation):
    return build_complete_version(organisation=organisation, adopt=False)


def test_the_reader_page_shows_the_parts_in_reading_order(client, organisation, member_of, version):
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))

    html = client.get(reverse("strategies:version_detail", args=[version.pk])).text

    assert _part_order(html) == EXPECTED


def test_the_pdf_prints_the_parts_and_lists_its_contents_in_reading_order(version):
    html = pdf.strategy_html(version)
    toc = [entry.anchor for entry in pdf.strategy_context(version)["toc"]]

    assert _part_order(html.replace('class="part"', "")) == EXPECTED
    assert [a for a in toc if not a.startswith("section-")] == PART_IDS


def test_the_editor_offers_the_parts_in_reading_order():
    models = [t.model for t in TOP_LEVEL_TYPES]

    assert models == EDITOR_MODELS


def test_the_editor_page_shows_its_blocks_in_reading_order(
    client, organisation, member_of, version
):
    client.force_login(member_of(organisation, RoleLevel.COMMUNICATIONS))

    html = client.get(reverse("strategies:version_edit", args=[version.pk])).text

    blocks = re.findall(r'<section class="mb-8" id="block-([a-z-]+)"', html)
    assert blocks == [t.key for t in TOP_LEVEL_TYPES]


def test_the_consultation_page_lists_the_parts_in_reading_order(version):
    labels = [group.label for group in consultation_outline(version)]

    expected = [str(model._meta.verbose_name_plural) for model in EDITOR_MODELS]
    assert [label.lower() for label in labels] == [label.lower() for label in expected]
