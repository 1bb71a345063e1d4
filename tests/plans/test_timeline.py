import datetime

import pytest
from django.urls import reverse

from plans.models import Phase
from plans.selectors import plan_current, plan_timeline
from tests.factories import ActionPlanFactory, EventFactory, PhaseFactory

D = datetime.date


@pytest.fixture
def plan(db):
    plan = ActionPlanFactory(number=5, slug="actieplan-5")
    PhaseFactory(plan=plan, kind=Phase.Kind.EXPLORATION, starts_on=D(2022, 1, 10), ends_on=D(2022, 5, 31))
    PhaseFactory(plan=plan, kind=Phase.Kind.CALL_FOR_INPUT, starts_on=D(2022, 6, 1), ends_on=D(2022, 10, 31))
    PhaseFactory(plan=plan, kind=Phase.Kind.SESSIONS, starts_on=D(2022, 9, 5), ends_on=D(2022, 10, 28))
    PhaseFactory(plan=plan, kind=Phase.Kind.DRAFTING, starts_on=D(2022, 11, 7), ends_on=D(2022, 12, 16))
    return plan


def test_current_phases_follow_from_the_date(plan):
    timeline = plan_timeline(plan=plan, today=D(2022, 9, 20))
    assert [p.kind for p in timeline.current] == [Phase.Kind.CALL_FOR_INPUT, Phase.Kind.SESSIONS]
    assert timeline.next_phase.kind == Phase.Kind.DRAFTING
    statuses = {p.kind: p.status for p in timeline.phases}
    assert statuses[Phase.Kind.EXPLORATION] == Phase.Status.PAST


def test_phase_is_current_on_its_first_and_last_day(plan):
    call = plan.phases.get(kind=Phase.Kind.CALL_FOR_INPUT)
    assert call.status_on(D(2022, 6, 1)) == Phase.Status.CURRENT
    assert call.status_on(D(2022, 10, 31)) == Phase.Status.CURRENT
    assert call.status_on(D(2022, 11, 1)) == Phase.Status.PAST
    assert call.status_on(D(2022, 5, 31)) == Phase.Status.UPCOMING


def test_current_plan_is_the_newest_covering_today(plan):
    older = ActionPlanFactory(number=4)
    PhaseFactory(plan=older, kind=Phase.Kind.IMPLEMENTATION, starts_on=D(2020, 1, 1), ends_on=D(2022, 12, 31))
    assert plan_current(today=D(2022, 9, 1)) == plan
    assert plan_current(today=D(2021, 3, 1)) == older
    # Before any timeline starts, the next plan to come; long after, the newest plan.
    assert plan_current(today=D(2019, 1, 1)) == older
    assert plan_current(today=D(2030, 1, 1)) == plan


def test_draft_plans_are_not_current_for_the_public(plan):
    plan.status = plan.Status.DRAFT
    plan.save()
    assert plan_current(today=D(2022, 9, 1)) is None
    assert plan_current(today=D(2022, 9, 1), include_drafts=True) == plan


def test_process_page_tells_past_current_and_upcoming_apart_in_words(client, plan, settings):
    settings.PLATFORM_TODAY = "2022-09-20"
    EventFactory(plan=plan, title_nl="Programmaraad Open Overheid")
    html = client.get(reverse("plans:detail", args=[plan.slug]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # Dutch is the default whatever the browser asks for.
    assert '<html lang="nl">' in html
    assert "Programmaraad Open Overheid" in html
    assert 'aria-current="step"' in html
    for marker in ("timeline__item--past", "timeline__item--current", "timeline__item--upcoming"):
        assert marker in html
    # Each status has its own word in the page, not only a colour.
    assert html.count('class="timeline__status"') == 4


def test_process_page_query_count_does_not_grow_with_the_timeline(client, plan, django_assert_num_queries):
    url = reverse("plans:detail", args=[plan.slug])
    client.get(url)
    # plan, phases, events, published versions; whether the plan (public, in its term) has a refresh
    with django_assert_num_queries(5):
        client.get(url)
    for n in range(5):
        EventFactory(plan=plan, title_nl=f"Overleg {n}")
    with django_assert_num_queries(5):
        client.get(url)


def test_home_says_where_we_are_and_what_you_can_do(client, plan, settings):
    settings.PLATFORM_TODAY = "2022-09-20"
    html = client.get(reverse("home")).content.decode()
    assert plan.title_nl in html
    assert "20 september 2022" in html  # the demo banner names the pinned date, in Dutch
    client.cookies["django_language"] = "en"
    html = client.get(reverse("home")).content.decode()
    assert "Call for input" in html and "Co-creation sessions" in html
    assert "Everyone can bring in ideas" in html  # what you can do now
    assert "Drafting the plan" in html  # what comes next


def test_home_with_no_plan_says_so(client, db):
    client.cookies["django_language"] = "en"
    assert "No action plan has been published yet" in client.get(reverse("home")).content.decode()
