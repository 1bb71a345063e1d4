"""URLs of the publication app: open_data (the contributions' files stay in config/urls.py)."""

from django.urls import path

from publication import open_data_views as views

app_name = "publication_open_data"
urlpatterns = [
    path("", views.index, name="index"),
    path("commitments.csv", views.commitments_csv, name="commitments_csv"),
    path("commitments.json", views.commitments_json, name="commitments_json"),
    path("milestones.csv", views.milestones_csv, name="milestones_csv"),
    path("milestones.json", views.milestones_json, name="milestones_json"),
    path("datapackage.json", views.datapackage, name="datapackage"),
]
