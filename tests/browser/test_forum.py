"""The public forum page and a meeting's staff form in Chromium: accessible (axe-core) and without
Content Security Policy violations, in Dutch and English."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.browser


@pytest.fixture
def forum(transactional_db, settings, tmp_path):
    from stakeholders.models import Meeting
    from tests.factories import ActionPlanFactory, ForumMemberFactory, UserFactory
    from tests.stakeholders.factories import ForumTermsFactory, MeetingDocumentFactory, MeetingFactory

    settings.MEDIA_ROOT = tmp_path
    plan = ActionPlanFactory()
    ForumMemberFactory(plan=plan, user=UserFactory(name="Zichtbaar Lid"), consent_to_show_name=True)
    ForumMemberFactory(plan=plan, sector="ministry")
    ForumTermsFactory(plan=plan)
    start = timezone.make_aware(datetime.datetime(2022, 10, 27, 14))
    past = MeetingFactory(plan=plan, starts_at=start, minutes_nl="Verslag", minutes_en="Minutes",
                          minutes_published_at=timezone.now())  # fmt: skip
    MeetingDocumentFactory(meeting=past)
    MeetingFactory(plan=plan)
    return plan, Meeting.objects.get(pk=past.pk)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_forum_pages_are_accessible(page, live_server, forum, language, assert_accessible):
    from tests.factories import UserFactory

    plan, meeting = forum
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(live_server.url + reverse("stakeholders:index"))
    assert page.locator("h1").inner_text()
    assert "Zichtbaar Lid" in page.content()
    assert_accessible(page, "forum")
    page.goto(live_server.url + meeting.get_absolute_url())
    assert_accessible(page, "meeting")

    from allauth.mfa.models import Authenticator

    owner = UserFactory(role="process_owner")
    Authenticator.objects.create(user=owner, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client = Client()
    client.force_login(owner)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    for url in (
        reverse("stakeholders:staff_plan", args=[plan.slug]),
        reverse("stakeholders:staff_meeting", args=[meeting.pk]),
        reverse("stakeholders:staff_meeting_attendance", args=[meeting.pk]),
    ):
        page.goto(live_server.url + url)
        assert page.url == live_server.url + url  # the staff page itself, not a login or second-factor page
        assert_accessible(page, url)
