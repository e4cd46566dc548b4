from django.urls import path

from . import views

app_name = "strategies"

urlpatterns = [
    path("", views.StrategyListView.as_view(), name="list"),
    path("new/", views.StrategyCreateView.as_view(), name="create"),
    path("markdown-preview/", views.markdown_preview, name="markdown_preview"),
    path("<int:pk>/", views.StrategyDetailView.as_view(), name="detail"),
    path("<int:pk>/audit/", views.StrategyAuditView.as_view(), name="audit"),
    path("<int:pk>/archive/", views.strategy_archive, name="archive"),
    path("<int:pk>/unarchive/", views.strategy_unarchive, name="unarchive"),
    path("<int:pk>/delete/", views.strategy_delete, name="delete"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/edit/", views.version_edit, name="version_edit"),
    path("versions/<int:pk>/new-draft/", views.version_new_draft, name="version_new_draft"),
    path(
        "versions/<int:pk>/status/<slug:to_status>/",
        views.version_transition,
        name="version_transition",
    ),
    # The draft editor's content: top-level items, and children under their parent row.
    path("versions/<int:pk>/<slug:type_key>/add/", views.item_add, name="item_add"),
    path(
        "versions/<int:pk>/<slug:type_key>/add/under/<int:parent_pk>/",
        views.item_add,
        name="item_add_child",
    ),
    path(
        "versions/<int:pk>/<slug:type_key>/<int:item_pk>/edit/",
        views.item_edit,
        name="item_edit",
    ),
    path(
        "versions/<int:pk>/<slug:type_key>/<int:item_pk>/delete/",
        views.item_delete,
        name="item_delete",
    ),
    path(
        "versions/<int:pk>/<slug:type_key>/<int:item_pk>/move/",
        views.item_move,
        name="item_move",
    ),
]
