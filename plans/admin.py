from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin, ObjectPermissionsTabularInline

from core.i18n import localized_column
from plans.models import ActionPlan, Event, Phase, Theme


class PhaseInline(ObjectPermissionsTabularInline):
    model = Phase
    extra = 0


class EventInline(ObjectPermissionsTabularInline):
    model = Event
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(ObjectPermissionsModelAdmin):
    list_display = ["number", localized_column("title", _("title")), "status", "term_start", "term_end"]
    list_filter = ["status"]
    search_fields = ["title_nl", "title_en"]
    prepopulated_fields = {"slug": ["title_nl"]}
    filter_horizontal = ["action_holders"]
    inlines = [PhaseInline, EventInline]


@admin.register(Event)
class EventAdmin(ObjectPermissionsModelAdmin):
    list_display = [localized_column("title", _("title")), "kind", "starts_at", "plan"]
    list_filter = ["kind", "plan"]
    search_fields = ["title_nl", "title_en"]
    date_hierarchy = "starts_at"


@admin.register(Theme)
class ThemeAdmin(ObjectPermissionsModelAdmin):
    list_display = [localized_column("name", _("name")), "slug", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_nl", "name_en"]
    prepopulated_fields = {"slug": ["name_nl"]}
