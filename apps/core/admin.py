from django.contrib import admin

from .models import AccessibilityReport


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "page_url", "contact_email")
    search_fields = ("page_url", "description", "contact_email")
    readonly_fields = ("created_at", "page_url", "description", "contact_email")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        # Reports come from the public form, as the people who met the problem wrote them.
        return False
