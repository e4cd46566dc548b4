from django.contrib import admin

from apps.organisations.admin import FixedOnChangeAdmin

from .models import Acknowledgement, CheckIn


@admin.register(Acknowledgement)
class AcknowledgementAdmin(FixedOnChangeAdmin):
    list_display = ("user", "strategy", "role_level", "acknowledged_at")
    list_filter = ("organisation", "role_level")
    search_fields = ("user__username", "user__full_name", "text")
    raw_id_fields = ("user", "strategy", "version")
    readonly_fields = ("acknowledged_at",)


@admin.register(CheckIn)
class CheckInAdmin(FixedOnChangeAdmin):
    list_display = ("unit", "period", "status", "recorded_by", "updated_at")
    list_filter = ("organisation", "period", "status")
    search_fields = ("unit__name", "text", "note")
    raw_id_fields = ("unit", "strategy", "version", "recorded_by")
