from django.urls import path

from . import views

app_name = "calendar"

urlpatterns = [
    path("", views.personal_calendar_page, name="personal"),
    path("new-address/", views.personal_calendar_renew, name="renew"),
    path("stop/", views.personal_calendar_stop, name="stop"),
    path("feed/<str:token>.ics", views.personal_feed, name="feed"),
]
