"""The co-creation report (issue 14, point 4): what we heard, what we did, and why, compiled from the
trail in Dutch and English; only public data; its table of contents; a fixed number of queries;
and the staff preview in both languages."""

import datetime
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from commitments.models import Commitment
from ideas.models import Idea
from plans.models import ActionPlan
from publication import cocreation
from sessions.models import Registration
from stakeholders.models import Remark, Review, ReviewRound, RoundCommitment
from tests.commitments.factories import CommitmentFactory
from tests.factories import ActionPlanFactory, ForumMemberFactory, OrganisationFactory, ThemeFactory, UserFactory
from tests.ideas.factories import BuildingBlockFactory, IdeaFactory
from tests.roles import STAFF, assert_answers, log_in
from tests.sessions.factories import RegistrationFactory, SessionFactory
from tests.stakeholders.factories import MeetingFactory, at

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

D = datetime.date


class Page(HTMLParser):
    """The ids, the in-page links of the table of contents, the headings and the tables' captions."""

    def __init__(self, html):
        super().__init__()
        self.ids, self.toc, self.captions, self.tables = [], [], [], 0
        self._in_toc = self._in_caption = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "nav" and "toc" in attrs.get("class", ""):
            self._in_toc = True
        if tag == "a" and self._in_toc:
            self.toc.append(attrs["href"])
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self._in_caption = True
            self.captions.append("")

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_toc = False
        if tag == "caption":
            self._in_caption = False

    def handle_data(self, data):
        if self._in_caption:
            self.captions[-1] += data


def _round(plan, commitment, *, title, closed: bool):
    today = timezone.localdate()
    review_round = ReviewRound.objects.create(
        plan=plan, title=title, opens_on=D(2022, 11, 1),
        deadline=today - datetime.timedelta(days=1) if closed else today + datetime.timedelta(days=10),
        criteria=["clarity"],
    )  # fmt: skip
    return RoundCommitment.objects.create(
        round=review_round, commitment=commitment, reviewed_version=commitment.versions.get()
    )


def world(plan, n: int = 1, tag: str = ""):
    """A plan's trail: ``n`` of everything that the report lists, and what it must leave out."""
    theme = ThemeFactory(slug=f"open-data{tag}", name_nl=f"Open data{tag}", name_en=f"Open data EN{tag}")
    other_theme = ThemeFactory(slug=f"inspraak{tag}", name_nl=f"Inspraak{tag}", name_en=f"Participation{tag}")
    ministry = OrganisationFactory(name=f"Ministerie van BZK{tag}", kind=Organisation.Kind.MINISTRY)
    province = OrganisationFactory(name=f"Provincie Utrecht{tag}", kind=Organisation.Kind.CO_GOVERNMENT)
    author = UserFactory(name=f"Jan Geheimnaam{tag}")
    forum_user = UserFactory(name=f"Forumlid Geheimnaam{tag}")
    seat = ForumMemberFactory(plan=plan, user=forum_user, organisation=province, sector=Organisation.Kind.CO_GOVERNMENT)
    made = {"blocks": [], "commitments": []}
    for i in range(n):
        block = BuildingBlockFactory(
            plan=plan, title_nl=f"Bouwsteen vindbaarheid {tag}{i}", title_en=f"Block findability {tag}{i}",
            summary_nl="Informatie moet vindbaar zijn.", summary_en="Information must be findable.",
        )  # fmt: skip
        taken = IdeaFactory(
            plan=plan, author=author, building_block=block, themes=[theme], title=f"Een zoekfunctie {tag}{i}",
            outcome=Idea.Outcome.COMMITMENT, response="Overgenomen in de verbintenis.",
        )  # fmt: skip
        IdeaFactory(
            plan=plan, author=None, channel=Idea.Channel.SESSION, kind=Idea.Kind.CRITICAL_NOTE,
            building_block=block, themes=[theme, other_theme], outcome=Idea.Outcome.BUILDING_BLOCK,
            response="In de bouwsteen.", submitter_name=f"Piet Geheimnaam{tag}",
        )  # fmt: skip
        IdeaFactory(
            plan=plan, author=author, kind=Idea.Kind.SUGGESTION, channel=Idea.Channel.EMAIL, themes=[other_theme],
            organisation=province, title=f"Een app voor alles {tag}{i}", outcome=Idea.Outcome.NOT_TAKEN_UP,
            response=f"Een app valt buiten wat het Rijk kan beloven {tag}{i}.", show_name=True,
        )  # fmt: skip
        IdeaFactory(
            plan=plan, author=author, themes=[theme], title=f"Belastingen afschaffen {tag}{i}",
            outcome=Idea.Outcome.OUT_OF_SCOPE, response="Dit gaat niet over open overheid.",
        )  # fmt: skip
        IdeaFactory(plan=plan, author=author, themes=[theme], title=f"Nog te beantwoorden {tag}{i}")
        IdeaFactory(plan=plan, author=author, pending=True, title=f"GEHEIM-nieuw {tag}{i}")
        IdeaFactory(plan=plan, author=author, status=Idea.Status.REJECTED, title=f"GEHEIM-afgewezen {tag}{i}")
        IdeaFactory(
            plan=plan, author=author, status=Idea.Status.DUPLICATE, duplicate_of=taken, title=f"Dubbel {tag}{i}"
        )
        final = CommitmentFactory(
            plan=plan, lead_organisation=ministry, status=Commitment.Status.FINAL,
            title_nl=f"Vindbare overheidsinformatie {tag}{i}", title_en=f"Findable government information {tag}{i}",
        )  # fmt: skip
        final.building_blocks.add(block)
        final.contributions.add(taken)
        final.themes.add(theme)
        draft = CommitmentFactory(plan=plan, lead_organisation=province, title_nl=f"GEHEIM-concept {tag}{i}")
        draft.building_blocks.add(block)
        made["blocks"].append(block)
        made["commitments"].append(final)
        session = SessionFactory(plan=plan, title=f"Meedenksessie Utrecht {tag}{i}", starts_at=at(D(2022, 9, 21)),
                                 ends_at=at(D(2022, 9, 21), 17), registration_deadline=at(D(2022, 9, 19)))  # fmt: skip
        RegistrationFactory(session=session, organisation_kind=Organisation.Kind.CIVIL_SOCIETY, checked_in_at=at(D(2022, 9, 21)))  # fmt: skip
        RegistrationFactory(session=session, organisation_kind=Registration.INDIVIDUAL)
        RegistrationFactory(session=session, organisation_kind=Registration.INDIVIDUAL, cancelled=True)
        # The forum: a closed round with an answered remark, an open round with one not yet public.
        item = _round(plan, final, title=f"Reviewronde november {tag}{i}", closed=True)
        review = Review.objects.create(item=item, reviewer=forum_user, seat=seat, scores={})
        Remark.objects.create(
            item=item, review=review, author=forum_user, field="title_nl", text=f"Maak de titel concreter {tag}{i}.",
            answer=Remark.Answer.ADOPTED, reason=f"De titel noemt nu de zoekfunctie {tag}{i}.",
        )  # fmt: skip
        Remark.objects.create(
            item=item, author=author, is_public=True, moderation=Remark.Moderation.PENDING, text=f"GEHEIM-reactie {tag}{i}"
        )  # fmt: skip
        open_item = _round(plan, draft, title=f"GEHEIM-open ronde {tag}{i}", closed=False)
        Remark.objects.create(item=open_item, author=forum_user, text=f"GEHEIM-forumopmerking {tag}{i}")
        MeetingFactory(
            plan=plan, title_nl=f"Forumbijeenkomst december {tag}{i}", title_en=f"Forum meeting December {tag}{i}",
            starts_at=at(D(2022, 12, 1)), minutes_nl="Verslag.", minutes_published_at=at(D(2022, 12, 10)),
        )  # fmt: skip
    MeetingFactory(plan=plan, title_nl=f"Vergadering zonder verslag{tag}", starts_at=at(D(2023, 3, 1)))
    return made


@pytest.fixture
def plan():
    return ActionPlanFactory(
        number=5, title_nl="Actieplan Open Overheid 2023-2027", title_en="Open Government Action Plan 2023-2027"
    )


SECRETS = ["GEHEIM", "Geheimnaam", "@example.org"]


def test_the_report_in_dutch_holds_what_we_heard_did_and_why(plan):
    made = world(plan)
    html = cocreation.render_report(plan, "nl")
    assert '<article class="cocreation-report" lang="nl">' in html
    assert "<h1>Cocreatieverslag: Actieplan Open Overheid 2023-2027</h1>" in html
    assert "Wat we hoorden, wat we deden, en waarom" in html
    assert '<h2 id="toc-title">Inhoud</h2>' in html and "1 bouwsteen, 1 verbintenis." in html
    # Per building block: what it groups and what it led to.
    block, commitment = made["blocks"][0], made["commitments"][0]
    assert f'id="block-{block.pk}"' in html and "Bouwsteen vindbaarheid 0" in html
    assert "Idee: 1; Kritische noot: 1" in html
    assert "Online: 1; Meedenksessie: 1" in html
    assert (
        f'<a href="{settings.SITE_URL}{commitment.get_absolute_url()}">{commitment.identifier} Vindbare overheidsinformatie 0</a>'
        in html
    )
    # Not taken up: the outcome and the public answer, linked.
    assert "Niet verwerkt (1)" in html and "Valt buiten het plan (1)" in html
    assert "Een app valt buiten wat het Rijk kan beloven 0." in html and "Dit gaat niet over open overheid." in html
    # The forum's decisions: the remark, its answer and reason, by kind of organisation.
    assert "Beoordelingsronde: Reviewronde november 0" in html
    assert "Maak de titel concreter 0." in html and "De titel noemt nu de zoekfunctie 0." in html
    assert "Overgenomen" in html and "Forumlid (Medeoverheid" in html and "Provincie Utrecht" in html
    assert "Forumbijeenkomst december 0" in html and "Vergadering zonder verslag" in html
    # Figures.
    assert "Open data" in html and "Inspraak" in html and "Meedenksessie Utrecht 0" in html
    # Nothing that is not public, and no names of people.
    for secret in SECRETS:
        assert secret not in html
    # The one published commitment-to-be, not the draft that draws on the same block.
    assert "Dubbel 0" not in html


def test_the_report_in_english(plan):
    made = world(plan)
    html = cocreation.render_report(plan, "en")
    assert '<article class="cocreation-report" lang="en">' in html
    assert "<h1>Co-creation report: Open Government Action Plan 2023-2027</h1>" in html
    assert "What we heard, what we did, and why" in html
    assert '<h2 id="toc-title">Contents</h2>' in html and "1 building block, 1 commitment." in html
    assert "Block findability 0" in html and "Information must be findable." in html
    assert f"{made['commitments'][0].identifier} Findable government information 0" in html
    assert "Idea: 1; Critical note: 1" in html and "Email: 1" in html
    assert "Not taken up (1)" in html and "Outside the plan&#x27;s scope (1)" in html
    assert "Review round: Reviewronde november 0" in html and "Adopted" in html
    assert "Forum member (Co-government" in html
    assert "Forum meeting December 0" in html
    assert "Open data EN" in html and "Participation" in html
    for secret in SECRETS:
        assert secret not in html


def test_the_figures_count_public_contributions_by_theme_channel_and_kind_of_organisation(plan):
    world(plan, 2)
    # An outcome without a public answer is not a reasoned response yet.
    IdeaFactory(plan=plan, outcome=Idea.Outcome.NOT_TAKEN_UP, response="", themes=[ThemeFactory(slug="open-data")])
    context = cocreation.report_context(plan, "en")
    # Five public contributions a round and the one above; not the pending, rejected or duplicates.
    assert context["total"].total == 11
    assert context["duplicates"] == 2
    assert context["answered"] == 8 and context["unanswered"] == 3 and context["no_outcome"] == 2
    assert dict(context["total"].by_channel)["Email"] == 2
    assert dict(context["total"].by_kind)["Critical note"] == 2
    themes = {row["name"]: row for row in context["themes"]}
    assert themes["Open data EN"] == {
        "name": "Open data EN", "total": 9, "taken": 4, "partly": 0, "not": 3, "open": 2, "commitments": 2,
    }  # fmt: skip
    assert themes["Participation"]["total"] == 4 and themes["Participation"]["not"] == 2
    kinds = {row["label"]: row for row in context["organisations"]}
    assert kinds["Co-government (province, municipality, water board)"]["contributions"] == 2
    assert kinds["Co-government (province, municipality, water board)"]["seats"] == 1
    assert kinds["Private individual"]["contributions"] == 9
    assert kinds["Private individual"]["registered"] == 2  # the cancelled registration does not count
    assert kinds["Civil society organisation"] == {
        "label": "Civil society organisation", "contributions": 0, "registered": 2, "attended": 2, "seats": 0,
        "leads": 0,
    }  # fmt: skip
    assert kinds["Ministry"]["leads"] == 2
    assert [c.identifier for c in context["commitments"]] == [
        c.identifier for c in Commitment.objects.filter(status=Commitment.Status.FINAL).order_by("sequence")
    ]
    assert all(c.contributions == 1 for c in context["commitments"])


def test_the_table_of_contents_leads_to_every_section_and_every_table_has_a_caption(plan):
    world(plan, 2)
    for language in ("nl", "en"):
        page = Page(cocreation.render_report(plan, language))
        assert len(page.ids) == len(set(page.ids)), "ids are unique"
        context = cocreation.report_context(plan, language)
        sections = [f"#{anchor}" for anchor in context["sections"].values()]
        assert [href for href in page.toc if href in sections] == sections
        # Each building block and review round has its entry too, under its section.
        assert {f"#{block.anchor}" for block in context["blocks"]} <= set(page.toc)
        assert {f"#{r.anchor}" for r in context["rounds"]} | {"#forum-meetings"} <= set(page.toc)
        assert len(context["blocks"]) == len(context["rounds"]) == 2
        assert all(href[1:] in page.ids for href in page.toc)
        assert page.tables == len(page.captions) and all(caption.strip() for caption in page.captions)


def test_an_empty_plan_still_makes_a_report(plan):
    html = cocreation.render_report(plan, "nl")
    assert "Nog geen bouwstenen." in html and "Nog geen verbintenis is definitief." in html
    assert "Nog geen beoordelingsronde is gesloten." in html


@pytest.mark.parametrize("size", [1, 4])
def test_the_report_costs_a_fixed_number_of_queries(plan, django_assert_num_queries, size):
    world(plan, size)
    ActionPlanFactory()  # another plan's data stays out
    with django_assert_num_queries(cocreation.QUERIES):
        html = cocreation.render_report(plan, "en")
    # In the contents, the overview table, as a heading and with the commitment that draws on it.
    assert html.count("Block findability") == 4 * size


# --- The staff preview ---


def test_who_may_preview_the_report(client, people):
    plan = ActionPlan.objects.get()
    pages = [(reverse("publication_report:preview", args=[plan.slug, language]), STAFF) for language in ("nl", "en")]
    assert_answers(client, people, pages)


def test_the_preview_in_dutch_and_english(client, people, plan):
    world(plan)
    nl = reverse("publication_report:preview", args=[plan.slug, "nl"])
    en = reverse("publication_report:preview", args=[plan.slug, "en"])
    # The report's language follows the address, whatever the language of the site.
    html = log_in(client, people["moderator"], language="en").get(nl).content.decode()
    assert "Preview for staff" in html and "Cocreatieverslag: Actieplan Open Overheid 2023-2027" in html
    assert f'<a href="{en}" hreflang="en">English</a>' in html
    html = log_in(client, people["process_owner"], language="nl").get(en).content.decode()
    assert "Voorbeeld voor medewerkers" in html and "Co-creation report: Open Government Action Plan 2023-2027" in html
    assert f'href="{nl}" hreflang="nl" aria-current="page"' not in html
    assert client.get(reverse("publication_report:preview", args=[plan.slug, "de"])).status_code == 404
    assert client.get(reverse("publication_report:preview", args=["bestaat-niet", "nl"])).status_code == 404
    # The OGP check links the preview.
    check = client.get(reverse("publication_check:plan", args=[plan.slug])).content.decode()
    assert f'href="{nl}"' in check
