"""Pages of implementation (assessment); filled by its part."""

urlpatterns = []
