from django.contrib import admin
from django.urls import include, path

from core import views as core_views
from ideas import open_data
from plans import views as plans_views

urlpatterns = [
    path("", plans_views.home, name="home"),
    path("", include("core.urls")),
    path("plans/", include("plans.urls")),
    path("ideas/", include("ideas.urls")),
    path("open-data/contributions.csv", open_data.open_data_csv, name="open_data_contributions_csv"),
    path("open-data/contributions.json", open_data.open_data_json, name="open_data_contributions_json"),
    path("sessions/", include("sessions.urls")),
    path("commitments/", include("commitments.urls")),
    path("forum/", include("stakeholders.urls")),
    path("forum/", include("stakeholders.review_urls")),
    path("", include("publication.urls")),
    path("", include("implementation.urls")),
    path("staff/", include("plans.staff_urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("notifications/", include("notifications.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler404 = core_views.page_not_found
handler500 = core_views.server_error
