from django.urls import path

from . import views

app_name = "obligations"

urlpatterns = [
    path("", views.ObligationListView.as_view(), name="list"),
    path("acknowledge/", views.acknowledge, name="acknowledge"),
    path("units/<int:pk>/check-ins/", views.CheckInView.as_view(), name="check_ins"),
]
