from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from apps.organisations.admin import FixedOnChangeAdmin

from . import models as m


class FrozenAwareInline(admin.StackedInline):
    """Content of an adopted or superseded version is shown, never editable."""

    extra = 0

    def _frozen(self, obj):
        version = getattr(obj, "version", obj)
        return bool(version and getattr(version, "is_frozen", False))

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class TabularFrozenAwareInline(FrozenAwareInline):
    template = "admin/edit_inline/tabular.html"


def _inline(model, tabular=False, **attrs):
    base = TabularFrozenAwareInline if tabular else FrozenAwareInline
    return type(f"{model.__name__}Inline", (base,), {"model": model, **attrs})


class FrozenAwareAdmin(admin.ModelAdmin):
    def has_change_permission(self, request, obj=None):
        version = getattr(obj, "version", obj)
        if version is not None and getattr(version, "is_frozen", False):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) and super().has_delete_permission(
            request, obj
        )


@admin.register(m.Strategy)
class StrategyAdmin(FixedOnChangeAdmin, GuardedModelAdmin):
    list_display = ("title", "organisation", "kind")
    list_filter = ("organisation", "kind")
    search_fields = ("title", "subtitle")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(m.StrategyVersion)
class StrategyVersionAdmin(FixedOnChangeAdmin, FrozenAwareAdmin):
    fixed_on_change = ("strategy",)
    list_display = ("strategy", "number", "status", "adopted_on", "adopted_by", "case_reference")
    list_filter = ("status", "strategy__organisation")
    search_fields = ("strategy__title", "case_reference")
    readonly_fields = ("status", "revision", "based_on", "created_by")
    fieldsets = (
        (None, {"fields": ("strategy", "number", "status", "language", "revision", "based_on")}),
        (
            _("Period"),
            {"fields": ("dated", "period_label", "valid_from", "valid_until", "review_due")},
        ),
        (
            _("Adoption"),
            {"fields": ("adopted_on", "adopted_by", "case_reference", "adoption_note")},
        ),
        (_("Changes"), {"fields": ("change_summary", "created_by")}),
    )
    inlines = [
        _inline(m.Section),
        _inline(m.Value),
        _inline(m.Principle),
        _inline(m.FocusArea),
        _inline(m.Goal, show_change_link=True),
        _inline(m.Responsibility, show_change_link=True),
        _inline(m.Stakeholder, tabular=True),
        _inline(m.MunicipalityRole, show_change_link=True),
        _inline(m.Platform, show_change_link=True),
        _inline(m.SpokespersonRule),
        _inline(m.Action),
        _inline(m.AnnualWheelEvent, tabular=True),
        _inline(m.RelatedDocument, tabular=True),
    ]


@admin.register(m.Goal)
class GoalAdmin(FrozenAwareAdmin):
    list_display = ("__str__", "kind", "version")
    list_filter = ("kind",)
    inlines = [_inline(m.Indicator, tabular=True, exclude=("version",))]


@admin.register(m.Responsibility)
class ResponsibilityAdmin(FrozenAwareAdmin):
    list_display = ("label", "role_level", "heading", "version")
    list_filter = ("role_level",)
    inlines = [_inline(m.ResponsibilityItem, tabular=True, exclude=("version",))]


@admin.register(m.MunicipalityRole)
class MunicipalityRoleAdmin(FrozenAwareAdmin):
    list_display = ("name", "kind", "version")
    inlines = [
        _inline(m.RoleSender, tabular=True, exclude=("version",)),
        _inline(m.RoleAudience, tabular=True, exclude=("version",)),
    ]


@admin.register(m.Platform)
class PlatformAdmin(FrozenAwareAdmin):
    list_display = ("name", "version")
    inlines = [
        _inline(m.Channel, tabular=True, exclude=("version",)),
        _inline(m.PlatformRoleUse, tabular=True, exclude=("version",)),
    ]
