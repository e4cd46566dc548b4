"""Files that cannot be read get a clear message in the person's language, and leave
nothing behind: no import, no stored file, no strategy."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.audit.models import AuditEvent
from apps.imports import services
from apps.imports.models import DocumentImport
from apps.strategies.models import Strategy

from .badfiles import BAD_FILES

pytestmark = pytest.mark.django_db


def stored_files(media_root):
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_refused_with_its_reason_and_nothing_is_kept(
    organisation, communications, media_root, case
):
    name, make, message = BAD_FILES[case]
    data = make()

    with pytest.raises(ValidationError) as refused:
        services.import_prepare(organisation=organisation, actor=communications, name=name,
                                data=data)

    assert refused.value.messages[0].startswith(message)
    assert DocumentImport.objects.count() == 0
    assert Strategy.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("language", "words"),
    [("da", "gammelt Word-dokument"), ("sv", "gammalt Word-dokument"),
     ("nb", "gammelt Word-dokument")],
)
def test_the_reason_is_given_in_the_persons_language(
    organisation, communications, media_root, language, words
):
    name, make, _message = BAD_FILES["old-doc"]

    with translation.override(language), pytest.raises(ValidationError) as refused:
        services.import_prepare(organisation=organisation, actor=communications, name=name,
                                data=make())

    assert words in refused.value.messages[0]


def test_a_failure_after_the_file_is_written_takes_the_file_away_again(
    organisation, communications, media_root, monkeypatch
):
    def broken_save(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(DocumentImport, "save", broken_save)

    with pytest.raises(RuntimeError):
        services.import_prepare(organisation=organisation, actor=communications,
                                name="notat.txt", data="Formål\n\nEn tekst.".encode())

    assert stored_files(media_root) == []


def test_a_draft_that_fails_halfway_leaves_no_strategy_and_the_import_in_review(
    organisation, communications, media_root, monkeypatch
):
    from apps.strategies import models as sm

    document_import = services.import_prepare(
        organisation=organisation, actor=communications, name="notat.txt",
        data="Politik\n\nMålgrupper\n\n- Borgere\n- Virksomheder".encode(),
    )

    def refuse(self, *args, **kwargs):
        raise ValidationError("refused")

    monkeypatch.setattr(sm.Stakeholder, "full_clean", refuse)

    with pytest.raises(ValidationError):
        services.import_create_draft(document_import=document_import, actor=communications)

    document_import.refresh_from_db()
    assert Strategy.objects.count() == 0
    assert document_import.status == "review"
    assert document_import.version is None
