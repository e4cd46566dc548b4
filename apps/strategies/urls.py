from django.urls import path

from . import views

app_name = "strategies"

urlpatterns = [
    path("", views.StrategyListView.as_view(), name="list"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
]
