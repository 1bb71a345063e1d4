"""The staff dashboard's charts (issue 14, point 8): server-drawn SVG with the numbers in a table."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from accounts.models import Organisation
from commitments.models import Commitment
from ideas.models import Idea
from plans.models import ActionPlan
from publication.charts import BAR_SPACE, dashboard_charts
from tests.commitments.factories import CommitmentFactory
from tests.factories import ActionPlanFactory, OrganisationFactory, ThemeFactory, UserFactory
from tests.ideas.factories import IdeaFactory
from tests.sessions.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("staff:dashboard")


def _client(client, totp, role="process_owner", language="en"):
    client.force_login(totp(UserFactory(role=role)))
    client.cookies["django_language"] = language
    return client


class _Charts(HTMLParser):
    """Each chart section: its table rows (label → numbers) and its bars' widths, in order."""

    def __init__(self):
        super().__init__()
        self.charts, self.current, self.cell, self.row, self.text = {}, None, None, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("class") == "chart":
            slug = attrs["aria-labelledby"].removeprefix("chart-").removesuffix("-heading")
            self.current = self.charts[slug] = {"rows": {}, "bars": [], "svg": False, "html": ""}
        elif self.current is None:
            return
        elif tag == "svg" and attrs.get("role") == "img":
            self.current["svg"] = True
        elif tag == "rect" and "chart__bar" in (attrs.get("class") or ""):
            assert "style" not in attrs
            self.current["bars"].append(float(attrs["width"]))
        elif tag == "tr":
            self.row = []
        elif tag in ("th", "td") and self.row is not None:
            self.text = []

    def handle_data(self, data):
        self.text.append(data)

    def handle_endtag(self, tag):
        if self.current is None:
            return
        if tag in ("th", "td") and self.row is not None:
            self.row.append("".join(self.text).strip())
        elif tag == "tr" and self.row:
            if self.row[1:] and all(cell.isdigit() for cell in self.row[1:]):
                self.current["rows"][self.row[0]] = [int(cell) for cell in self.row[1:]]
            self.row = None
        elif tag == "section":
            self.current = None


def _charts(html):
    parser = _Charts()
    parser.feed(html)
    return parser.charts


def _data(plan, size=1):
    """``size`` times a fixed mix, so every count is a multiple of size."""
    ngo = OrganisationFactory(kind=Organisation.Kind.CIVIL_SOCIETY)
    ministry = OrganisationFactory(kind=Organisation.Kind.MINISTRY)
    water = ThemeFactory(slug="water", name_nl="Waterbeheer", name_en="Water management")
    data = ThemeFactory(slug="open-data", name_nl="Open data", name_en="Open data")
    for _ in range(size):
        IdeaFactory(plan=plan, organisation=ngo, themes=[water, data])
        IdeaFactory(plan=plan, organisation=ngo, kind=Idea.Kind.SUGGESTION, themes=[water])
        IdeaFactory(plan=plan, pending=True, themes=[water])  # awaiting moderation: counts
        IdeaFactory(
            plan=plan,
            organisation=ministry,
            channel=Idea.Channel.EMAIL,
            kind=Idea.Kind.CRITICAL_NOTE,
            received_on=datetime.date(2022, 7, 15),
            themes=[data],
        )
        IdeaFactory(plan=plan, status=Idea.Status.REJECTED)  # spam: not participation
        IdeaFactory(plan=plan, status=Idea.Status.WITHDRAWN)
        session = SessionFactory(plan=plan)
        for checked_in in (True, True, False):
            RegistrationFactory(
                session=session, checked_in_at=datetime.datetime.now(datetime.UTC) if checked_in else None
            )
        RegistrationFactory(session=session, waitlisted=True)
        RegistrationFactory(session=SessionFactory(plan=plan, cancelled=True))  # a cancelled session is left out
        CommitmentFactory(plan=plan)
        CommitmentFactory(plan=plan)
        CommitmentFactory(plan=plan, status=Commitment.Status.FINAL)


def test_the_tables_hold_the_numbers_of_the_newest_plan(client, totp):
    old = ActionPlanFactory(number=4)
    IdeaFactory(plan=old, channel=Idea.Channel.MEETING)  # another plan: not in the figures
    plan = ActionPlanFactory(number=5)
    _data(plan)
    charts = _charts(_client(client, totp).get(DASHBOARD).content.decode())
    assert charts["channel"]["rows"] == {
        "Online": [3],
        "Co-creation session": [0],
        "Email": [1],
        "Meeting": [0],
        "Other": [0],
    }
    assert charts["kind"]["rows"] == {"Idea": [2], "Suggestion": [1], "Critical note": [1]}
    organisations = charts["organisation"]["rows"]
    assert organisations["Civil society organisation"] == [2]
    assert organisations["Ministry"] == [1]
    assert organisations["No organisation"] == [1]
    assert sum(value for (value,) in organisations.values()) == 4
    assert charts["theme"]["rows"] == {"Water management": [3], "Open data": [2]}  # most first
    assert charts["commitments"]["rows"]["Draft"] == [2]
    assert charts["commitments"]["rows"]["Final"] == [1]
    attendance = charts["attendance"]["rows"]
    assert len(attendance) == 1 and next(iter(attendance.values())) == [3, 2]  # registered, checked in
    months = charts["over-time"]["rows"]
    # From July 2022 (the email) to today's month, a row per month, empty months as zero.
    assert months["July 2022"] == [1]
    assert months["August 2022"] == [0]
    assert sum(value for (value,) in months.values()) == 4


def test_bar_widths_are_proportional_and_drawn_with_attributes(client, totp):
    plan = ActionPlanFactory()
    _data(plan)
    html = _client(client, totp).get(DASHBOARD).content.decode()
    charts = _charts(html)
    # Online 3, session 0, email 1, meeting 0, other 0: the largest fills the space.
    assert charts["channel"]["bars"] == [BAR_SPACE, 0, round(BAR_SPACE / 3, 2), 0, 0]
    assert charts["attendance"]["bars"] == [BAR_SPACE, round(BAR_SPACE * 2 / 3, 2)]
    assert charts["kind"]["bars"] == [BAR_SPACE, BAR_SPACE / 2, BAR_SPACE / 2]
    assert all(chart["svg"] for chart in charts.values())
    # Every chart an accessible image: its title and description name it; no inline style.
    svgs = re.findall(r"<svg class=\"chart__figure\"[^>]*>.*?</svg>", html, re.S)
    assert len(svgs) == 7
    for svg in svgs:
        ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        assert f'<title id="{ids[0]}">' in svg and f'<desc id="{ids[1]}">' in svg
        assert "style=" not in svg
    assert "The highest value is Online: 3." in html
    # Two series: each bar's number names its series, so colour is not the only cue.
    assert ">Registered: 3</text>" in html and ">Checked in: 2</text>" in html
    assert '<th scope="col">Channel</th>' in html and '<th scope="row">Online</th>' in html


def test_empty_plan_says_so_instead_of_drawing(client, totp):
    ActionPlanFactory()
    html = _client(client, totp).get(DASHBOARD).content.decode()
    assert '<svg class="chart__figure"' not in html
    for text in (
        "No contributions yet.",
        "No contributions with a theme yet.",
        "No registrations for sessions yet.",
        "No commitments yet.",
    ):
        assert text in html


def test_no_plans_no_figures(client, totp):
    html = _client(client, totp).get(DASHBOARD).content.decode()
    assert "Figures" not in html and "chart" not in html


def test_dutch_labels(client, totp):
    plan = ActionPlanFactory()
    _data(plan)
    html = _client(client, totp, language="nl").get(DASHBOARD).content.decode()
    charts = _charts(html)
    assert "Cijfers" in html and "Bijdragen per kanaal" in html and "Opkomst bij sessies" in html
    assert charts["theme"]["rows"] == {"Waterbeheer": [3], "Open data": [2]}
    assert charts["over-time"]["rows"]["juli 2022"] == [1]
    assert charts["organisation"]["rows"]["Geen organisatie"] == [1]
    assert '<th scope="col">Aangemeld</th>' in html and '<th scope="col">Ingecheckt</th>' in html
    assert "Staafdiagram. De hoogste waarde is Online: 3." in html


@pytest.mark.parametrize("role", ["moderator", "process_owner"])
def test_staff_see_the_figures(client, totp, role):
    _data(ActionPlanFactory())
    assert "Bijdragen per thema" in _client(client, totp, role, language="nl").get(DASHBOARD).content.decode()


def test_participant_gets_403_and_no_figures(client):
    _data(ActionPlanFactory())
    client.force_login(UserFactory())
    response = client.get(DASHBOARD)
    assert response.status_code == 403
    assert b"chart__figure" not in response.content


@pytest.mark.parametrize("size", [1, 5])
def test_the_charts_cost_four_queries_whatever_the_data(django_assert_num_queries, size):
    plan = ActionPlanFactory()
    _data(plan, size=size)
    plan = ActionPlan.objects.get(pk=plan.pk)
    # One grouped count of the contributions, one for their themes, one for the sessions, one for
    # the commitments.
    with django_assert_num_queries(4):
        charts = dashboard_charts(plan)
    by_slug = {chart.slug: chart for chart in charts}
    assert by_slug["kind"].rows[0].values == (2 * size,)
    assert by_slug["attendance"].rows[-1].values == (3, 2)


def test_the_nu_html_checker_accepts_the_charts(client, totp, tmp_path):
    from tests.core.test_valid_html import describe, run_vnu

    _data(ActionPlanFactory())
    files = []
    for language in ("en", "nl"):
        html = _client(client, totp, language=language).get(DASHBOARD).content.decode()
        assert html.count('class="chart__figure"') == 7
        files.append(tmp_path / f"dashboard-{language}.html")
        files[-1].write_text(html)
    errors = run_vnu(files)
    assert not errors, describe(errors, tmp_path)
