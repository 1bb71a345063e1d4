"""Pages of implementation (progress); filled by its part."""

urlpatterns = []
