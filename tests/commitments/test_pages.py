"""The public list and page, the staff overview and the workspace; query budgets."""

import pytest
from django.urls import reverse

from commitments.selectors import commitments_drawing_on
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.factories import OrganisationFactory, ThemeFactory
from tests.ideas.factories import IdeaFactory


def _published(world, n, theme=None, **kwargs):
    items = []
    for _i in range(n):
        commitment = CommitmentFactory(plan=world["plan"], lead_organisation=world["org"], status="published",
                                       complete=True, **kwargs)  # fmt: skip
        MilestoneFactory(commitment=commitment, position=2)
        if theme:
            commitment.themes.add(theme)
        items.append(commitment)
    return items


@pytest.mark.django_db
def test_public_list_shows_only_published_commitments(client, world, make_commitment):
    published = make_commitment(status="published", title_nl="Gepubliceerde verbintenis")
    make_commitment(status="final", title_nl="Nog niet openbaar")
    html = client.get(reverse("commitments:list")).content.decode()
    assert "Gepubliceerde verbintenis" in html and "Nog niet openbaar" not in html
    assert published.get_absolute_url() in html


@pytest.mark.django_db
def test_public_list_filters_by_theme_and_organisation(client, world, make_commitment):
    theme = ThemeFactory(slug="open-data", name_nl="Open data")
    with_theme = make_commitment(status="published", title_nl="Met thema")
    with_theme.themes.add(theme)
    make_commitment(status="published", title_nl="Zonder thema")
    supporter = OrganisationFactory(name="Ondersteuner")
    supported = make_commitment(status="published", title_nl="Ondersteund")
    supported.supporting_organisations.add(supporter)
    url = reverse("commitments:list")
    html = client.get(url, {"theme": "open-data"}).content.decode()
    assert "Met thema" in html and "Zonder thema" not in html
    html = client.get(url, {"organisation": supporter.pk}).content.decode()
    assert "Ondersteund" in html and "Met thema" not in html
    html = client.get(url, {"organisation": world["org"].pk}).content.decode()
    assert "Met thema" in html and "Zonder thema" in html
    response = client.get(url, {"theme": "bestaat-niet"})
    assert response.status_code == 400 and 'class="error-summary"' in response.content.decode()


@pytest.mark.django_db
def test_published_page_shows_the_template_milestones_and_where_it_comes_from(client, world, make_commitment):
    from ideas.models import BuildingBlock

    block = BuildingBlock.objects.create(plan=world["plan"], title_nl="Actieve openbaarmaking")
    idea = IdeaFactory(plan=world["plan"], title="Alles op één plek")
    hidden = IdeaFactory(plan=world["plan"], title="Niet gemodereerd", pending=True)
    commitment = make_commitment(status="published")
    commitment.building_blocks.add(block)
    commitment.contributions.add(idea, hidden)
    commitment.supporting_organisations.add(OrganisationFactory(name="Open State", kind="civil_society"))
    client.cookies["django_language"] = "en"
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert commitment.title_en in html and "problem en: tekst" in html
    assert "More information becomes public." in html  # why it is relevant to transparency
    assert "Supporting: civil society" in html and "Open State" in html
    assert 'class="timeline"' in html and "A report" in html
    assert "Actieve openbaarmaking" in html and "Alles op één plek" in html
    assert "Niet gemodereerd" not in html  # only public contributions are listed
    assert "Still missing" not in html and "Edit" not in html
    # And the trail back, for the building block and contribution pages.
    assert list(commitments_drawing_on(building_block=block)) == [commitment]
    assert list(commitments_drawing_on(contribution=idea)) == [commitment]


@pytest.mark.django_db
def test_back_link_partial_lists_published_commitments(world, make_commitment, rf):
    from django.template.loader import render_to_string

    from ideas.models import BuildingBlock

    block = BuildingBlock.objects.create(plan=world["plan"], title_nl="Bouwsteen")
    published = make_commitment(status="published")
    draft = make_commitment()
    published.building_blocks.add(block)
    draft.building_blocks.add(block)
    html = render_to_string(
        "commitments/_drawn_on_by.html", {"commitments": commitments_drawing_on(building_block=block)}
    )
    assert published.identifier in html and draft.identifier not in html


@pytest.mark.django_db
def test_public_list_query_count_does_not_grow(client, world, django_assert_num_queries):
    theme = ThemeFactory()
    _published(world, 2, theme=theme)
    url = reverse("commitments:list")
    client.get(url)
    # session-less: filter choices (themes, organisations), commitments, their themes
    with django_assert_num_queries(4):
        client.get(url)
    _published(world, 6, theme=theme)
    with django_assert_num_queries(4):
        html = client.get(url).content.decode()
    assert html.count('class="card"') == 8


@pytest.mark.django_db
def test_staff_overview_lists_status_completeness_and_last_change(world, login, make_commitment):
    complete = make_commitment(status="ready")
    incomplete = make_commitment(complete=False)
    client = login(world["people"]["moderator"])
    html = client.get(reverse("commitments:staff_overview")).content.decode()
    assert complete.identifier in html and incomplete.identifier in html
    assert "Ready for review" in html and "Draft" in html
    assert "Complete" in html and "items missing" in html


@pytest.mark.django_db
def test_staff_overview_query_count_does_not_grow(world, login, make_commitment, django_assert_num_queries):
    client = login(world["people"]["process_owner"])
    make_commitment()
    url = reverse("commitments:staff_overview")
    client.get(url)
    # second factor (a staff page); commitments with plan, lead and last editor; their milestones
    # (session, person and groups come from the sessions cache)
    with django_assert_num_queries(3):
        client.get(url)
    for _i in range(6):
        commitment = make_commitment(complete=False)
        MilestoneFactory(commitment=commitment, position=2)
    with django_assert_num_queries(3):
        html = client.get(url).content.decode()
    assert html.count("<tr>") == 8  # header and seven commitments


@pytest.mark.django_db
def test_commitment_page_query_count_does_not_grow(client, world, make_commitment, django_assert_num_queries):
    from ideas.models import BuildingBlock

    commitment = make_commitment(status="published")
    url = commitment.get_absolute_url()
    client.get(url)
    # the commitment; supporters, themes, building blocks, contributions, milestones, phases; the
    # accepted progress reports of its milestones (implementation's section, commitments.detail_sections)
    with django_assert_num_queries(8):
        client.get(url)
    for n in range(4):
        MilestoneFactory(commitment=commitment, position=n + 2, responsible_organisation=OrganisationFactory())
        commitment.supporting_organisations.add(OrganisationFactory())
        commitment.themes.add(ThemeFactory())
        commitment.building_blocks.add(BuildingBlock.objects.create(plan=world["plan"], title_nl=f"Bouwsteen {n}"))
        commitment.contributions.add(IdeaFactory(plan=world["plan"], title=f"Idee {n}"))
    with django_assert_num_queries(8):
        html = client.get(url).content.decode()
    assert "Bouwsteen 3" in html and "Idee 3" in html


@pytest.mark.django_db
def test_workspace_lists_my_organisations_commitments_and_reviews(world, login, make_commitment):
    mine = make_commitment(complete=False)
    review = make_commitment(status="in_review")
    client = login(world["people"]["action_holder"])
    html = client.get(reverse("commitments:workspace")).content.decode()
    assert mine.identifier in html and "items missing" in html and "New commitment" in html
    client = login(world["people"]["forum_member"])
    html = client.get(reverse("commitments:workspace")).content.decode()
    assert review.identifier in html and mine.identifier not in html
    assert "For the stakeholder forum to review" in html


@pytest.mark.django_db
def test_html_in_titles_is_text_on_the_list_and_overview(client, world, login, make_commitment):
    evil = '<img src=x onerror="alert(1)">Titel'
    make_commitment(status="published", title_nl=evil, title_en=evil)
    html = client.get(reverse("commitments:list")).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html
    html = login(world["people"]["process_owner"]).get(reverse("commitments:staff_overview")).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html


@pytest.mark.django_db
def test_a_published_commitment_shows_at_once_on_the_contribution_it_draws_on(client, world, make_commitment):
    """The workflow step writes the status with update(), which sends no signal: the service
    invalidates the cached contribution page itself."""
    from commitments.services import commitment_transition
    from ideas.models import Idea

    idea = Idea.objects.create(plan=world["plan"], title="Alles op één plek", text="…", status="published")
    commitment = make_commitment(status="final")
    commitment.contributions.add(idea)
    url = idea.get_absolute_url()
    assert commitment.identifier not in client.get(url).content.decode()
    assert client.get(url).headers["X-Page-Cache"] == "hit"
    commitment_transition(commitment=commitment, name="publish", actor=world["people"]["process_owner"])
    response = client.get(url)
    assert response.headers["X-Page-Cache"] == "miss"
    assert commitment.identifier in response.content.decode()
