from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "event_key", "created_at", "read_at", "email_status")
    list_filter = ("kind", "email_status")
    search_fields = ("event_key", "user__username")
    raw_id_fields = ("user",)
    readonly_fields = [f.name for f in Notification._meta.fields]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "category", "frequency")
    raw_id_fields = ("user",)
