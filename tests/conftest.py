import pytest
from django.core.cache import cache
from django.utils import translation

from apps.organisations.models import RoleLevel
from config.celery import app as celery_app
from tests.factories import OrganisationFactory, RoleAssignmentFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher costs ~0.3 s a password; tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english():
    """Messages built outside a request (services, forms) read in English, the source
    language the assertions are written in. Language behaviour has its own tests."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def login_throttling_off(settings):
    # Tests log the same users in many times; tests/security turns throttling back on.
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def empty_cache():
    """Counters in the cache (rate limits) start from nothing in every test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded and exported files go under a throwaway MEDIA_ROOT, never into the
    checkout; workers a test starts are given the same folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def eager_celery():
    """Tasks run in the test process even when CELERY_BROKER_URL points at Redis (CI),
    so no test leaves a message behind on the shared broker. Tests that start a real
    worker switch this off for themselves."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory()


@pytest.fixture
def member_of():
    """Make a user holding a role level in an organisation."""

    def make(organisation, role_level=RoleLevel.EMPLOYEE, unit=None, user=None):
        user = user or UserFactory()
        RoleAssignmentFactory(
            user=user, organisation=organisation, role_level=role_level, unit=unit
        )
        return user

    return make


@pytest.fixture
def kept_pages():
    """The keys of the pages apps.core.page_cache has kept (the tests' cache is locmem),
    without the parts kept for everyone (kept_shared)."""
    from apps.core import page_cache

    return lambda: [
        key for key in cache._cache
        if page_cache.KEY_PREFIX in key and page_cache.SHARED_PREFIX not in key
    ]


@pytest.fixture
def kept_shared():
    """The keys of the parts of pages apps.core.page_cache has kept for everyone."""
    from apps.core import page_cache

    return lambda: [key for key in cache._cache if page_cache.SHARED_PREFIX in key]


@pytest.fixture
def cache_outage(monkeypatch):
    """Call to take the cache down: every read and write fails, as with Redis down."""

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    def take_down():
        for name in ("get", "get_many", "set"):
            monkeypatch.setattr(cache, name, down)

    return take_down



@pytest.fixture(autouse=True, scope="session")
def sqlite_guards_lifted_for_flush():
    """A transactional test (live_server, transaction=True) ends with Django's flush, which
    on SQLite deletes row by row, and the guards refuse to delete adopted versions and
    append-only records. So on SQLite the guards are lifted for the flush alone and put
    back at once; every test runs with them. (PostgreSQL flushes with TRUNCATE as a
    superuser, which the guards allow.)"""
    from django.db import connection
    from django.test import TransactionTestCase

    from apps.core import db_guards

    original = TransactionTestCase._fixture_teardown

    def teardown(self):
        if connection.vendor != "sqlite":
            return original(self)
        with connection.schema_editor() as editor:
            db_guards.sqlite_drop_all(editor)
        try:
            return original(self)
        finally:
            with connection.schema_editor() as editor:
                db_guards.sqlite_reinstall(editor)

    TransactionTestCase._fixture_teardown = teardown
    yield
    TransactionTestCase._fixture_teardown = original
