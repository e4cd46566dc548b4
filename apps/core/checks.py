"""System checks for what a production installation must never run with."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "DJANGO_SECRET_KEY is not set: the built-in development key is public.",
                hint="Set DJANGO_SECRET_KEY to a long random value (50+ characters).",
                id="kompas.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def base_url_is_the_installations(app_configs, **kwargs):
    from urllib.parse import urlsplit

    from django.core.checks import Warning

    host = urlsplit(settings.KOMPAS_BASE_URL).hostname or ""
    if host in ("", "localhost", "127.0.0.1", "::1"):
        return [
            Warning(
                "KOMPAS_BASE_URL is not the installation's address: links in e-mails and "
                "relative links in PDFs would point at this machine.",
                hint="Set KOMPAS_BASE_URL to the address people use, e.g. https://kompas.example.dk.",
                id="kompas.W004",
            )
        ]
    return []


def refuse_development_key_in_production() -> None:
    """Called by the WSGI entry point: a server with DEBUG off and the public development
    key would sign sessions and links that anyone can forge."""
    from django.core.exceptions import ImproperlyConfigured

    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set and DJANGO_DEBUG is off: refusing to serve "
            "with the public development key. Set DJANGO_SECRET_KEY."
        )


# Tables whose guards an owner or a superuser could switch off (ALTER TABLE … DISABLE
# TRIGGER, session_replication_role): the app must connect as neither.
GUARDED_TABLE = "strategies_strategyversion"


def database_role_warnings(connection) -> list:
    """What is wrong with the database role `connection` uses, as check messages."""
    from django.core.checks import Warning

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.rolsuper, t.tableowner = current_user FROM pg_roles r "
            "LEFT JOIN pg_tables t ON t.tablename = %s AND t.schemaname = current_schema() "
            "WHERE r.rolname = current_user",
            [GUARDED_TABLE],
        )
        superuser, owner = cursor.fetchone()
    hint = (
        "Connect the app as a role with only SELECT, INSERT, UPDATE and DELETE rights and "
        "run migrations as the owner (scripts/postgres/roles.sql)."
    )
    found = []
    if superuser:
        found.append(Warning(
            "The app connects to PostgreSQL as a superuser, who can switch off the guards "
            "that keep adopted versions and their records unchanged.",
            hint=hint, id="kompas.W002",
        ))
    if owner:
        found.append(Warning(
            "The app connects to PostgreSQL as the owner of the guarded tables, who can "
            "disable their triggers (ALTER TABLE … DISABLE TRIGGER).",
            hint=hint, id="kompas.W003",
        ))
    return found


@register(Tags.database)
def database_role_owns_nothing(app_configs, databases=None, **kwargs):
    from django.db import connections

    if not databases:
        return []
    return [w for alias in databases for w in database_role_warnings(connections[alias])]


def warn_about_the_database_role() -> None:
    """Called at the web server's start: the check above, in the log."""
    import logging

    from django.db import DatabaseError, connection

    logger = logging.getLogger("kompas.checks")
    try:
        for warning in database_role_warnings(connection):
            logger.warning("%s %s", warning.id, warning.msg)
    except DatabaseError:
        logger.warning("kompas.checks could not read the database role", exc_info=True)
    finally:
        connection.close()
