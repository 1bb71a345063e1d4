"""Which views the page cache's early answer may answer: only the function the decorator
returned, never a view that another decorator wraps again (its check must always run)."""

import functools

import pytest
from django.http import HttpResponse, HttpResponseForbidden
from django.urls import path

from core.pagecache import anonymous_page_cache


@anonymous_page_cache
def kept_page(request):
    return HttpResponse("<p>Een pagina voor iedereen</p>")


def refuses_a_blocked_visitor(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.COOKIES.get("blocked"):
            return HttpResponseForbidden("geweigerd")
        return view(request, *args, **kwargs)

    return wrapped


guarded_page = refuses_a_blocked_visitor(kept_page)

urlpatterns = [path("kept/", kept_page), path("guarded/", guarded_page)]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_the_decorated_view_itself_is_answered_early(client):
    assert client.get("/kept/").headers["X-Page-Cache"] == "miss"
    response = client.get("/kept/")
    assert response.headers["X-Page-Cache"] == "hit" and not hasattr(response.wsgi_request, "session")


def test_a_view_wrapped_again_always_reaches_its_own_check(client):
    client.get("/guarded/")
    assert client.get("/guarded/").headers["X-Page-Cache"] == "hit"  # kept, through its check
    client.cookies["blocked"] = "1"
    response = client.get("/guarded/")
    assert response.status_code == 403 and b"geweigerd" in response.content
