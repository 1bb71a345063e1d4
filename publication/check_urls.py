"""URLs of the publication app: check."""

from django.urls import path

from publication import check_views

app_name = "publication_check"
urlpatterns: list = [
    path("", check_views.index, name="index"),
    path("<slug:slug>/", check_views.plan_check, name="plan"),
]
