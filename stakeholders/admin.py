from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from stakeholders.models import ForumMember


@admin.register(ForumMember)
class ForumMemberAdmin(ObjectPermissionsModelAdmin):
    list_display = ["user", "sector", "organisation", "plan", "since", "until"]
    list_filter = ["plan", "sector"]
    search_fields = ["user__email", "user__name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
