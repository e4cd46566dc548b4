"""`manage.py import_document` makes the draft without review and says what it made."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.imports.models import DocumentImport, ImportStatus
from apps.strategies.models import Strategy, StrategyVersion

from .badfiles import BAD_FILES
from .documents import layout, write_docx

pytestmark = pytest.mark.django_db


def test_the_command_creates_the_draft_and_prints_the_fidelity_summary(
    organisation, communications, media_root, tmp_path
):
    path = tmp_path / "flen.docx"
    path.write_bytes(write_docx(layout("flen")))
    out = io.StringIO()

    call_command("import_document", str(path), organisation=organisation.slug,
                 title="Kommunikationspolicy", stdout=out)

    version = StrategyVersion.objects.get(strategy__organisation=organisation)
    assert version.strategy.title == "Kommunikationspolicy"
    assert version.status == "draft"
    assert version.stakeholders.count() == 8
    assert DocumentImport.objects.get().status == ImportStatus.CREATED
    assert DocumentImport.objects.get().version == version
    assert "Stakeholder: 8" in out.getvalue()
    assert "Text section:" in out.getvalue()


def test_a_bad_file_ends_the_command_with_its_reason_and_leaves_nothing(
    organisation, communications, media_root, tmp_path
):
    name, make, message = BAD_FILES["old-doc"]
    path = tmp_path / name
    path.write_bytes(make())

    with pytest.raises(CommandError, match=message):
        call_command("import_document", str(path), organisation=organisation.slug)

    assert Strategy.objects.count() == 0
    assert DocumentImport.objects.count() == 0


def test_the_command_exits_with_1_on_a_bad_file(organisation, communications, tmp_path):
    path = tmp_path / "logo.png"
    path.write_bytes(BAD_FILES["unknown-type"][1]())

    with pytest.raises(SystemExit) as ended:
        _run_as_from_the_shell(path, organisation)

    assert ended.value.code == 1


def _run_as_from_the_shell(path, organisation):
    from django.core.management import ManagementUtility

    ManagementUtility(["manage.py", "import_document", str(path), "--organisation",
                       organisation.slug]).execute()
