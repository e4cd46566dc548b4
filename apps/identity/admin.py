"""The Django admin of identity: each concern registers its own models."""

from .sso import admin as sso_admin  # noqa: F401
