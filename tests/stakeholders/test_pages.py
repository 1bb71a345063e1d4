"""The public forum pages: members by sector (names only with consent), terms of reference,
meetings, documents served safely, query budgets, and every role on every page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from tests.factories import ActionPlanFactory, ForumMemberFactory, OrganisationFactory, UserFactory
from tests.roles import LOGIN, assert_answers, log_in

from .factories import ForumTermsFactory, MeetingDocumentFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db
ALL = ("anonymous", "participant", "moderator", "process_owner", "action_holder", "forum_member",
       "other_forum_member", "ended_member")  # fmt: skip
PUBLIC = dict.fromkeys(ALL, 200)
# Before the minutes: the plan's current members and the process owners; the rest sees what the public sees.
INTERNAL_404 = {**dict.fromkeys(ALL, 404), "process_owner": 200, "forum_member": 200}


def test_every_role_on_the_public_pages(client, people, plan, media):
    meeting = MeetingFactory(plan=plan)
    document = MeetingDocumentFactory(meeting=meeting)
    doc_url = reverse("stakeholders:meeting_document", args=[plan.slug, meeting.pk, document.pk])
    assert_answers(
        client,
        people,
        [
            (reverse("stakeholders:index"), PUBLIC),
            (reverse("stakeholders:plan", args=[plan.slug]), PUBLIC),
            (meeting.get_absolute_url(), PUBLIC),
            (doc_url, INTERNAL_404),
        ],
    )
    # Published with the minutes: everyone may download.
    meeting.minutes_nl = "Verslag"
    meeting.minutes_published_at = timezone.now()
    meeting.save()
    assert_answers(client, people, [(doc_url, PUBLIC)])


def test_online_link_and_documents_only_for_current_members_before_the_minutes(client, people, plan, media):
    meeting = MeetingFactory(plan=plan, venue="", address="", online_url="https://meet.example.org/forum-geheim")
    MeetingDocumentFactory(meeting=meeting, title="Conceptnotitie")
    responses = assert_answers(client, people, [(meeting.get_absolute_url(), PUBLIC)])
    for role in ALL:
        html = responses[meeting.get_absolute_url(), role].content.decode()
        sees = role in ("process_owner", "forum_member")
        assert ("forum-geheim" in html) is sees, role
        assert ("Conceptnotitie" in html) is sees, role


def test_the_forum_page_groups_members_by_sector_and_shows_names_only_with_consent(client, plan):
    ministry = OrganisationFactory(name="Ministerie van Testzaken", kind=Organisation.Kind.MINISTRY)
    ForumMemberFactory(
        plan=plan, user=UserFactory(name="Zichtbare Zeger"), sector=Organisation.Kind.MINISTRY,
        organisation=ministry, consent_to_show_name=True,
    )  # fmt: skip
    ForumMemberFactory(
        plan=plan, user=UserFactory(name="Verborgen Vera"), sector=Organisation.Kind.ACADEMIA,
        organisation=OrganisationFactory(name="Universiteit Testland"),
    )  # fmt: skip
    ForumMemberFactory(plan=plan, user=UserFactory(name="Vertrokken Victor"), until=datetime.date(2021, 1, 1),
                       consent_to_show_name=True)  # fmt: skip
    ForumTermsFactory(plan=plan, text_nl="Wij komen elk half jaar bijeen.", text_en="We meet every six months.")
    past = MeetingFactory(plan=plan, starts_at=at(datetime.date(2022, 10, 27)), minutes_nl="Het verslag",
                          minutes_published_at=timezone.now())  # fmt: skip
    upcoming = MeetingFactory(plan=plan)
    html = client.get(reverse("stakeholders:plan", args=[plan.slug]), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Zichtbare Zeger" in html and "Ministerie van Testzaken" in html
    assert "Verborgen Vera" not in html and "Universiteit Testland" in html
    assert "Vertrokken Victor" not in html  # an ended seat is not in the forum any more
    assert "Wij komen elk half jaar bijeen." in html
    assert past.title_nl in html and upcoming.title_nl in html
    log_in(client, None, language="en")
    html = client.get(reverse("stakeholders:plan", args=[plan.slug])).content.decode()
    assert "We meet every six months." in html and past.title_en in html


def test_a_draft_plans_forum_is_not_public(client, people):
    draft = ActionPlanFactory(status="draft")
    assert client.get(reverse("stakeholders:plan", args=[draft.slug])).status_code == 404
    log_in(client, people["process_owner"])
    assert client.get(reverse("stakeholders:plan", args=[draft.slug])).status_code == 200


def test_documents_are_downloads_never_inline(client, people, plan, media):
    meeting = MeetingFactory(plan=plan, minutes_nl="Verslag", minutes_published_at=timezone.now())
    document = MeetingDocumentFactory(meeting=meeting)
    response = client.get(reverse("stakeholders:meeting_document", args=[plan.slug, meeting.pk, document.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # A document of another meeting is not reachable through this meeting's address.
    other = MeetingDocumentFactory(meeting=MeetingFactory(plan=plan))
    assert (
        client.get(reverse("stakeholders:meeting_document", args=[plan.slug, meeting.pk, other.pk])).status_code == 404
    )


def test_the_main_menu_links_the_forum(client, plan):
    html = client.get(reverse("stakeholders:index")).content.decode()
    assert f'href="{reverse("stakeholders:index")}" aria-current="page"' in html


def _fill(plan, n):
    for i in range(n):
        ForumMemberFactory(plan=plan, organisation=OrganisationFactory(), consent_to_show_name=bool(i % 2))
        meeting = MeetingFactory(plan=plan, starts_at=at(datetime.date(2022, 1, 1) + datetime.timedelta(days=30 * i)))
        MeetingDocumentFactory(meeting=meeting)


@pytest.mark.parametrize("size", [1, 8])
@pytest.mark.parametrize("page", ["index", "plan"])
def test_the_forum_page_costs_a_fixed_number_of_queries(client, people, size, page, media, django_assert_num_queries):
    plan = ActionPlanFactory(number=32_000)  # the newest plan whatever the sequence: the one /forum/ shows
    _fill(plan, size)
    ForumTermsFactory(plan=plan)
    url = reverse("stakeholders:index") if page == "index" else reverse("stakeholders:plan", args=[plan.slug])
    client.get(url)  # warm up (sessions, translations)
    # the plan, terms, seats with people and organisations, meetings, their documents, other plans,
    # the review rounds
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<time") >= 2 * size
    assert plan.title_nl in response.content.decode()


def test_the_index_without_any_plan_is_404(client):
    assert client.get(reverse("stakeholders:index")).status_code == 404


def test_anonymous_staff_page_goes_to_login(client, plan, people):
    assert_answers(
        client, {"anonymous": None}, [(reverse("stakeholders:staff_plan", args=[plan.slug]), {"anonymous": LOGIN})]
    )
