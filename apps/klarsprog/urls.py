from django.urls import path

from . import views

app_name = "klarsprog"

urlpatterns = [
    path("advice/", views.live_advice, name="advice"),
]
