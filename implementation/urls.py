"""The implementation app's pages, each part in a URL module of its own."""

from django.urls import include, path

urlpatterns = [
    path("", include("implementation.progress_urls")),
    path("", include("implementation.rounds_urls")),
    path("", include("implementation.refresh_urls")),
    path("", include("implementation.assessment_urls")),
]
