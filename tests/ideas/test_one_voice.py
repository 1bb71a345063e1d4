"""One voice per person: a person's reports on a contribution count once and do not put it back in
the moderation queue; nobody supports their own contribution."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from ideas.models import Idea, Report
from ideas.services import NotAllowed, idea_report, ideas_publish, support_add
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


def _queue_ids():
    return set(Idea.objects.in_queue().values_list("pk", flat=True))


def test_a_second_report_by_the_same_person_does_not_requeue_after_a_decision(en, totp):
    idea = IdeaFactory()
    reporter = UserFactory()
    en.force_login(reporter)
    url = reverse("ideas:report", args=[idea.pk])
    en.post(url, {"reason": "spam", "text": "Reclame"})
    idea.refresh_from_db()
    assert idea.needs_review and idea.pk in _queue_ids()

    ideas_publish(ids=[idea.pk], actor=totp(UserFactory(role="moderator")))  # the moderator keeps it up
    idea.refresh_from_db()
    assert not idea.needs_review and idea.pk not in _queue_ids()

    response = en.post(url, {"reason": "offensive", "text": "Nog een keer"}, follow=True)
    assert "You have already reported this contribution" in response.content.decode()
    idea.refresh_from_db()
    assert not idea.needs_review and idea.pk not in _queue_ids()  # stays as the moderator left it
    assert idea.reports.count() == 1
    # Opening the form again says so at once, instead of asking for a report that will not count.
    response = en.get(url, follow=True)
    assert "You have already reported this contribution" in response.content.decode()
    assert 'name="reason"' not in response.content.decode()


def test_reports_by_different_people_each_count(totp):
    idea = IdeaFactory()
    first, second = UserFactory(), UserFactory()
    assert idea_report(idea=idea, reporter=first, reason="spam", text="")[1] is True
    ideas_publish(ids=[idea.pk], actor=totp(UserFactory(role="moderator")))
    report, created = idea_report(idea=idea, reporter=second, reason="spam", text="")
    idea.refresh_from_db()
    assert created and idea.needs_review and idea.reports.count() == 2


def test_the_service_counts_a_person_once():
    idea = IdeaFactory()
    person = UserFactory()
    first, created = idea_report(idea=idea, reporter=person, reason="spam", text="")
    again, created_again = idea_report(idea=idea, reporter=person, reason="other", text="")
    assert created and not created_again and again.pk == first.pk
    assert idea.log.filter(action="reported").count() == 1


def test_the_database_refuses_a_second_report_by_one_person_but_keeps_anonymous_ones():
    idea = IdeaFactory()
    person = UserFactory()
    Report.objects.create(idea=idea, reporter=None, reason="spam")
    Report.objects.create(idea=idea, reporter=None, reason="spam")  # deleted accounts: all kept
    Report.objects.create(idea=idea, reporter=person, reason="spam")
    with pytest.raises(IntegrityError):
        Report.objects.create(idea=idea, reporter=person, reason="other")


def test_no_support_button_on_ones_own_contribution(en):
    idea = IdeaFactory()
    en.force_login(idea.author)
    html = en.get(idea.get_absolute_url()).content.decode()
    assert reverse("ideas:support", args=[idea.pk]) not in html
    en.force_login(UserFactory())
    html = en.get(idea.get_absolute_url()).content.decode()
    assert reverse("ideas:support", args=[idea.pk]) in html  # others do get it


def test_supporting_ones_own_contribution_is_refused_with_a_reason(en):
    idea = IdeaFactory()
    en.force_login(idea.author)
    response = en.post(reverse("ideas:support", args=[idea.pk]))
    assert response.status_code == 403
    assert "You cannot say that your own contribution matters to you" in response.content.decode()
    idea.refresh_from_db()
    assert idea.support_count == 0 and not idea.supports.exists()
    assert not idea.author.has_perm("ideas.support", idea)
    with pytest.raises(NotAllowed):
        support_add(idea=idea, user=idea.author)


def test_the_reasons_are_in_dutch_too(client):
    idea = IdeaFactory()
    client.force_login(idea.author)
    assert (
        "Je kunt niet zeggen dat je eigen bijdrage"
        in client.post(reverse("ideas:support", args=[idea.pk])).content.decode()
    )
    client.force_login(UserFactory())
    url = reverse("ideas:report", args=[idea.pk])
    client.post(url, {"reason": "spam"})
    assert "Je hebt deze bijdrage al gemeld" in client.get(url, follow=True).content.decode()
