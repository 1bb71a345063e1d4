from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin, ObjectPermissionsTabularInline

from sessions.models import Registration, Session, SessionAttachment, SessionInvitation, SessionReport


class RegistrationInline(ObjectPermissionsTabularInline):
    model = Registration
    extra = 0
    fields = ["person", "status", "arrival", "organisation_name", "organisation_kind", "checked_in_at"]
    readonly_fields = ["arrival"]
    raw_id_fields = ["person"]


@admin.register(Session)
class SessionAdmin(ObjectPermissionsModelAdmin):
    list_display = ["title", "plan", "starts_at", "mode", "capacity", "status"]
    list_filter = ["plan", "mode", "status"]
    search_fields = ["title", "venue"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    inlines = [RegistrationInline]


@admin.register(Registration)
class RegistrationAdmin(ObjectPermissionsModelAdmin):
    list_display = ["person", "session", "status", "arrival", "registered_at", "checked_in_at"]
    list_filter = ["status", "session"]
    search_fields = ["person__email", "person__name", "organisation_name"]
    raw_id_fields = ["person", "checked_in_by"]


@admin.register(SessionInvitation)
class SessionInvitationAdmin(ObjectPermissionsModelAdmin):
    list_display = ["email", "session", "group", "created_at"]
    list_filter = ["group", "session"]
    search_fields = ["email"]
    raw_id_fields = ["person", "invited_by"]


class AttachmentInline(ObjectPermissionsTabularInline):
    model = SessionAttachment
    extra = 0


@admin.register(SessionReport)
class SessionReportAdmin(ObjectPermissionsModelAdmin):
    list_display = ["session", "published_at", "updated_at"]
    inlines = [AttachmentInline]
