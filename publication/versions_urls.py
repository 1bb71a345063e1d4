"""Pages of the published plan versions (issue 14, points 1-3 and 9)."""

from django.urls import path, re_path

from publication import versions_views

app_name = "publication_versions"
urlpatterns = [
    path("plans/<slug:slug>/versions/", versions_views.version_list, name="list"),
    path("plans/<slug:slug>/versions/compare/", versions_views.version_compare, name="compare"),
    path("plans/<slug:slug>/versions/<int:number>/", versions_views.version_detail, name="detail"),
    path(
        "plans/<slug:slug>/versions/<int:number>/report/<str:lang>/",
        versions_views.report_detail,
        name="report",
    ),
    re_path(
        r"^plans/(?P<slug>[-a-zA-Z0-9_]+)/versions/(?P<number>[0-9]+)/(?P<kind>plan|cocreation_report)-(?P<lang>nl|en)\.pdf$",
        versions_views.version_pdf,
        name="pdf",
    ),
    path("staff/publication/<slug:slug>/", versions_views.staff_publish, name="staff_publish"),
    path("staff/publication/<slug:slug>/texts/", versions_views.staff_text, name="staff_text"),
]
