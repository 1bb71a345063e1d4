from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rules.contrib.admin import ObjectPermissionsModelAdmin

from notifications.models import Message, Preferences
from notifications.services import message_resend


@admin.register(Message)
class MessageAdmin(ObjectPermissionsModelAdmin):
    list_display = ["to_email", "kind", "status", "attempts", "created_at", "sent_at", "short_error"]
    list_filter = ["status", "category", "kind", "language"]
    search_fields = ["to_email", "kind", "key"]
    date_hierarchy = "created_at"
    list_select_related = False
    actions = ["resend"]
    readonly_fields = [f.name for f in Message._meta.fields]
    fieldsets = [
        (None, {"fields": ["to_email", "recipient", "kind", "category", "language", "key", "plan"]}),
        (_("Delivery"), {"fields": ["status", "attempts", "last_error", "next_attempt_at", "created_at", "sent_at"]}),
        (_("Content"), {"fields": ["subject", "body_text", "body_html", "headers"]}),
    ]

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return obj.last_error[:80]

    @admin.action(description=_("Send the selected failed messages again"))
    def resend(self, request, queryset):
        failed = list(queryset.filter(status=Message.Status.FAILED))
        for message in failed:
            message_resend(message=message)
        self.message_user(
            request,
            ngettext("%(n)d message queued again.", "%(n)d messages queued again.", len(failed)) % {"n": len(failed)},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Preferences)
class PreferencesAdmin(ObjectPermissionsModelAdmin):
    list_display = ["user", "phase_announcements", "invitations", "weekly_digest"]
    list_filter = ["phase_announcements", "invitations", "weekly_digest"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]
