"""The site's URLs plus a bare Django view, the benchmark's baseline. Used by bench/settings_bench.py only."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import handler404, handler500  # noqa: F401

urlpatterns = [
    path("bench/bare/", lambda request: HttpResponse("ok")),
    path("", include("config.urls")),
]
