import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Exports are written under a throwaway MEDIA_ROOT, shared with the workers started."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def eager_celery():
    """Tasks run in the test process unless a test starts a worker (processes.use_broker),
    so no test leaves a message behind on the shared Redis."""
    from config.celery import app as celery_app

    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous
