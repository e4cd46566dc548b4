from django.urls import path

from .administration.views import holders, home, people, personal_data, roles, sign_in, units
from .provisioning import scim_groups, scim_tokens
from .provisioning import views as imports

app_name = "identity"

urlpatterns = [
    path("", home.home, name="home"),
    path("people/", people.person_list, name="person_list"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/deactivate/", people.person_deactivate, name="person_deactivate"),
    path("people/<int:pk>/reactivate/", people.person_reactivate, name="person_reactivate"),
    path("people/<int:pk>/personal-data.json", personal_data.person_export, name="person_export"),
    path("people/<int:pk>/erase/", personal_data.person_erase, name="person_erase"),
    path("people/<int:pk>/roles/new/", roles.role_create, name="role_create"),
    path("roles/<int:pk>/", roles.role_edit, name="role_edit"),
    path("roles/<int:pk>/delete/", roles.role_delete, name="role_delete"),
    path("units/", units.unit_list, name="unit_list"),
    path("units/new/", units.unit_create, name="unit_create"),
    path("units/<int:pk>/", units.unit_edit, name="unit_edit"),
    path("units/<int:pk>/close/", units.unit_close, name="unit_close"),
    path("units/<int:pk>/reopen/", units.unit_reopen, name="unit_reopen"),
    path("holders/", holders.holder_list, name="holder_list"),
    path("holders/new/", holders.holder_create, name="holder_create"),
    path("holders/<int:pk>/", holders.holder_edit, name="holder_edit"),
    path("holders/<int:pk>/delete/", holders.holder_delete, name="holder_delete"),
    path("import/", imports.import_start, name="import_start"),
    path("import/template.csv", imports.import_template, name="import_template"),
    path("import/<int:pk>/", imports.import_preview, name="import_preview"),
    path("import/<int:pk>/done/", imports.import_done, name="import_done"),
    path("sign-in/", sign_in.sign_in_settings, name="sign_in"),
    path("sign-in/test/", sign_in.sign_in_test, name="sign_in_test"),
    path("sign-in/groups/", sign_in.group_mapping_add, name="group_mapping_add"),
    path(
        "sign-in/groups/<int:pk>/remove/", sign_in.group_mapping_remove,
        name="group_mapping_remove",
    ),
    path("scim/", scim_tokens.scim_tokens, name="scim_tokens"),
    path("scim/groups/", scim_groups.scim_groups, name="scim_groups"),
    path("scim/groups/<int:pk>/", scim_groups.scim_group_edit, name="scim_group_edit"),
    path(
        "scim/<int:pk>/revoke/", scim_tokens.scim_token_revoke_view, name="scim_token_revoke"
    ),
]
