"""Høring without an account: an outside party's link and a public consultation."""

from django.urls import path

from . import public_views

app_name = "hoering"

urlpatterns = [
    path("public/<uuid:key>/", public_views.public_answer, name="public"),
    path("<str:token>/", public_views.party_answer, name="party"),
]
