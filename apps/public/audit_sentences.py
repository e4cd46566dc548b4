"""What publishing's audit verbs mean, in words (apps/audit/presentation.py)."""

from django.utils.translation import gettext_lazy

from apps.audit.presentation import Sentence

SENTENCES = {
    "strategy.publish": Sentence(gettext_lazy("Published the strategy on the public pages")),
    "strategy.unpublish": Sentence(gettext_lazy("Took the strategy off the public pages")),
}
