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


def refuse_development_key_in_production() -> None:
    """Called by the WSGI entry point: a server with DEBUG off and the public development
    key would sign sessions and links that anyone can forge."""
    from django.core.exceptions import ImproperlyConfigured

    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set and DJANGO_DEBUG is off: refusing to serve "
            "with the public development key. Set DJANGO_SECRET_KEY."
        )
