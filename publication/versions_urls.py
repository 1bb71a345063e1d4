"""Pages of the published plan versions (issue 14, points 1-3 and 9)."""

from django.urls import path, register_converter

from publication import versions_views


class DocumentKind:
    """The kinds of a version's documents, as they appear in a PDF's file name."""

    regex = "plan|cocreation_report"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class Language(DocumentKind):
    regex = "nl|en"


register_converter(DocumentKind, "versiondocument")
register_converter(Language, "versionlanguage")

app_name = "publication_versions"
urlpatterns = [
    path("plans/<slug:slug>/versions/", versions_views.version_list, name="list"),
    path("plans/<slug:slug>/versions/compare/", versions_views.version_compare, name="compare"),
    path("plans/<slug:slug>/versions/<int:number>/", versions_views.version_detail, name="detail"),
    path(
        "plans/<slug:slug>/versions/<int:number>/report/<versionlanguage:lang>/",
        versions_views.report_detail,
        name="report",
    ),
    path(
        "plans/<slug:slug>/versions/<int:number>/<versiondocument:kind>-<versionlanguage:lang>.pdf",
        versions_views.version_pdf,
        name="pdf",
    ),
    path("staff/publication/<slug:slug>/", versions_views.staff_publish, name="staff_publish"),
    path("staff/publication/<slug:slug>/texts/", versions_views.staff_text, name="staff_text"),
    path(
        "staff/publication/<slug:slug>/versions/<int:number>/<versiondocument:kind>-<versionlanguage:lang>/retry/",
        versions_views.staff_retry_pdf,
        name="staff_retry_pdf",
    ),
]
