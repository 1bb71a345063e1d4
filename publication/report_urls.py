"""URLs of the publication app: the staff preview of the co-creation report."""

from django.urls import path

from publication import report_views

app_name = "publication_report"
urlpatterns: list = [
    path("<slug:slug>/<str:language>/", report_views.preview, name="preview"),
]
