from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rules.contrib.admin import ObjectPermissionsModelAdmin

from notifications.models import Message, Preferences
from notifications.services import message_resend


@admin.register(Message)
class MessageAdmin(ObjectPermissionsModelAdmin):
    """The outbox for staff: who was sent what and when, and why a message failed.

    Only superusers read what a message says (text, HTML, headers with their unsubscribe link);
    moderators and process owners see metadata only. The body of an account email (a login code,
    a confirmation code, a password-reset link) is shown to nobody: a moderator who asked for a
    code for someone else's account could read it and log in as them.
    """

    list_display = ["to_email", "kind", "status", "attempts", "created_at", "sent_at", "short_error"]
    list_filter = ["status", "category", "kind", "language"]
    search_fields = ["to_email", "kind", "key"]  # never the body: a search would reveal it letter by letter
    date_hierarchy = "created_at"
    list_select_related = False
    actions = ["resend"]
    readonly_fields = [*(f.name for f in Message._meta.fields), "content_withheld"]
    METADATA = [
        (None, {"fields": ["to_email", "recipient", "kind", "category", "secret", "language", "key", "plan"]}),
        (_("Delivery"), {"fields": ["status", "attempts", "last_error", "next_attempt_at", "created_at", "sent_at"]}),
    ]

    def lookup_allowed(self, lookup, value, request=None):
        # The admin lets a URL filter on any field of the model (?body_text__contains=…), which
        # would reveal a body character by character: not on the content.
        if lookup.split("__", 1)[0] in ("subject", "body_text", "body_html", "headers", "attachments"):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_fieldsets(self, request, obj=None):
        if obj is not None and request.user.is_superuser and not obj.secret:
            content = ["subject", "body_text", "body_html", "headers"]
        else:
            content = ["subject", "content_withheld"]
        return [*self.METADATA, (_("Content"), {"fields": content})]

    @admin.display(description=_("content"))
    def content_withheld(self, obj):
        if obj.secret:
            return _("Not shown: an account email holds a code or link to someone's account. It is deleted once sent.")
        return _("Only administrators can read what a message says.")

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return obj.last_error[:80]

    @admin.action(description=_("Send the selected failed messages again"))
    def resend(self, request, queryset):
        failed = list(queryset.filter(status=Message.Status.FAILED))
        queued = sum(message_resend(message=message) for message in failed)
        self.message_user(
            request,
            ngettext("%(n)d message queued again.", "%(n)d messages queued again.", queued) % {"n": queued},
            messages.SUCCESS,
        )
        if refused := len(failed) - queued:
            self.message_user(
                request,
                ngettext(
                    "%(n)d account email or deleted message cannot be sent again: the person can request a new code.",
                    "%(n)d account emails or deleted messages cannot be sent again: the person can request a new code.",
                    refused,
                )
                % {"n": refused},
                messages.WARNING,
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
