"""Identity models, one module per concern: sign-in (sso) and provisioning."""

from .provisioning import *  # noqa: F403
from .sso import *  # noqa: F403
