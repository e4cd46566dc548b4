"""Background work is sent to the broker only once the transaction that asked for it has
committed: a rolled-back request leaves no message behind for a worker to trip over.
Checked on the real Redis broker, in a queue of the test's own."""

import pytest
import redis
from django.conf import settings
from django.db import transaction

from apps.exports import services
from apps.exports.models import ExportJob
from apps.organisations.models import RoleLevel
from tests.factories import SectionFactory, VersionFactory, mark_adopted

from .processes import (
    redis_url_with_db,
    route_exports_to,
    separate_redis_db,
    unique_name,
    use_broker,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.CELERY_BROKER_URL, reason="needs Redis (CELERY_BROKER_URL); CI runs it"
    ),
]


class Rollback(Exception):
    pass


@pytest.fixture
def queue():
    url = redis_url_with_db(
        settings.CELERY_BROKER_URL, separate_redis_db(settings.CELERY_BROKER_URL)
    )
    name = unique_name("kompas-commit")
    client = redis.Redis.from_url(url)
    with use_broker(url), route_exports_to(name):
        yield lambda: client.llen(name)
    client.delete(name, f"_kombu.binding.{name}")
    client.close()


@pytest.fixture
def request_export(organisation, member_of):
    draft = VersionFactory(strategy__organisation=organisation)
    SectionFactory(version=draft)
    version = mark_adopted(draft)
    actor = member_of(organisation, RoleLevel.EMPLOYEE)
    return lambda: services.export_request(version=version, actor=actor)


def test_a_rolled_back_transaction_enqueues_nothing(queue, request_export):
    with pytest.raises(Rollback), transaction.atomic():
        request_export()
        assert queue() == 0
        raise Rollback

    assert (queue(), ExportJob.objects.count()) == (0, 0)


def test_a_committed_transaction_enqueues_once_after_the_commit(queue, request_export):
    with transaction.atomic():
        job = request_export()
        assert queue() == 0

    assert (queue(), list(ExportJob.objects.values_list("pk", flat=True))) == (1, [job.pk])
