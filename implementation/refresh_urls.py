"""Pages of implementation (refresh); filled by its part."""

urlpatterns = []
