"""What the API's audit verbs mean, in words (apps/audit/presentation.py)."""

from django.utils.translation import gettext_lazy

from apps.audit.presentation import Sentence

SENTENCES = {
    "api_token.created": Sentence(gettext_lazy("Created an API token")),
    "api_token.revoked": Sentence(gettext_lazy("Revoked an API token")),
}
