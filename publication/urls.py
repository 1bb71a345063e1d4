"""The publication app's pages, each part in a URL module of its own."""

from django.urls import include, path

urlpatterns = [
    path("documents/", include("publication.documents_urls")),
    path("open-data/", include("publication.open_data_urls")),
    path("staff/ogp-check/", include("publication.check_urls")),
    path("staff/cocreation-report/", include("publication.report_urls")),
    path("", include("publication.versions_urls")),
]
