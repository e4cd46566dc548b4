import pytest


@pytest.fixture(autouse=True)
def isolated_exports(media_root, eager_celery):
    """Files under a throwaway MEDIA_ROOT, shared with the workers a test starts; tasks
    run in the test process unless a test starts a worker (processes.use_broker)."""
