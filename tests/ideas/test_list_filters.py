"""The list's filters of plans, themes and sessions: their choices are kept between requests
(ideas/choices.py) and still follow every change at once; a value that is not among them is
dropped and reported, the other filters still apply."""

import pytest
from django.urls import reverse

from tests.factories import ActionPlanFactory
from tests.ideas.factories import IdeaFactory, ThemeFactory
from tests.sessions.factories import SessionFactory

LIST = reverse("ideas:list")


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0  # the lists of choices themselves, not a cached page


@pytest.mark.django_db
def test_a_new_or_renamed_theme_shows_in_the_filter_at_once(client):
    IdeaFactory(title="Over archieven", themes=[ThemeFactory(slug="archieven", name_nl="Archieven")])
    assert 'value="archieven">Archieven</option>' in client.get(LIST).content.decode()
    theme = ThemeFactory(slug="lobby", name_nl="Lobbytransparantie")
    IdeaFactory(title="Over lobby", themes=[theme])
    html = client.get(LIST).content.decode()
    assert '<option value="lobby">Lobbytransparantie</option>' in html
    html = client.get(LIST, {"theme": "lobby"}).content.decode()
    assert '<option value="lobby" selected>Lobbytransparantie</option>' in html
    assert "Over lobby" in html and "Over archieven" not in html
    theme.name_nl = "Lobby en invloed"
    theme.save()
    assert '<option value="lobby">Lobby en invloed</option>' in client.get(LIST).content.decode()


@pytest.mark.django_db
def test_a_plan_made_public_and_its_session_show_in_the_filters_at_once(client):
    IdeaFactory()
    client.get(LIST)
    plan = ActionPlanFactory(slug="actieplan-2030", title_nl="Actieplan 2030", status="draft")
    session = SessionFactory(plan=plan, title="Sessie over 2030")
    IdeaFactory(plan=plan, session=session, title="Uit de sessie")
    html = client.get(LIST).content.decode()
    assert "actieplan-2030" not in html and "Sessie over 2030" not in html
    plan.status = "public"
    plan.save()
    html = client.get(LIST).content.decode()
    assert '<option value="actieplan-2030">Actieplan 2030</option>' in html
    assert f'<option value="{session.pk}">Sessie over 2030</option>' in html
    html = client.get(LIST, {"session": session.pk}).content.decode()
    assert "Uit de sessie" in html and "1 bijdrage" in html
    html = client.get(LIST, {"plan": "actieplan-2030"}).content.decode()
    assert "Uit de sessie" in html and "1 bijdrage" in html


@pytest.mark.django_db
def test_unknown_values_are_ignored_and_reported_the_rest_still_filters(client):
    IdeaFactory(title="Een idee", kind="idea", themes=[ThemeFactory(slug="archieven")])
    IdeaFactory(title="Een kritische noot", kind="critical_note")
    response = client.get(LIST, {"theme": "bestaat-niet", "plan": "ook-niet", "session": "999", "kind": "idea"})
    html = response.content.decode()
    assert "Sommige filters konden niet worden gelezen en zijn genegeerd:" in html
    for label in ("Thema", "Actieplan", "Meedenksessie"):
        assert label in html.split("genegeerd:")[1].split("</p>")[0]
    assert "Een idee" in html and "Een kritische noot" not in html


@pytest.mark.django_db
def test_the_cards_show_their_themes_by_name_and_a_renamed_theme_at_once(client):
    zebra, archive = ThemeFactory(slug="z", name_nl="Zorg"), ThemeFactory(slug="a", name_nl="Archieven")
    IdeaFactory(title="Twee thema's", themes=[zebra, archive])
    IdeaFactory(title="Geen thema")
    html = client.get(LIST).content.decode()
    assert '<span class="tag">Archieven</span> <span class="tag">Zorg</span></p>' in html
    archive.name_nl = "Archief & <openbaarheid>"
    archive.save()
    html = client.get(LIST).content.decode()
    assert '<span class="tag">Archief &amp; &lt;openbaarheid&gt;</span> <span class="tag">Zorg</span></p>' in html
