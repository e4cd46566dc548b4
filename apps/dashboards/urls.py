from django.urls import path

from . import drilldown, views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("leader/", views.leader, name="leader"),
    path("employee/", views.employee, name="employee"),
    path("politician/", views.politician, name="politician"),
    path("executive/", views.executive, name="executive"),
    path("communications/", views.communications, name="communications"),
    path("units/<int:pk>/", drilldown.unit_page, name="unit"),
]
