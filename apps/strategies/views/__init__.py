"""Pages of the strategies app: reading, authoring and the lifecycle.

Views are thin. They fetch through `permissions` (404 for what the user cannot
see, 403 for what they see but may not do), let forms validate, call the
services and map the services' errors back onto the forms. Every editor form
works as a plain POST followed by a redirect; with htmx the item lists are
swapped in place instead.
"""

from .archive import strategy_archive, strategy_delete, strategy_unarchive
from .audit import StrategyAuditView
from .editor import item_add, item_delete, item_edit, item_move, version_edit
from .preview import markdown_preview
from .strategies import StrategyCreateView, StrategyDetailView, StrategyListView
from .versions import version_detail, version_new_draft, version_transition

__all__ = [
    "StrategyAuditView",
    "StrategyCreateView",
    "StrategyDetailView",
    "StrategyListView",
    "item_add",
    "item_delete",
    "item_edit",
    "item_move",
    "markdown_preview",
    "strategy_archive",
    "strategy_delete",
    "strategy_unarchive",
    "version_detail",
    "version_edit",
    "version_new_draft",
    "version_transition",
]
