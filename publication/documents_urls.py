"""URLs of the publication app: documents (the document repository, OGP Standard 2)."""

from django.urls import path

from publication import documents_views as views

app_name = "publication_documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("feed/", views.document_feed, name="feed"),
    path("<int:pk>/file/", views.document_file, name="file"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:pk>/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/delete/", views.staff_delete, name="staff_delete"),
]
