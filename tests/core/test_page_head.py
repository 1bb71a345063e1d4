"""What every page's <head> says: a description for search engines and link previews, and htmx
only on the pages that use it."""

import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.commitments.factories import CommitmentFactory
from tests.factories import ActionPlanFactory, UserFactory
from tests.ideas.factories import IdeaFactory
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')
HTMX = re.compile(r'<script src="/static/vendor/htmx-[0-9.]+\.min\.js" defer></script>')


def description(response) -> str:
    assert response.status_code == 200
    found = DESCRIPTION.findall(response.content.decode())
    assert len(found) == 1, found
    return html.unescape(found[0])


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "Denk mee over het Actieplan Open Overheid"), ("en", "Help shape the Open Government Action Plan")],
)
def test_every_page_has_a_description_in_its_language(client, language, expected):
    client.cookies["django_language"] = language
    for url in ("/", reverse("account_login"), reverse("privacy"), reverse("accessibility")):
        assert description(client.get(url)) == expected, url
    response = client.get("/deze-pagina-bestaat-niet/")
    assert response.status_code == 404 and DESCRIPTION.search(response.content.decode()).group(1) == expected


def test_a_contribution_is_described_by_its_first_words_as_plain_text(client):
    words = " ".join(f"woord{n}" for n in range(40))
    idea = IdeaFactory(text=f'Zet **alle** besluiten "op één plek" & <b>vindbaar</b>.\n\n{words}')
    text = description(client.get(idea.get_absolute_url()))
    assert text.startswith('Zet alle besluiten "op één plek" & <b>vindbaar</b>. woord0 woord1')
    assert text.endswith("woord21…") and "woord22" not in text  # 30 words, Markdown gone, typed HTML is text


def test_sessions_commitments_and_plans_are_described_by_their_own_text(en):
    plan = ActionPlanFactory(summary_nl="Het vijfde plan, in co-creatie.", summary_en="The fifth plan, co-created.")
    session = SessionFactory(plan=plan, description="We verzamelen samen ideeën voor open data.")
    commitment = CommitmentFactory(plan=plan, complete=True, status="published")
    assert description(en.get(plan.get_absolute_url())) == "The fifth plan, co-created."
    assert description(en.get(session.get_absolute_url())) == "We verzamelen samen ideeën voor open data."
    assert description(en.get(commitment.get_absolute_url())) == "description en: tekst"
    assert description(en.get(reverse("ideas:list"))).startswith("Everything people brought in for the action plan")
    # Without a text of its own, a page falls back to something that still says what it is.
    assert description(en.get(ActionPlanFactory().get_absolute_url())) == "Help shape the Open Government Action Plan"
    untitled = CommitmentFactory(plan=plan, status="published", title_en="Open agendas")
    assert description(en.get(untitled.get_absolute_url())) == "Open agendas"


def test_htmx_is_loaded_only_on_pages_that_use_it(client):
    idea = IdeaFactory()
    assert not HTMX.search(client.get("/").content.decode())
    assert not HTMX.search(client.get(reverse("sessions:list")).content.decode())
    assert HTMX.search(client.get(reverse("ideas:list")).content.decode())  # filters in place
    # A contribution's page uses htmx for "this matters to me", which only signed-in people see.
    assert not HTMX.search(client.get(idea.get_absolute_url()).content.decode())
    client.force_login(UserFactory())
    page = client.get(idea.get_absolute_url()).content.decode()
    assert HTMX.search(page) and "data-hx-post=" in page
    # The policy that htmx follows is on every page, before any script.
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false,"allowEval":false}\'>' in page


def test_templates_write_htmx_attributes_as_valid_html():
    """htmx reads ``data-hx-*`` as well as ``hx-*``; only the first is valid HTML (tests/core/test_valid_html.py)."""
    bare = re.compile(r"\shx-[a-z]+\s*=")
    found = [
        str(path.relative_to(settings.BASE_DIR))
        for path in sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
        if bare.search(path.read_text())
    ]
    assert not found, f"write data-hx-… instead of hx-… in {found}"
