"""Writes of the identity app: the administration of units, people and roles
(administration.py), imports from HR and AD files (imports.py), and personal data
(personal_data.py)."""

from .administration import *  # noqa: F403
from .imports import *  # noqa: F403
from .personal_data import *  # noqa: F403
from .scim import *  # noqa: F403
from .sign_in import *  # noqa: F403
