"""Writes of the identity app: the administration of units, people and roles
(administration.py) and imports from HR and AD files (imports.py)."""

from .administration import *  # noqa: F403
from .imports import *  # noqa: F403
