from django.contrib import admin

from .models import Comment, ConsultationInvitation


class ReadOnlyAdmin(admin.ModelAdmin):
    """For support staff to look things up: every change goes through the services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConsultationInvitation)
class ConsultationInvitationAdmin(ReadOnlyAdmin):
    list_display = ("version", "user", "unit", "invited_by", "created_at")
    list_select_related = ("version__strategy", "user", "unit", "invited_by")
    list_filter = ("version__strategy__organisation",)


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("version", "author_name", "target_label", "outcome", "created_at",
                    "answered_at")
    list_select_related = ("version__strategy",)
    list_filter = ("outcome", "version__strategy__organisation")
    search_fields = ("text", "response", "author_name")
