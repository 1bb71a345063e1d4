"""URLs of the publication app: check."""

app_name = "publication_check"
urlpatterns: list = []
