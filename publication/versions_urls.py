"""Pages of the published plan versions (issue 14, points 1-3 and 9)."""

urlpatterns = []
