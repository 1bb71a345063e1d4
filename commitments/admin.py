from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin

from accounts.roles import is_process_owner
from commitments.models import Commitment, Milestone
from core.i18n import localized_column


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["position", "description_nl", "starts_on", "ends_on", "responsible_organisation"]


@admin.register(Commitment)
class CommitmentAdmin(ObjectPermissionsModelAdmin):
    """Read-only: commitments change on the platform's own pages, where every save becomes a
    version and stale saves are refused. The admin is for looking things up."""

    list_display = [
        "identifier",
        localized_column("title", _("title")),
        "lead_organisation",
        "status",
        "version",
        "updated_at",
    ]
    list_filter = ["status", "plan"]
    search_fields = ["identifier", "title_nl", "title_en"]
    inlines = [MilestoneInline]

    def has_view_permission(self, request, obj=None):
        return is_process_owner(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
