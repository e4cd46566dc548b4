from django.contrib import admin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ("version", "kind", "status", "attempts", "organisation", "created_at")
    list_filter = ("status", "kind", "organisation")
    search_fields = ("version__strategy__title", "content_key")
    readonly_fields = [field.name for field in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
