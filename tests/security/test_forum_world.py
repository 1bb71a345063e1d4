"""The forum's secrets in the world are on pages their audience sees: otherwise the walk's check
that nobody else sees them (test_url_permissions) would prove nothing."""

import pytest
from django.urls import reverse

from stakeholders.services import item_url

pytestmark = pytest.mark.postgres


def _html(visits, role, url):
    response = visits[role].get(url)
    assert response.status_code == 200, (role, url, response.status_code)
    return response.content.decode()


def test_the_forums_secrets_are_shown_to_their_audience(world, visits):
    meeting = world["meeting"].get_absolute_url()
    for secret in ("GEHEIM-vergaderlink", "GEHEIM-forumstuk"):
        assert secret in _html(visits, "forum_member", meeting)
        assert secret not in _html(visits, "participant", meeting)
    item = item_url(world["item"])
    assert "GEHEIM-forumopmerking" in _html(visits, "action_holder", item)
    assert "GEHEIM-forumlid" in _html(visits, "process_owner", world["round"].get_absolute_url())
    consultation = reverse(
        "stakeholders_review:consultation",
        args=[world.plan.slug, world["round"].pk, world["item"].commitment.identifier],
    )
    html = _html(visits, "anonymous", consultation)
    assert "Gepubliceerde reactie" in html and "GEHEIM-reactie" not in html
    moderation = reverse("stakeholders_review:moderation", args=[world.plan.slug, world["round"].pk])
    assert "GEHEIM-reactie" in _html(visits, "moderator", moderation)
