"""The five demo documents, written from their fixtures as .docx, .odt and .pdf, come
back as drafts holding their parts with the right types and all of their text."""

import pytest

from apps.imports import services

from .documents import MUNICIPALITIES, WRITERS, layout, load_fixture
from .fidelity import text_score, type_score

pytestmark = pytest.mark.django_db

CASES = [(slug, fmt) for slug in MUNICIPALITIES for fmt in WRITERS]


def imported(organisation, actor, slug, fmt):
    data = WRITERS[fmt](layout(slug))
    document_import = services.import_prepare(
        organisation=organisation, actor=actor, name=f"{slug}.{fmt}", data=data
    )
    return services.import_create_draft(document_import=document_import, actor=actor)


@pytest.mark.parametrize(("slug", "fmt"), CASES)
def test_nine_in_ten_parts_come_back_with_their_type_and_all_text_somewhere(
    organisation, communications, media_root, slug, fmt
):
    _organisation, strategy, fixture = load_fixture(slug)

    version = imported(organisation, communications, slug, fmt)

    share, missing = type_score(fixture, version)
    text_share, lost = text_score(strategy, fixture, version)
    print(f"{slug}.{fmt}: {share:.1%} of the items with their type, {text_share:.1%} of the text")
    assert share >= 0.9, missing
    assert lost == [], f"{text_share:.3f}"
