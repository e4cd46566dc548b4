"""Signed-in addresses of the publication: the communications department's choice to
publish a strategy."""

from django.urls import path

from . import views

app_name = "publication"

urlpatterns = [
    path("strategies/<int:pk>/", views.publish, name="publish"),
]
