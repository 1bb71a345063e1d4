"""Pages of implementation (rounds); filled by its part."""

urlpatterns = []
