from django.urls import path, register_converter

from . import views


class ObligationTokenConverter:
    """An obligation's identity in a URL (rules.Obligation.token): its strategy and
    the hash of its text."""

    regex = "[0-9]+-[0-9a-f]{64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ObligationTokenConverter, "obligation")

app_name = "obligations"

urlpatterns = [
    path("", views.ObligationListView.as_view(), name="list"),
    path("acknowledge/", views.acknowledge, name="acknowledge"),
    path("units/<int:pk>/check-ins/", views.CheckInView.as_view(), name="check_ins"),
    path(
        "units/<int:pk>/check-ins/<obligation:token>/",
        views.CheckInRowView.as_view(),
        name="check_in_row",
    ),
]
