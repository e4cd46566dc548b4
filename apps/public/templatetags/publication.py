from django import template
from django.urls import reverse
from django.utils.html import format_html

from apps.strategies.models import VersionStatus

from .. import permissions
from ..models import Publication
from ..views import embed_origin

register = template.Library()


@register.inclusion_tag("public/includes/publication_panel.html", takes_context=True)
def publication_panel(context, strategy):
    """Whether the strategy is on the public site, with the button to change it, for
    those who may decide it (nothing for anyone else)."""
    request = context.get("request")
    if request is None or not permissions.can(request.user, permissions.PUBLISH, strategy):
        return {"panel": None}
    published = Publication.objects.filter(strategy=strategy, is_published=True).exists()
    url = ""
    if published and strategy.versions.filter(status=VersionStatus.ADOPTED).exists():
        url = request.build_absolute_uri(
            reverse("public:strategy", args=[strategy.organisation.slug, strategy.slug])
        )
    snippet = format_html(
        '<iframe src="{}?embed=1" title="{}" width="100%" height="900" loading="lazy"></iframe>',
        url, strategy.title,
    ) if url else ""
    return {"panel": {
        "strategy": strategy, "published": published, "url": url, "snippet": snippet,
        "origin": embed_origin(strategy.organisation),
    }}
