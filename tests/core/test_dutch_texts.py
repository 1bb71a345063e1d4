"""Texts that were wrong in Dutch: allauth's own, the moderation history, plural messages, the
login page and the calendar file."""

import pytest
from django.urls import reverse

from ideas import services
from ideas.models import Idea
from sessions.models import Session
from tests.factories import ThemeFactory, UserFactory
from tests.ideas.factories import IdeaFactory
from tests.sessions.factories import RegistrationFactory, SessionFactory


def _page(client, url, language="nl", **kwargs):
    client.cookies["django_language"] = language
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.django_db
def test_moderation_history_reads_as_sentences_in_both_languages(client, totp):
    moderator = totp(UserFactory(role="moderator"))
    original = IdeaFactory()
    idea = services.idea_enter_on_behalf(
        staff=moderator, plan=original.plan, kind="idea", title="Per e-mail", text="Tekst", channel="email",
        themes=[ThemeFactory()],
    )  # fmt: skip
    services.ideas_publish(ids=[idea.pk], actor=moderator)
    services.idea_mark_duplicate(idea=idea, original=original, actor=moderator)
    services.idea_redact(idea=Idea.objects.get(pk=idea.pk), actor=moderator, text="Tekst zonder naam")
    client.force_login(moderator)
    nl = _page(client, reverse("ideas:staff_idea", args=[idea.pk]))
    en = _page(client, reverse("ideas:staff_idea", args=[idea.pk]), "en")
    for code in ("channel=email", f"(of #{original.pk})", "– redacted", "– entered", "– duplicate"):
        assert code not in nl and code not in en
    assert "Ingevoerd door medewerkers, ontvangen via: E-mail" in nl
    assert f"Gemarkeerd als dubbel van bijdrage #{original.pk}" in nl
    assert "Persoonsgegevens uit de tekst verwijderd" in nl
    assert "Entered by staff, received by: Email" in en and "Personal data removed from the text" in en


@pytest.mark.django_db
@pytest.mark.parametrize("count,text", [(1, "1 bijdrage gepubliceerd."), (2, "2 bijdragen gepubliceerd.")])
def test_messages_use_plural_forms(client, totp, count, text):
    client.force_login(totp(UserFactory(role="moderator")))
    ideas = [IdeaFactory(status=Idea.Status.NEW, published_at=None) for _ in range(count)]
    response = client.post(reverse("ideas:queue"), {"action": "publish", "ids": [i.pk for i in ideas]}, follow=True)
    html = response.content.decode()
    assert text in html and "(n)" not in html


@pytest.mark.django_db
def test_login_page_offers_forgot_password_once(client):
    html = _page(client, reverse("account_login"))
    assert html.count("Wachtwoord vergeten?") == 1
    assert html.count(reverse("account_reset_password")) == 1


@pytest.mark.django_db
def test_allauth_texts_use_one_dutch_term(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    request_page = _page(client, reverse("account_request_login_code"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": user.email}, follow=True)
    confirm_page = response.content.decode()
    from django.core import mail

    email = mail.outbox[-1]
    for text in (request_page, confirm_page, email.subject, email.body):
        assert "aanmeldcode" not in text.lower() and "e-emailadres" not in text
    assert "inlogcode" in (request_page + confirm_page).lower() and "inlogcode" in email.body.lower()


@pytest.mark.django_db
def test_dutch_calendar_file_names_the_meeting_link_in_dutch(client):
    session = SessionFactory(mode=Session.Mode.ONLINE, online_url="https://meet.example.org/abc", venue="")
    registration = RegistrationFactory(session=session)
    client.force_login(registration.person)
    ics = _page(client, reverse("sessions:ics", args=[session.slug])).replace("\r\n ", "")
    assert "Link naar de online bijeenkomst" in ics and "Meeting link" not in ics
