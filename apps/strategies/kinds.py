"""What a document is called, by its kind: a policy is a policy, a plan a plan.

Each phrase that names the document is written once per kind, as a whole sentence,
so each language can inflect it ("politikken", "strategien", "handleplanen").
Templates say `{% kind_text strategy.kind "pdf_of" %}` (apps/core/templatetags).
"""

from django.utils.translation import gettext_lazy as _

from .models import StrategyKind

PHRASES = {
    "pdf_of": {
        StrategyKind.POLICY: _("PDF of the policy"),
        StrategyKind.STRATEGY: _("PDF of the strategy"),
        StrategyKind.ACTION_PLAN: _("PDF of the action plan"),
    },
    "read_whole": {
        StrategyKind.POLICY: _("Read the whole policy (adopted version %(number)s)."),
        StrategyKind.STRATEGY: _("Read the whole strategy (adopted version %(number)s)."),
        StrategyKind.ACTION_PLAN: _("Read the whole action plan (adopted version %(number)s)."),
    },
    "audit_link": {
        StrategyKind.POLICY: _("See the audit log of this policy"),
        StrategyKind.STRATEGY: _("See the audit log of this strategy"),
        StrategyKind.ACTION_PLAN: _("See the audit log of this action plan"),
    },
    "audit_lead": {
        StrategyKind.POLICY: _(
            "Every edit and change of status of this policy's versions, newest first."
        ),
        StrategyKind.STRATEGY: _(
            "Every edit and change of status of this strategy's versions, newest first."
        ),
        StrategyKind.ACTION_PLAN: _(
            "Every edit and change of status of this action plan's versions, newest first."
        ),
    },
    "versions_caption": {
        StrategyKind.POLICY: _("Versions of the policy, newest first"),
        StrategyKind.STRATEGY: _("Versions of the strategy, newest first"),
        StrategyKind.ACTION_PLAN: _("Versions of the action plan, newest first"),
    },
    "contents_of": {
        StrategyKind.POLICY: _("Contents of the policy"),
        StrategyKind.STRATEGY: _("Contents of the strategy"),
        StrategyKind.ACTION_PLAN: _("Contents of the action plan"),
    },
}


def kind_text(kind: str, phrase: str, **values) -> str:
    """The phrase for a document of this kind (a strategy's when the kind is unknown)."""
    texts = PHRASES[phrase]
    text = str(texts.get(kind, texts[StrategyKind.STRATEGY]))
    return text % values if values else text
