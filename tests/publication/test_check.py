"""The OGP minimum-requirements check (issue 14, point 7): each requirement met and not met from the
data, who may read it, its cost in queries, and the page in Dutch and English."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from ideas.models import Idea
from notifications.models import Message
from plans.models import ActionPlan, Event, Phase
from publication import check
from publication.models import Document, PlanVersion, VersionDocument
from sessions.models import SessionReport
from stakeholders.demo import tiny_pdf
from tests.factories import ActionPlanFactory, EventFactory, PhaseFactory, UserFactory
from tests.ideas.factories import IdeaFactory
from tests.publication.queries import repository_queries
from tests.roles import STAFF, assert_answers, log_in
from tests.sessions.factories import SessionFactory
from tests.stakeholders.factories import MeetingDocumentFactory, MeetingFactory, at

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

TODAY = datetime.date(2024, 12, 1)  # in the second year of the term
D = datetime.date


@pytest.fixture(autouse=True)
def english():
    # The check's sentences and dates in English (the pages set their own language).
    with translation.override("en"):
        yield


def _plan(**kwargs):
    return ActionPlanFactory(term_start=D(2023, 1, 1), term_end=D(2024, 12, 31), **kwargs)


def _meeting(plan, day, *, minutes=None):
    if minutes is None:
        return MeetingFactory(plan=plan, starts_at=at(day))
    # Minutes written in both languages: the repository lists each language.
    return MeetingFactory(
        plan=plan, starts_at=at(day), minutes_published_at=at(minutes),
        minutes_nl="Verslag van de bijeenkomst.", minutes_en="Minutes of the meeting.",
    )  # fmt: skip


def _report(plan, published: datetime.date | None, title="Meedenksessie"):
    session = SessionFactory(plan=plan, title=title, starts_at=at(D(2022, 9, 1)), ends_at=at(D(2022, 9, 1), 17),
                             registration_deadline=at(D(2022, 8, 30)))  # fmt: skip
    SessionReport.objects.create(
        session=session, summary="Wat we hoorden.", published_at=at(published) if published else None
    )
    return session


def _pdf():
    return SimpleUploadedFile("rapport.pdf", tiny_pdf("IRM"), content_type="application/pdf")


def _requirement(plan, number, today=TODAY):
    return check.evaluate(plan, today=today)[number - 1]


# --- 1. every six months ---


def test_1_met_when_the_next_meeting_is_planned_within_six_months_of_the_last():
    plan = _plan()
    last = _meeting(plan, D(2024, 8, 1))
    _meeting(plan, D(2025, 1, 15))
    r = _requirement(plan, 1)
    assert r.met is True and r.todo == ""
    assert (f"Last meeting: {last.title_en}, 1 August 2024", last.get_absolute_url()) in r.evidence


def test_1_not_met_when_more_than_six_months_have_passed():
    plan = _plan()
    _meeting(plan, D(2024, 3, 1))
    r = _requirement(plan, 1)
    assert r.met is False
    assert r.finding == "More than six months have passed since the last meeting."
    assert r.todo == "Plan a forum meeting as soon as possible."


def test_1_not_met_without_any_meeting():
    r = _requirement(_plan(), 1)
    assert r.met is False and r.finding == "The forum has not met yet."


# --- 2. repository ---


def test_2_met_with_two_public_documents_in_each_year_of_the_term():
    plan = _plan()
    session = _report(plan, D(2023, 3, 1), title="Sessie over open data")
    minutes = _meeting(plan, D(2023, 8, 20), minutes=D(2023, 9, 1))
    _meeting(plan, D(2024, 4, 20), minutes=D(2024, 5, 1))  # the running year: one so far is enough
    r = _requirement(plan, 2)
    assert r.met is True, r.finding
    labels = dict(r.evidence)
    # The repository's documents: the minutes in the page's language, once.
    assert labels["1 March 2023: Report: Sessie over open data"] == session.get_absolute_url()
    assert labels[f"1 September 2023: Minutes: {minutes.title_en}"] == minutes.get_absolute_url()
    assert f"1 September 2023: Minutes: {minutes.title_nl}" not in labels
    assert r.finding == "New public documents on 3 days during the term."


def test_2_not_met_with_one_document_in_a_year_and_unpublished_ones_do_not_count():
    plan = _plan()
    _report(plan, D(2023, 3, 1))
    _report(plan, None)  # written, not published
    _meeting(plan, D(2023, 8, 20))  # minutes not published
    _meeting(plan, D(2024, 4, 20), minutes=D(2024, 5, 1))
    r = _requirement(plan, 2)
    assert r.met is False
    assert r.finding == "1 January 2023 – 31 December 2023: new public documents on 1 day."
    assert "at least one every six months" in r.todo


def test_2_what_is_published_on_one_day_is_one_update():
    # Minutes in two languages with a meeting document and an uploaded report, all on one day: the
    # repository lists four documents, but it was updated once that year.
    plan = _plan()
    meeting = _meeting(plan, D(2023, 8, 20), minutes=D(2023, 9, 1))
    MeetingDocumentFactory(meeting=meeting, title="Agenda en stukken")
    Document.objects.create(plan=plan, title_nl="IRM-rapport", published_on=D(2023, 9, 1), file=_pdf())
    _meeting(plan, D(2024, 4, 20), minutes=D(2024, 5, 1))
    r = _requirement(plan, 2)
    assert r.met is False
    assert r.finding == "1 January 2023 – 31 December 2023: new public documents on 1 day."
    labels = [label for label, _url in r.evidence]
    assert "1 September 2023: Agenda en stukken" in labels and "1 September 2023: IRM-rapport" in labels
    Document.objects.create(plan=plan, title_nl="Nog een stuk", published_on=D(2023, 11, 1), file=_pdf())
    assert _requirement(plan, 2).met is True
    # A document whose day has not come yet on the day of the check does not count.
    Document.objects.create(plan=plan, title_nl="Later", published_on=D(2024, 12, 15), file=_pdf())
    assert "15 December 2024: Later" not in [label for label, _url in _requirement(plan, 2).evidence]


def test_2_a_draft_plans_documents_are_not_public():
    plan = _plan(status=ActionPlan.Status.DRAFT)
    _report(plan, D(2023, 3, 1))
    _meeting(plan, D(2023, 8, 20), minutes=D(2023, 9, 1))
    assert _requirement(plan, 2).evidence == []


def test_2_not_judged_before_the_term():
    plan = _plan()
    r = _requirement(plan, 2, today=D(2022, 10, 1))
    assert r.met is None and "has not started yet" in r.finding


# --- 3. advance notice and channels ---


def _call(plan):
    return PhaseFactory(plan=plan, kind=Phase.Kind.CALL_FOR_INPUT, starts_on=D(2022, 6, 1), ends_on=D(2022, 10, 31))


def _announcement(plan, phase, day):
    message = Message.objects.create(
        key=f"phase-opened:{phase.pk}:1", kind="phase-opened", category=Message.Category.ANNOUNCEMENT,
        to_email="volger@example.org", subject="De oproep is open", body_text="...", plan=plan,
    )  # fmt: skip
    Message.objects.filter(pk=message.pk).update(created_at=at(day, 8))


def test_3_met_with_an_announcement_two_weeks_ahead_and_sessions_besides_online_input():
    plan = _plan()
    call = _call(plan)
    _announcement(plan, call, D(2022, 6, 1))  # the automatic one, on the opening day
    EventFactory(plan=plan, kind=Event.Kind.OTHER, title_en="Call for input announced", starts_at=at(D(2022, 5, 18)))
    EventFactory(plan=plan, kind=Event.Kind.PROGRAMME_COUNCIL, starts_at=at(D(2022, 4, 1)))  # not an announcement
    SessionFactory(plan=plan)
    IdeaFactory(plan=plan)
    r = _requirement(plan, 3)
    assert r.met is True, r.finding
    assert r.finding == "Announced 14 days before the call opened; input online and through other channels."
    labels = [label for label, _url in r.evidence]
    assert "18 May 2022: Call for input announced" in labels
    assert "1 June 2022: Announcement of the call for input to the plan's followers" in labels
    assert "1 co-creation session" in labels and "1 public contribution online" in labels
    assert ("Call for input: 1 June 2022 – 31 October 2022", plan.get_absolute_url()) in r.evidence


def test_3_not_met_with_only_the_announcement_on_the_opening_day_and_online_input_only():
    plan = _plan()
    call = _call(plan)
    _announcement(plan, call, D(2022, 6, 1))
    EventFactory(plan=plan, kind=Event.Kind.OTHER, title_en="Announced", starts_at=at(D(2022, 5, 25)))  # 7 days
    IdeaFactory(plan=plan)
    r = _requirement(plan, 3)
    assert r.met is False
    assert "announced 7 days before it opened" in r.finding
    assert "Input came in online only" in r.finding
    assert "at least two weeks before 1 June 2022" in r.todo and "co-creation session" in r.todo


def test_3_an_email_contribution_is_another_channel_and_no_call_is_not_met():
    plan = _plan()
    assert _requirement(plan, 3).met is False  # no call for input on the timeline
    call = _call(plan)
    EventFactory(plan=plan, kind=Event.Kind.CONSULTATION, starts_at=at(D(2022, 5, 1)))
    IdeaFactory(plan=plan, channel=Idea.Channel.EMAIL, author=None, submitter_name="Jan", received_on=call.starts_on)
    assert _requirement(plan, 3).met is True


# --- 4. reasoned responses and the co-creation report ---


def test_4_not_met_while_a_public_contribution_has_no_reasoned_response():
    plan = _plan()
    IdeaFactory(plan=plan, answered=True)
    IdeaFactory(plan=plan)  # no answer
    IdeaFactory(plan=plan, pending=True)  # not public: not counted
    r = _requirement(plan, 4)
    assert r.met is False
    assert r.evidence[0] == ("1 public contribution without a reasoned response", reverse("ideas:answers"))
    assert "1 public contribution has no outcome" in r.finding
    assert "No co-creation report published yet." in r.finding
    assert "Publish the co-creation report" in r.todo


def _version(plan, number, published_on, *, kinds=(VersionDocument.Kind.COCREATION_REPORT,)):
    version = PlanVersion.objects.create(
        plan=plan, number=number, language="en", label_nl=f"Versie {number}", label_en=f"Version {number}",
        published_on=published_on,
    )  # fmt: skip
    for kind in kinds:
        for language in ("nl", "en"):
            VersionDocument.objects.create(version=version, kind=kind, language=language, title="Verslag", html="<p>")
    return version


def test_4_met_once_every_contribution_is_answered_and_the_report_is_published():
    plan = _plan()
    IdeaFactory(plan=plan, answered=True)
    r = _requirement(plan, 4)
    assert r.met is False and r.finding == "No co-creation report published yet."
    preview = reverse("publication_report:preview", kwargs={"slug": plan.slug, "language": "en"})
    assert ("Preview of the co-creation report as it stands today", preview) in r.evidence
    _version(plan, 1, D(2022, 12, 30), kinds=[VersionDocument.Kind.PLAN])  # the plan, without its report
    _version(plan, 3, TODAY + datetime.timedelta(days=30))  # to be published later
    assert _requirement(plan, 4).met is False
    _version(plan, 2, D(2023, 2, 1))
    r = _requirement(plan, 4)
    assert r.met is True
    # The newest published version's report, in the language of the page, and all of them in the repository.
    report = reverse("publication_versions:report", kwargs={"slug": plan.slug, "number": 2, "lang": "en"})
    assert ("Co-creation report (Version 2), published 1 February 2023", report) in r.evidence
    repository = reverse("publication_documents:list") + f"?plan={plan.slug}&kind=cocreation_report"
    assert ("The plan's co-creation reports in the document repository", repository) in r.evidence
    with translation.override("nl"):
        dutch = _requirement(plan, 4).evidence
    assert reverse("publication_versions:report", kwargs={"slug": plan.slug, "number": 2, "lang": "nl"}) in {
        url for _label, url in dutch
    }
    # The check as on a day before the report was published.
    assert _requirement(plan, 4, today=D(2023, 1, 31)).met is False


def test_4_a_report_of_a_draft_plan_is_not_published():
    plan = _plan(status=ActionPlan.Status.DRAFT)
    IdeaFactory(plan=plan, answered=True)
    _version(plan, 1, D(2023, 2, 1))
    assert _requirement(plan, 4).met is False


# --- 5. meetings during implementation ---


def test_5_met_with_two_meetings_held_or_planned_in_each_year():
    plan = _plan()
    for day in (D(2023, 3, 1), D(2023, 9, 1), D(2024, 8, 1), D(2024, 12, 15)):
        _meeting(plan, day)
    assert _requirement(plan, 5).met is True


def test_5_not_met_with_one_meeting_in_a_year():
    plan = _plan()
    for day in (D(2023, 3, 1), D(2024, 2, 1), D(2024, 8, 1)):
        _meeting(plan, day)
    r = _requirement(plan, 5)
    assert r.met is False and r.finding == "1 January 2023 – 31 December 2023: 1 meeting."
    assert _requirement(plan, 5, today=D(2022, 12, 1)).met is None  # before implementation


# --- The pages ---


def test_who_may_read_the_check(client, people):
    plan = ActionPlan.objects.get()
    pages = [(reverse("publication_check:index"), STAFF), (reverse("publication_check:plan", args=[plan.slug]), STAFF)]
    assert_answers(client, people, pages)


def test_the_page_in_dutch_and_english(client, people):
    plan = ActionPlan.objects.get()
    IdeaFactory(plan=plan)
    url = reverse("publication_check:plan", args=[plan.slug])
    html = log_in(client, people["moderator"], language="en").get(url).content.decode()
    assert "OGP minimum requirements" in html
    assert "1. The forum meets at least every six months" in html
    assert "Not met" in html and "What to do" in html
    assert "No co-creation report published yet." in html
    assert f'href="{reverse("ideas:answers")}"' in html
    html = log_in(client, people["process_owner"], language="nl").get(url).content.decode()
    assert "OGP-minimumeisen" in html
    assert "1. Het forum komt minstens elke zes maanden bijeen" in html
    assert "Niet voldaan" in html and "Wat te doen" in html
    assert "Nog geen co-creatieverslag gepubliceerd." in html
    index = client.get(reverse("publication_check:index")).content.decode()
    assert f'href="{url}"' in index


@pytest.mark.parametrize("size", [1, 5])
def test_the_page_costs_the_same_number_of_queries_whatever_the_data(client, totp, django_assert_num_queries, size):
    plans = [_plan() for _ in range(2)]
    for plan in plans:
        call = _call(plan)
        for i in range(size):
            _meeting(plan, D(2023, 1 + i, 10), minutes=D(2023, 1 + i, 20))
            _report(plan, D(2023, 2, 1 + i))
            IdeaFactory(plan=plan)
            IdeaFactory(plan=plan, channel=Idea.Channel.SESSION, author=None, received_on=call.starts_on)
            _announcement(plan, call, D(2022, 6, 1))
            Message.objects.filter(key=f"phase-opened:{call.pk}:1").update(key=f"phase-opened:{call.pk}:{i + 10}")
            EventFactory(plan=plan, kind=Event.Kind.OTHER, starts_at=at(D(2022, 5, 1 + i)))
        _version(plan, 1, D(2023, 2, 1))
    client.force_login(totp(UserFactory(role="process_owner")))
    repository = repository_queries()
    for url, queries in (
        (reverse("publication_check:plan", args=[plans[0].slug]), QUERIES_PLAN + repository),
        (reverse("publication_check:index"), QUERIES_INDEX + repository),
    ):
        client.get(url)  # warm up
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


# The person's second factor (session, person and groups come from the sessions cache), then: the plan(s), and the seven reads of
# publication.check.load of its own (meetings, calls for input, their announcements, timeline
# events, contributions by channel, sessions, co-creation reports), besides the repository's sources.
QUERIES_PLAN = 9
QUERIES_INDEX = 9


# --- The staff dashboard ---


def test_the_dashboard_counts_the_unmet_requirements_and_links_the_check(client, totp):
    plan = ActionPlanFactory(term_end=timezone.localdate() + datetime.timedelta(days=300))
    ActionPlanFactory(status=ActionPlan.Status.DRAFT)  # a draft: not on the work list
    url = reverse("publication_check:plan", args=[plan.slug])
    client.force_login(totp(UserFactory(role="moderator")))
    client.cookies["django_language"] = "en"
    html = client.get(reverse("staff:dashboard")).content.decode()
    unmet = check.unmet(check.evaluate(plan))
    assert unmet >= 1
    assert f'<a href="{url}">OGP check of {plan.title_en}: {unmet} minimum requirements not met</a>' in html
    assert html.count("/staff/ogp-check/") == 1
