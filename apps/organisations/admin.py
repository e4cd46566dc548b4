from django.contrib import admin

from .models import Organisation, ResponsibilityHolder, RoleAssignment, Unit


class FixedOnChangeAdmin(admin.ModelAdmin):
    """Fields that place a row in an organisation can be set when it is added, never
    changed: a move would raise only the new organisation's generations (the caches
    keyed on them, apps/obligations/signals.py), and a strategy, a unit or a role does
    not move between municipalities."""

    fixed_on_change: tuple[str, ...] = ("organisation",)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is None:
            return fields
        return fields + tuple(f for f in self.fixed_on_change if f not in fields)


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
class UnitAdmin(FixedOnChangeAdmin):
    list_display = ("name", "kind", "parent", "organisation", "is_communications")
    list_filter = ("organisation", "kind")
    search_fields = ("name",)
    readonly_fields = ("path",)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(FixedOnChangeAdmin):
    list_display = ("user", "role_level", "unit", "organisation", "title")
    list_filter = ("organisation", "role_level")
    search_fields = ("user__username", "user__full_name", "title")
    autocomplete_fields = ("user", "unit")


@admin.register(ResponsibilityHolder)
class ResponsibilityHolderAdmin(FixedOnChangeAdmin):
    list_display = ("name", "kind", "role_level", "organisation")
    list_filter = ("organisation", "kind")
    search_fields = ("name",)
