from django.shortcuts import render
from django.views.generic import ListView

from . import permissions
from .selectors import platform_role_matrix, version_content


class StrategyListView(ListView):
    template_name = "strategies/strategy_list.html"
    context_object_name = "strategies"

    def get_queryset(self):
        return (
            permissions.visible_strategies(self.request.user)
            .select_related("organisation")
            .prefetch_related("versions")
            .order_by("title")
        )


def version_detail(request, pk):
    version = permissions.get_version_for_user(request.user, pk)
    content = version_content(version)
    return render(
        request,
        "strategies/version_detail.html",
        {
            "version": version,
            "strategy": version.strategy,
            "content": content,
            "platform_matrix": platform_role_matrix(content),
        },
    )
