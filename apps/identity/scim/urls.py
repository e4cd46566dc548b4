from django.urls import path

from . import views

app_name = "scim"

urlpatterns = [
    path("<slug:organisation>/Users", views.users, name="users"),
    path("<slug:organisation>/Users/<str:pk>", views.user, name="user"),
    path("<slug:organisation>/Groups", views.groups, name="groups"),
    path("<slug:organisation>/Groups/<str:pk>", views.group, name="group"),
    path(
        "<slug:organisation>/ServiceProviderConfig", views.service_provider_config,
        name="service_provider_config",
    ),
]
