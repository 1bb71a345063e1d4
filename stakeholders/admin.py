from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from stakeholders.models import ForumMember, Meeting


@admin.register(ForumMember)
class ForumMemberAdmin(ObjectPermissionsModelAdmin):
    list_display = ["user", "sector", "organisation", "plan", "since", "until", "consent_to_show_name"]
    list_filter = ["plan", "sector"]
    search_fields = ["user__email", "user__name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Meeting)
class MeetingAdmin(ObjectPermissionsModelAdmin):
    list_display = ["title_nl", "plan", "starts_at", "minutes_published_at"]
    list_filter = ["plan"]
