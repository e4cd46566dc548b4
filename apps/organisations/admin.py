from django.contrib import admin

from .models import Organisation, RoleAssignment, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    fk_name = "organisation"
    fields = ("name", "kind", "parent", "is_communications")
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "language", "council_name")
    list_filter = ("country",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "organisation", "is_communications")
    list_filter = ("organisation", "kind")
    search_fields = ("name",)
    readonly_fields = ("path",)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role_level", "unit", "organisation", "title")
    list_filter = ("organisation", "role_level")
    search_fields = ("user__username", "user__full_name", "title")
    autocomplete_fields = ("user", "unit")
