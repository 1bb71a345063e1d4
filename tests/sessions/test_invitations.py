"""Inviting a group to one or more sessions, each person once per session, through the outbox."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Message, Preferences, Suppression
from sessions.models import SessionInvitation
from sessions.services import invitations_send
from tests.factories import ForumMemberFactory, MembershipFactory, OrganisationFactory, ThemeFactory, UserFactory

from .factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client, totp):
    owner = totp(UserFactory(role="process_owner"))
    client.force_login(owner)
    client.cookies["django_language"] = "en"
    client.owner = owner
    return client


def test_forum_members_are_invited_once_per_session(owner_client, django_capture_on_commit_callbacks):
    session = SessionFactory(title="Meedenksessie Den Haag")
    member = ForumMemberFactory(plan=session.plan, user__language="en").user
    ForumMemberFactory(plan=session.plan, until=datetime.date(2021, 1, 1))  # seat ended: not invited
    url = reverse("sessions:staff_invite")
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url, {"sessions": [session.pk], "group": "forum"})
    assert response.status_code == 302
    assert "1 people invited" in owner_client.get(response.url).content.decode()
    [sent] = mail.outbox
    assert sent.to == [member.email] and "Invitation: Meedenksessie Den Haag" in sent.subject
    assert session.get_absolute_url() in sent.body
    assert sent.extra_headers["List-Unsubscribe"].startswith("<http")  # invitations can be unsubscribed from
    # The same invitation again: nobody gets a second one.
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url, {"sessions": [session.pk], "group": "forum"})
    assert len(mail.outbox) == 1
    assert (
        "were left out because that person was invited to that session before"
        in owner_client.get(response.url).content.decode()
    )
    # A second session: one email, only about the new session.
    other = SessionFactory(plan=session.plan, title="Meedenksessie Groningen")
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(url, {"sessions": [session.pk, other.pk], "group": "forum"})
    assert len(mail.outbox) == 2
    assert "Meedenksessie Groningen" in mail.outbox[1].body and "Meedenksessie Den Haag" not in mail.outbox[1].body
    assert SessionInvitation.objects.count() == 2


def test_action_holders_are_invited(owner_client):
    session = SessionFactory()
    holder = MembershipFactory(organisation=OrganisationFactory())
    session.plan.action_holders.add(holder.organisation)
    MembershipFactory()  # a member of another organisation: not invited
    result = invitations_send(sessions=[session], group="action_holders", invited_by=owner_client.owner)
    assert result.people == 1
    assert Message.objects.get().to_email == holder.user.email


def test_people_interested_in_a_theme_are_invited_unless_they_opted_out(owner_client):
    session = SessionFactory()
    theme, other_theme = ThemeFactory(), ThemeFactory()
    interested, opted_out, elsewhere = UserFactory(), UserFactory(), UserFactory()
    Preferences.objects.create(user=interested).themes.add(theme)
    Preferences.objects.create(user=opted_out, invitations=False).themes.add(theme)
    Preferences.objects.create(user=elsewhere).themes.add(other_theme)
    response = owner_client.post(
        reverse("sessions:staff_invite"), {"sessions": [session.pk], "group": "theme", "theme": theme.pk}
    )
    assert response.status_code == 302
    assert list(Message.objects.values_list("to_email", flat=True)) == [interested.email]


def test_a_pasted_list_reaches_accounts_and_bare_addresses_but_not_suppressed_ones(owner_client):
    session = SessionFactory()
    account = UserFactory(email="bekend@example.org")
    Suppression.objects.create(email="afgemeld@example.org", topic="invitations")
    response = owner_client.post(
        reverse("sessions:staff_invite"),
        {
            "sessions": [session.pk],
            "group": "addresses",
            "addresses": "BEKEND@example.org, nieuw@example.org\nafgemeld@example.org; nieuw@example.org",
        },
    )
    assert response.status_code == 302
    messages = {m.to_email: m for m in Message.objects.all()}
    assert set(messages) == {"bekend@example.org", "nieuw@example.org"}
    assert messages["bekend@example.org"].recipient == account
    assert messages["nieuw@example.org"].recipient is None
    assert "/notifications/unsubscribe/" in messages["nieuw@example.org"].body_text


def test_a_pasted_list_with_wrong_addresses_is_refused_and_kept(owner_client):
    session = SessionFactory()
    response = owner_client.post(
        reverse("sessions:staff_invite"),
        {"sessions": [session.pk], "group": "addresses", "addresses": "goed@example.org, geen-adres"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "These are not email addresses: geen-adres" in html and "goed@example.org" in html
    assert not SessionInvitation.objects.exists() and not Message.objects.exists()


def test_theme_group_needs_a_theme(owner_client):
    session = SessionFactory()
    response = owner_client.post(reverse("sessions:staff_invite"), {"sessions": [session.pk], "group": "theme"})
    assert response.status_code == 400
    assert "Choose the theme whose followers you invite." in response.content.decode()
