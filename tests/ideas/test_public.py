import csv
import io
import json

import pytest
from django.urls import reverse

from accounts.models import Organisation
from ideas.models import Idea
from ideas.services import support_add
from tests.factories import OrganisationFactory, UserFactory
from tests.ideas.factories import BuildingBlockFactory, IdeaFactory, ThemeFactory

LIST = reverse("ideas:list")


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.django_db
def test_list_filters_by_theme_kind_channel_and_organisation_kind(en):
    data, access = ThemeFactory(slug="open-data"), ThemeFactory(slug="toegang")
    IdeaFactory(title="Over open data", themes=[data], kind="idea")
    IdeaFactory(title="Over toegang", themes=[access], kind="critical_note", channel="email",
                organisation=OrganisationFactory(kind=Organisation.Kind.ACADEMIA))  # fmt: skip
    IdeaFactory(title="Nog niet gemodereerd", themes=[data], pending=True)
    html = en.get(LIST, {"theme": "open-data"}).content.decode()
    assert "Over open data" in html and "Over toegang" not in html and "Nog niet gemodereerd" not in html
    assert "1 contribution" in html
    for params in ({"kind": "critical_note"}, {"channel": "email"}, {"organisation_kind": "academia"}):
        html = en.get(LIST, params).content.decode()
        assert "Over toegang" in html and "Over open data" not in html, params


@pytest.mark.django_db
def test_search_finds_words_in_title_and_text(en):
    IdeaFactory(title="Lobbyregister", text="Maak zichtbaar wie met ministers praat.")
    IdeaFactory(title="Open data", text="Datasets bijwerken.")
    html = en.get(LIST, {"q": "ministers"}).content.decode()
    assert "Lobbyregister" in html and "Datasets" not in html


@pytest.mark.postgres
@pytest.mark.django_db
def test_full_text_search_uses_dutch_stemming():
    from ideas.filters import search

    IdeaFactory(title="Woo-besluiten van gemeenten", text="Alle documenten op één plek.")
    assert search(Idea.objects.all(), "gemeente besluit").count() == 1  # plurals found by the singular
    assert search(Idea.objects.all(), "document -gemeente").count() == 0  # web search syntax: minus excludes
    assert search(Idea.objects.all(), "fietspad").count() == 0


@pytest.mark.django_db
def test_sort_by_supports_and_paginate_with_a_count(en):
    ideas = [IdeaFactory(title=f"Idee {n:02d}") for n in range(25)]
    supporter = UserFactory()
    support_add(idea=ideas[3], user=supporter)
    html = en.get(LIST, {"sort": "supported"}).content.decode()
    assert "25 contributions" in html and html.index("Idee 03") < html.index("Idee 24")
    page2 = en.get(LIST, {"sort": "supported", "page": 2}).content.decode()
    assert "Page 2 of 2" in page2 and "sort=supported&amp;page=1" in page2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"theme": "bestaat-niet"},
        {"kind": "<script>"},
        {"q": "x" * 5000},
        {"page": "999999"},
        {"page": "abc"},
        {"sort": "'; DROP TABLE"},
        {"session": "NaN"},
        {"q": "\x00 ' \" & | ! : * ()"},
    ],  # fmt: skip
)
def test_odd_query_strings_give_the_list_with_a_message_never_an_error(en, query):
    IdeaFactory(title="Zichtbaar")
    response = en.get(LIST, query)
    assert response.status_code == 200
    assert "contribution" in response.content.decode()


@pytest.mark.django_db
def test_htmx_request_gets_only_the_results(en):
    IdeaFactory(title="Zichtbaar")
    html = en.get(LIST, HTTP_HX_REQUEST="true").content.decode()
    assert html.strip().startswith('<section id="results"') and "<html" not in html


@pytest.mark.django_db
def test_support_once_take_back_and_the_count_shows(en):
    idea = IdeaFactory()
    en.force_login(UserFactory())
    url = reverse("ideas:support", args=[idea.pk])
    en.post(url)
    en.post(url)  # twice: still one
    idea.refresh_from_db()
    assert idea.support_count == 1 and idea.supports.count() == 1
    assert "1 person finds this important" in en.get(idea.get_absolute_url()).content.decode()
    assert "1 person finds this important" in en.get(LIST).content.decode()
    en.post(url, {"support": "0"})
    idea.refresh_from_db()
    assert idea.support_count == 0


@pytest.mark.django_db
def test_support_needs_login_and_a_published_contribution(client):
    idea = IdeaFactory(pending=True)
    response = client.post(reverse("ideas:support", args=[idea.pk]))
    assert response.status_code == 302 and reverse("account_login") in response.url
    client.force_login(UserFactory())
    assert client.post(reverse("ideas:support", args=[idea.pk])).status_code == 403


@pytest.mark.django_db
def test_unpublished_contributions_are_not_public(client):
    idea = IdeaFactory(pending=True)
    assert client.get(idea.get_absolute_url()).status_code == 302  # anonymous: log in
    client.force_login(UserFactory())
    assert client.get(idea.get_absolute_url()).status_code == 403
    client.force_login(idea.author)
    assert client.get(idea.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_what_happened_counts_per_outcome_and_theme_and_lists_the_unanswered(en):
    theme = ThemeFactory(slug="open-data")
    plan = IdeaFactory(title="Beantwoord", themes=[theme], answered=True).plan
    IdeaFactory(plan=plan, title="Wacht nog", themes=[theme])
    response = en.get(reverse("ideas:what_happened"))
    stats = response.context["stats"]
    assert stats["answered"] == 1 and stats["unanswered"] == 1
    assert {v: n for v, _, n in stats["by_outcome"]}["partly"] == 1
    theme_row = stats["by_theme"][0]
    assert theme_row[0] == theme and theme_row[1][0] == 1  # one still open on this theme
    html = response.content.decode()
    assert "Wacht nog" in html and "Beantwoord" not in html


@pytest.mark.django_db
def test_open_data_has_every_published_contribution_and_no_personal_data(client):
    shown = UserFactory(name="Sanne de Vries", email="sanne@example.org")
    hidden = UserFactory(name="Geheime Naam", email="geheim@example.org")
    block = BuildingBlockFactory()
    IdeaFactory(plan=block.plan, author=shown, show_name=True, title="Met naam", building_block=block, answered=True)
    IdeaFactory(plan=block.plan, author=hidden, show_name=False, title="Zonder naam")
    IdeaFactory(plan=block.plan, title="Niet gepubliceerd", pending=True)
    raw_json = client.get(reverse("open_data_contributions_json")).getvalue().decode()
    rows = {row["title"]: row for row in json.loads(raw_json)}
    assert set(rows) == {"Met naam", "Zonder naam"}
    assert rows["Met naam"]["author_name"] == "Sanne de Vries" and rows["Zonder naam"]["author_name"] is None
    assert rows["Met naam"]["building_block"] == block.title_nl and rows["Met naam"]["outcome"] == "partly"
    raw_csv = client.get(reverse("open_data_contributions_csv")).getvalue().decode()
    assert list(csv.DictReader(io.StringIO(raw_csv.lstrip("\ufeff"))))[0]["title"] in rows
    for raw in (raw_json, raw_csv):
        assert "@example.org" not in raw and "Geheime Naam" not in raw


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_query_budgets_do_not_grow_with_the_data(client, totp, django_assert_num_queries, size):
    theme = ThemeFactory(slug="open-data")
    first = IdeaFactory(themes=[theme], organisation=OrganisationFactory())
    for n in range(size):
        idea = IdeaFactory(plan=first.plan, themes=[theme, ThemeFactory()], answered=n % 2 == 1)
        support_add(idea=idea, user=UserFactory())
        IdeaFactory(plan=first.plan, pending=True)
    client.force_login(UserFactory())
    # count, user, page, themes, filter choices (plans, themes, sessions: read once per site
    # generation, ideas/choices.py, which also give the page cache's key the theme and plan values
    # the filters accept); the session and the person's groups (the staff menu's rule) come from
    # the sessions cache
    with django_assert_num_queries(7):
        client.get(LIST, {"theme": "open-data", "sort": "supported"})
    with django_assert_num_queries(3):  # another list: its count, page, themes; no choices, no person
        client.get(LIST, {"theme": "open-data"})
    # detail page, first view: what is theirs on it (their support read with it), contribution,
    # 4 shared parts
    with django_assert_num_queries(6):
        client.get(first.get_absolute_url())
    with django_assert_num_queries(9):  # what happened: 3 counts, unanswered page, menus
        client.get(reverse("ideas:what_happened"))
    client.force_login(totp(UserFactory(role="moderator")))
    with django_assert_num_queries(6):  # the same at both sizes (incl. the second-factor check)
        client.get(reverse("ideas:queue"))
