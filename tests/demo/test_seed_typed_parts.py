"""The five seeds use the typed parts where a chapter of theirs is one (crisis, media,
social media, visual identity, language; the holders Modum names beside the role
levels), and nothing of their text is lost on the way into the database."""

import pytest
import yaml

from apps.demo.services import SEED_SLUGS, SEEDS_DIR, seed_load_file
from apps.organisations.models import HolderKind, ResponsibilityHolder, RoleLevel
from apps.strategies import models as sm

pytestmark = pytest.mark.django_db

# Keys whose values are codes or links between rows, not text of the document.
NOT_TEXT = {
    "kind", "audience", "role_level", "relation", "status", "value", "stakeholder", "roles",
    "level", "applies_down_tree", "priority", "month", "owner_unit", "due_date", "number",
    "holder", "context", "target_groups", "strategy", "slug", "is_communications", "country",
    "language", "primary_colour", "secondary_colour", "unit", "review_cadence",
}


def _strings(value, key=""):
    if key in NOT_TEXT:
        return
    if isinstance(value, str):
        if value.strip():
            yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)


def _stored_text(organisation) -> set[str]:
    versions = sm.StrategyVersion.objects.filter(strategy__organisation=organisation)
    texts = set()
    for version in versions:
        texts.update(
            str(v) for v in sm.StrategyVersion.objects.filter(pk=version.pk).values().get().values()
            if isinstance(v, str)
        )
        for model in sm.CONTENT_MODELS:
            for row in model.objects.filter(version=version).values():
                texts.update(v for v in row.values() if isinstance(v, str))
    for strategy in organisation.strategies.all():
        texts.update([strategy.title, strategy.subtitle])
    return texts


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_every_text_of_the_seed_is_stored_word_for_word(slug):
    path = SEEDS_DIR / f"{slug}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    organisation = seed_load_file(path)

    stored = _stored_text(organisation)
    texts = [t for s in data["strategies"] for t in _strings(s)]

    assert texts
    assert [t for t in texts if t not in stored] == []


def test_flen_crisis_and_media_chapters_are_typed():
    organisation = seed_load_file(SEEDS_DIR / "flen.yaml")
    version = organisation.strategies.get().versions.get()

    kinds = dict(version.sections.values_list("heading", "kind"))

    assert kinds["Kriskommunikation"] == sm.SectionKind.CRISIS
    assert kinds["Medierelationer"] == sm.SectionKind.MEDIA


def test_modum_visual_identity_social_media_media_and_language_are_typed():
    organisation = seed_load_file(SEEDS_DIR / "modum.yaml")
    version = organisation.strategies.get().versions.get()

    kinds = dict(version.sections.values_list("heading", "kind"))

    assert kinds["Visuell profilering"] == sm.SectionKind.VISUAL_IDENTITY
    assert kinds["Sosiale medier"] == sm.SectionKind.SOCIAL_MEDIA
    assert kinds["Media"] == sm.SectionKind.MEDIA
    assert kinds["Skriftlig språk"] == sm.SectionKind.LANGUAGE


def test_soenderborg_design_chapter_is_visual_identity():
    organisation = seed_load_file(SEEDS_DIR / "soenderborg.yaml")
    version = organisation.strategies.get().versions.get()

    section = version.sections.get(heading="Design og visuel identitet")

    assert section.kind == sm.SectionKind.VISUAL_IDENTITY


def test_modum_spokesperson_rules_name_its_holders_beside_the_role_levels():
    organisation = seed_load_file(SEEDS_DIR / "modum.yaml")
    version = organisation.strategies.get().versions.get()

    holders = dict(
        version.spokesperson_rules.exclude(holder=None).values_list("speaker", "holder__name")
    )
    union = ResponsibilityHolder.objects.get(
        organisation=organisation, name="Tillitsvalgte og vernetjenesten"
    )

    assert holders == {
        "Ordfører/varaordfører": "Ordfører",
        "Ledere for hovedutvalg": "Hovedutvalgene",
        "Rådmannen": "Rådmannen",
        "Tillitsvalgte og vernetjenesten": "Tillitsvalgte og vernetjenesten",
    }
    assert (union.kind, union.role_level) == (HolderKind.STAFF_REPRESENTATION, "")
    assert ResponsibilityHolder.objects.get(
        organisation=organisation, name="Rådmannen"
    ).role_level == RoleLevel.EXECUTIVE_BOARD
