"""An adopted (or superseded) version never changes: not through the model, not through
QuerySet.update(), not through raw SQL."""

import pytest
from django.db import IntegrityError, connection, transaction

from apps.strategies.models import (
    FrozenVersionError,
    ResponsibilityItem,
    Section,
    StrategyVersion,
    VersionStatus,
)
from tests.factories import (
    ResponsibilityItemFactory,
    SectionFactory,
    VersionFactory,
    mark_adopted,
)


@pytest.fixture
def adopted(db):
    version = VersionFactory()
    SectionFactory(version=version, heading="Formål", body="Original tekst.")
    ResponsibilityItemFactory(responsibility__version=version, text="Original pligt.")
    return mark_adopted(version)


def test_model_refuses_to_save_changed_content_of_an_adopted_version(adopted):
    section = Section.objects.get(version=adopted)
    section.body = "Ændret."

    with pytest.raises(FrozenVersionError):
        section.save()

    assert Section.objects.get(pk=section.pk).body == "Original tekst."


def test_model_refuses_to_add_content_to_an_adopted_version(adopted):
    with pytest.raises(FrozenVersionError):
        Section.objects.create(version=adopted, kind="text", heading="Nyt")


def test_model_refuses_to_delete_content_or_the_adopted_version(adopted):
    with pytest.raises(FrozenVersionError):
        Section.objects.get(version=adopted).delete()
    with pytest.raises(FrozenVersionError):
        adopted.delete()


def test_model_refuses_to_change_the_adopted_versions_own_fields(adopted):
    adopted.case_reference = "99/9999"

    with pytest.raises(FrozenVersionError):
        adopted.save()


def test_queryset_update_of_adopted_content_is_refused_by_the_database(adopted):
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.filter(version=adopted).update(body="Ændret via update()")

    assert Section.objects.get(version=adopted).body == "Original tekst."


def test_queryset_update_of_child_rows_is_refused_by_the_database(adopted):
    with pytest.raises(IntegrityError), transaction.atomic():
        ResponsibilityItem.objects.filter(version=adopted).update(text="Ændret")

    assert ResponsibilityItem.objects.get(version=adopted).text == "Original pligt."


def test_queryset_delete_of_adopted_content_is_refused_by_the_database(adopted):
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.filter(version=adopted)._raw_delete(connection.alias)

    assert Section.objects.filter(version=adopted).count() == 1


def test_queryset_update_of_adopted_version_fields_is_refused_by_the_database(adopted):
    with pytest.raises(IntegrityError), transaction.atomic():
        StrategyVersion.objects.filter(pk=adopted.pk).update(case_reference="99/9999")

    adopted.refresh_from_db()
    assert adopted.case_reference == "24/1234"


def test_adopted_version_cannot_return_to_draft_even_in_raw_sql(adopted):
    table = StrategyVersion._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET status = %s WHERE id = %s", ["draft", adopted.pk])  # noqa: S608

    adopted.refresh_from_db()
    assert adopted.status == VersionStatus.ADOPTED


def test_raw_sql_update_of_adopted_content_is_refused(adopted):
    table = Section._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET body = %s WHERE version_id = %s", ["x", adopted.pk])  # noqa: S608

    assert Section.objects.get(version=adopted).body == "Original tekst."


def test_raw_sql_insert_into_adopted_version_is_refused(adopted):
    table = Section._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (version_id, position, kind, heading, level, body) "  # noqa: S608
            "VALUES (%s, 9, 'text', 'Smuglet ind', 1, '')",
            [adopted.pk],
        )

    assert Section.objects.filter(version=adopted).count() == 1


def test_adopted_version_may_become_superseded_and_nothing_else(adopted):
    StrategyVersion.objects.filter(pk=adopted.pk).update(status=VersionStatus.SUPERSEDED)

    with pytest.raises(IntegrityError), transaction.atomic():
        StrategyVersion.objects.filter(pk=adopted.pk).update(status=VersionStatus.ADOPTED)

    adopted.refresh_from_db()
    assert adopted.status == VersionStatus.SUPERSEDED


def test_draft_content_can_still_be_changed_directly(db):
    draft = VersionFactory()
    SectionFactory(version=draft, body="Før")

    Section.objects.filter(version=draft).update(body="Efter")

    assert Section.objects.get(version=draft).body == "Efter"
