"""URLs of the publication app: documents."""

app_name = "publication_documents"
urlpatterns: list = []
