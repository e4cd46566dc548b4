import pytest


@pytest.fixture(autouse=True)
def isolated_exports(media_root, eager_celery):
    """Exported files under a throwaway MEDIA_ROOT, rendered in the test process."""
