"""URLs of the publication app: open_data."""

app_name = "publication_open_data"
urlpatterns: list = []
