import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'name': str(settings.DATABASES['default']['NAME']), "
    "'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'broker': settings.CELERY_BROKER_URL}))"
)


def _settings_with(env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL"}
    }
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="config.settings")
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_no_environment_means_sqlite_and_eager_celery():
    result = _settings_with({})

    assert result["engine"] == "django.db.backends.sqlite3"
    assert result["eager"] is True
    assert result["broker"] == ""


def test_environment_switches_to_postgresql_and_redis():
    result = _settings_with(
        {
            "DATABASE_URL": "postgres://kompas@db.example:5432/kompas",
            "CELERY_BROKER_URL": "redis://cache.example:6379/0",
        }
    )

    assert result["engine"] == "django.db.backends.postgresql"
    assert result["name"] == "kompas"
    assert result["eager"] is False
    assert result["broker"] == "redis://cache.example:6379/0"
