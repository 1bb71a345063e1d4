"""Every ``next`` address is checked (core.http.safe_next): one on another site, or one that is no
address at all (``javascript:``), sends people to the page's own fallback, never a 500; a path
on this site is kept."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.http import safe_next
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory

UNSAFE = [
    "https://evil.example/",
    "//evil.example/",
    "javascript:alert(1)",
    " javascript:alert(1)",
    "/\\evil.example",
    "http:///evil.example",
    "ideas:list",
    "data:text/html,<script>alert(1)</script>",
]


@pytest.mark.parametrize("unsafe", UNSAFE)
def test_safe_next_falls_back(unsafe):
    request = RequestFactory().post("/", {"next": unsafe})
    assert safe_next(request, "/fallback/") == "/fallback/"
    request = RequestFactory().get("/", {"next": unsafe})
    assert safe_next(request, "/fallback/") == "/fallback/"


def test_safe_next_keeps_a_local_path():
    request = RequestFactory().post("/", {"next": "/ideas/?theme=open-data&page=2"})
    assert safe_next(request, "/fallback/") == "/ideas/?theme=open-data&page=2"
    assert safe_next(RequestFactory().get("/"), "/fallback/") == "/fallback/"


@pytest.mark.django_db
@pytest.mark.parametrize("unsafe", ["https://evil.example/", "javascript:alert(1)", "ideas:list"])
def test_support_form_goes_back_to_the_contribution_not_elsewhere(client, unsafe):
    idea = IdeaFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("ideas:support", args=[idea.pk]), {"next": unsafe})
    assert response.status_code == 302 and response.url == idea.get_absolute_url()
    idea.refresh_from_db()
    assert idea.support_count == 1


@pytest.mark.django_db
def test_support_form_keeps_a_local_next(client):
    idea = IdeaFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("ideas:support", args=[idea.pk]), {"next": "/ideas/?sort=supported"})
    assert response.status_code == 302 and response.url == "/ideas/?sort=supported"


@pytest.mark.django_db
@pytest.mark.parametrize("unsafe", ["https://evil.example/", "javascript:alert(1)"])
def test_language_switch_and_login_refuse_other_sites(client, unsafe):
    """Django's language switch and allauth's login check ``next`` themselves."""
    response = client.post(reverse("set_language"), {"language": "en", "next": unsafe})
    assert response.status_code == 302 and response.url == "/"
    user = UserFactory()
    user.set_password("een-lang-wachtwoord-2026")
    user.save()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "een-lang-wachtwoord-2026", "next": unsafe}
    )
    assert response.status_code == 302 and response.url == reverse("home")
