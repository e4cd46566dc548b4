import pytest

from config.celery import app as celery_app


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Exported files are written under a throwaway MEDIA_ROOT, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def eager_celery():
    """Exports render in the test process even when CELERY_BROKER_URL points at Redis."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous
