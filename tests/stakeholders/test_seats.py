"""One notion of "a current forum seat" (``ForumMember.objects.current``): the profile page, the
commitment rules, the workspace and the session invitations agree on who sits in the forum today."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from core import clock
from sessions.models import SessionInvitation
from sessions.services import invitation_recipients
from stakeholders.models import ForumMember
from tests.commitments.factories import CommitmentFactory
from tests.factories import ActionPlanFactory, ForumMemberFactory
from tests.roles import log_in
from tests.sessions.factories import SessionFactory

DAY = datetime.timedelta(days=1)


def _roles(html: str) -> str:
    return strip_tags(re.search(r"<dt>Roles</dt>\s*<dd>(.*?)</dd>", html, re.S).group(1))


@pytest.mark.django_db
def test_a_seat_counts_from_its_first_to_its_last_day_on_every_page(client):
    today = clock.today()
    plan = ActionPlanFactory(status="public")
    commitment = CommitmentFactory(plan=plan, status="in_review", complete=True)
    session = SessionFactory(plan=plan)
    seats = {  # (since, until): sits in the forum today?
        "ended yesterday": (today - 30 * DAY, today - DAY, False),
        "ends today": (today - 30 * DAY, today, True),
        "starts today": (today, None, True),
        "starts tomorrow": (today + DAY, None, False),
    }
    people = {
        label: (ForumMemberFactory(plan=plan, since=since, until=until).user, current)
        for label, (since, until, current) in seats.items()
    }
    sitting = {user.pk for user, current in people.values() if current}
    assert set(ForumMember.objects.current().values_list("user_id", flat=True)) == sitting
    tomorrow = {people["starts today"][0].pk, people["starts tomorrow"][0].pk}
    assert set(ForumMember.objects.current(on=today + DAY).values_list("user_id", flat=True)) == tomorrow

    invited = {
        user.pk for _email, user in invitation_recipients(sessions=[session], group=SessionInvitation.Group.FORUM)
    }
    assert invited == sitting

    wrong = []
    for label, (user, current) in people.items():
        log_in(client, user, language="en")
        answers = {
            "profile": "forum member" in _roles(client.get(reverse("accounts:profile")).content.decode()),
            "reads the review": client.get(commitment.get_absolute_url()).status_code == 200,
            "workspace": commitment.identifier in client.get(reverse("commitments:workspace")).content.decode(),
        }
        wrong += [f"{label}: {page}" for page, seen in answers.items() if seen != current]
    assert not wrong, wrong
