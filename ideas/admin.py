from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin

from core.i18n import localized_column
from ideas.models import BuildingBlock, Idea, ModerationLog, Report


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    readonly_fields = ["reason", "text", "reporter", "created_at", "resolved_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class LogInline(admin.TabularInline):
    model = ModerationLog
    extra = 0
    readonly_fields = ["action", "detail", "actor", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Idea)
class IdeaAdmin(ObjectPermissionsModelAdmin):
    """Read-mostly: moderation and answers happen on the staff pages, which log every action."""

    list_display = ["pk", "title", "kind", "status", "outcome", "channel", "support_count", "created_at"]
    list_filter = ["status", "kind", "outcome", "channel", "plan", "themes"]
    search_fields = ["title", "text", "author__email", "submitter_email"]
    date_hierarchy = "created_at"
    list_select_related = ["plan"]
    raw_id_fields = [
        "author",
        "entered_by",
        "responded_by",
        "duplicate_of",
        "session",
        "organisation",
        "building_block",
    ]
    readonly_fields = ["support_count", "created_at", "published_at", "moderated_at", "responded_at", "original_text"]
    inlines = [ReportInline, LogInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BuildingBlock)
class BuildingBlockAdmin(ObjectPermissionsModelAdmin):
    list_display = [localized_column("title", _("title")), "plan"]
    list_filter = ["plan", "themes"]
    search_fields = ["title_nl", "title_en"]
