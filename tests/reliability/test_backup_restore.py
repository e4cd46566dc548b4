"""scripts/backup.sh and scripts/restore.sh: a backup restored into a new database holds
every adopted version with the same content (apps.strategies.services.
version_content_hash), the guards that keep adopted versions unchanged, and the
uploaded files."""

import json
import os
import subprocess
import sys
import textwrap
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

from apps.organisations.models import Organisation
from apps.strategies import models as sm
from apps.strategies.services import version_content_hash
from tests.exports.factories import PNG, build_complete_version
from tests.factories import OrganisationFactory

from .processes import database_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL); CI runs it"
    ),
]

SCRIPTS = settings.BASE_DIR / "scripts"

# Run in the restored database: each kept version's content hash, and whether the trigger
# still refuses a change to an adopted version's content made with raw SQL.
READ_BACK = textwrap.dedent(
    """
    import json
    from django.db import connection, transaction
    from apps.strategies import models as sm
    from apps.strategies.services import version_content_hash
    kept = sm.StrategyVersion.objects.filter(status__in=sm.FROZEN_STATUSES).order_by("pk")
    hashes = {str(v.pk): version_content_hash(v) for v in kept}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE %s SET heading = 'changed'" % sm.Section._meta.db_table)
        guarded = False
    except Exception:
        guarded = True
    print(json.dumps({"hashes": hashes, "guarded": guarded}))
    """
)


def run(command, **env):
    return subprocess.run(
        command,
        cwd=settings.BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture
def new_database():
    name = f"kompas_restore_{uuid.uuid4().hex[:10]}"
    parts = urlsplit(database_url("kompas-restore"))
    url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))
    yield url
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_new_database_with_every_adopted_version_unchanged(
    new_database, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    for language in ("da", "sv"):
        organisation = OrganisationFactory(language=language)
        organisation.logo.save("logo.png", ContentFile(PNG))
        build_complete_version(organisation=organisation, language=language)
    kept = sm.StrategyVersion.objects.filter(status__in=sm.FROZEN_STATUSES).order_by("pk")
    hashes = {str(v.pk): version_content_hash(v) for v in kept}
    logos = sorted(Organisation.objects.values_list("logo", flat=True))
    backup, restored_media = tmp_path / "backup", tmp_path / "restored-media"
    source = urlunsplit(urlsplit(database_url("kompas-backup"))._replace(query=""))

    made = run(
        ["bash", SCRIPTS / "backup.sh", backup],
        DATABASE_URL=source,
        DJANGO_MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    assert made.returncode == 0, made.stderr
    restored = run(
        ["bash", SCRIPTS / "restore.sh", backup],
        DATABASE_URL=new_database,
        DJANGO_MEDIA_ROOT=str(restored_media),
    )
    assert restored.returncode == 0, restored.stderr
    again = run(
        ["bash", SCRIPTS / "restore.sh", backup],
        DATABASE_URL=new_database,
        DJANGO_MEDIA_ROOT=str(restored_media),
    )
    read = run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", READ_BACK],
        DATABASE_URL=new_database,
    )
    assert read.returncode == 0, read.stderr

    assert len(hashes) == 2
    assert json.loads(read.stdout) == {"hashes": hashes, "guarded": True}
    assert sorted(str(p.relative_to(restored_media)) for p in restored_media.rglob("*.png")) == (
        logos
    )
    # Restoring over a database that has data is refused, and changes nothing.
    assert again.returncode == 1
    assert "is not empty" in again.stderr
