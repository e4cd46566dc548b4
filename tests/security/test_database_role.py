"""On PostgreSQL the app connects as a role that may only read and write rows: it can
neither switch the guards off (it owns nothing) nor TRUNCATE a guarded table (refused by
privilege, and by a statement trigger even where the privilege was granted). The check
`manage.py check --database default` warns when the app connects as a superuser or owner.

The suite itself runs as a superuser (it creates its test database), so each test here
makes a row-only role, as scripts/postgres/roles.sql does, and connects as it."""

import uuid

import psycopg
import pytest
from django.db import connection

from apps.audit.services import audit_record
from apps.core.checks import database_role_warnings
from tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="roles are PostgreSQL's"),
]

GUARDED = ["audit_auditevent", "strategies_strategyversion", "strategies_versiontransition",
           "consultations_comment", "strategies_section"]


@pytest.fixture
def app_connection():
    role = f"kompas_app_test_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} LOGIN")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
        )
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    raw = psycopg.connect(**{**params, "user": role}, autocommit=True)
    yield RoleConnection(raw), role
    raw.close()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {role}")
        cursor.execute(f"DROP ROLE {role}")


class RoleConnection:
    """The app role's connection, as much of a Django connection as the check reads."""

    vendor = "postgresql"

    def __init__(self, raw):
        self.raw = raw

    def cursor(self):
        return self.raw.cursor()


def _run(wrapper, sql, params=None):
    with wrapper.cursor() as cursor:
        cursor.execute(sql, params)


# One test per refusal, each over every guarded table (a transactional test costs a flush).


def _refusals(wrapper, statement, pattern):
    """The tables for which `statement` was NOT refused with an error matching `pattern`."""
    allowed = []
    for table in GUARDED:
        try:
            _run(wrapper, statement.format(table=table))
        except psycopg.Error as error:
            if pattern not in str(error):
                allowed.append((table, str(error)))
        else:
            allowed.append((table, "done"))
    return allowed


def test_the_app_role_cannot_truncate_a_guarded_table(app_connection):
    wrapper, _ = app_connection

    assert _refusals(wrapper, "TRUNCATE {table} CASCADE", "permission denied") == []


def test_truncate_is_refused_by_the_guard_even_with_the_privilege(app_connection):
    wrapper, role = app_connection
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT TRUNCATE ON ALL TABLES IN SCHEMA public TO {role}")

    assert _refusals(wrapper, "TRUNCATE {table} CASCADE", "can never be removed") == []


def test_the_app_role_cannot_disable_the_guards(app_connection):
    wrapper, _ = app_connection

    assert _refusals(wrapper, "ALTER TABLE {table} DISABLE TRIGGER ALL", "must be owner") == []


def test_the_app_role_writes_rows_but_not_past_the_guards(app_connection):
    wrapper, _ = app_connection
    event = audit_record(organisation=OrganisationFactory(), actor=None, verb="version.adopted")

    _run(wrapper, "UPDATE audit_auditevent SET object_repr = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(psycopg.Error, match="append-only"):
        _run(wrapper, "UPDATE audit_auditevent SET verb = 'y' WHERE id = %s", [event.pk])


def test_the_check_is_silent_for_a_role_that_owns_nothing(app_connection):
    wrapper, _ = app_connection

    assert database_role_warnings(wrapper) == []


def test_the_check_warns_when_the_app_connects_as_a_superuser():
    # The suite's own connection is a superuser's (and owns the tables).
    ids = {warning.id for warning in database_role_warnings(connection)}

    assert ids == {"kompas.W002", "kompas.W003"}
