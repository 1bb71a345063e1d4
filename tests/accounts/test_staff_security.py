"""Staff and their second factor (by role, on every page) and their shorter sessions."""

import time

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.middleware import STAFF_SESSION_EXPIRES_KEY
from ideas.models import Idea
from sessions.models import SessionAttachment, SessionReport
from tests.commitments.factories import CommitmentFactory
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

SETUP = reverse("mfa_activate_totp")


@pytest.fixture(autouse=True)
def _mfa_required(settings, tmp_path):
    settings.STAFF_REQUIRE_MFA = True
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def pages():
    """Pages a moderator may open, none of them under a "staff" path."""
    commitment = CommitmentFactory(complete=True)
    unpublished = IdeaFactory(status=Idea.Status.NEW, published_at=None)
    session = SessionFactory()
    report = SessionReport.objects.create(session=session, summary="Verslag")
    attachment = SessionAttachment(report=report, title="Flip-over")
    attachment.file.save("flip-over.png", ContentFile(b"\x89PNG\r\n\x1a\nfake"), save=True)
    return {
        "commitment edit": reverse("commitments:edit", args=[commitment.identifier]),
        "commitment history": reverse("commitments:history", args=[commitment.identifier]),
        "unpublished contribution": reverse("ideas:detail", args=[unpublished.pk]),
        "report attachment": reverse("sessions:attachment", args=[session.slug, attachment.pk]),
        "home": reverse("home"),
        "profile": reverse("accounts:profile"),
    }


@pytest.mark.parametrize("role", ["moderator", "process_owner"])
def test_staff_without_second_factor_are_sent_to_set_one_up_from_every_page(client, pages, role):
    client.force_login(UserFactory(role=role))
    for name, url in pages.items():
        response = client.get(url)
        assert (response.status_code, response.headers.get("Location")) == (302, SETUP), name


def test_a_superuser_without_second_factor_is_sent_to_set_one_up(client):
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == SETUP


def test_staff_with_a_second_factor_reach_every_page(client, pages, totp):
    client.force_login(totp(UserFactory(role="process_owner")))
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name


def test_participants_are_never_sent_to_set_up_a_second_factor(client, pages):
    client.force_login(UserFactory())
    statuses = {name: client.get(url).status_code for name, url in pages.items()}
    # What they may not see is refused as before, not turned into a second-factor demand.
    assert statuses == {
        "commitment edit": 403,
        "commitment history": 403,
        "unpublished contribution": 403,
        "report attachment": 404,
        "home": 200,
        "profile": 200,
    }


def test_htmx_requests_are_sent_to_the_setup_page_as_a_whole(client):
    client.force_login(UserFactory(role="moderator"))
    response = client.get(reverse("ideas:list"), headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == SETUP


def test_staff_logging_in_with_a_password_go_to_set_up_the_second_factor_first(client):
    moderator = UserFactory(role="moderator")
    moderator.set_password("een-goed-wachtwoord")
    moderator.save()
    client.cookies["django_language"] = "en"
    response = client.post(reverse("account_login"), {"login": moderator.email, "password": "een-goed-wachtwoord"})
    assert response.status_code == 302
    # Whichever page they go to next, the public ones too, they land on the setup first.
    for url in (reverse("home"), reverse("ideas:list"), reverse("plans:list")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == SETUP
    page = client.get(SETUP, follow=True)
    assert page.status_code == 200
    assert "Everyone with a staff role needs two-factor authentication" in page.content.decode()


def test_the_way_to_the_setup_and_out_stays_open(client):
    client.force_login(UserFactory(role="moderator"))
    # allauth asks to reauthenticate before it shows the TOTP page; no redirect loop on the way.
    response = client.get(reverse("home"), follow=True)
    assert response.status_code == 200
    assert len(response.redirect_chain) <= 3
    assert response.redirect_chain[0][0] == SETUP
    assert client.get(reverse("healthz")).status_code == 200
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 200  # anonymous now, nothing to set up


# --- Shorter sessions for staff -------------------------------------------------------------------


def log_in_with_password(client, user):
    user.set_password("een-goed-wachtwoord")
    user.save()
    # "Remember me" ticked: allauth then asks for a session of SESSION_COOKIE_AGE.
    return client.post(
        reverse("account_login"), {"login": user.email, "password": "een-goed-wachtwoord", "remember": "on"}
    )


def test_staff_sessions_end_with_the_browser_and_participants_stay_logged_in(client, settings):
    settings.STAFF_REQUIRE_MFA = False
    response = log_in_with_password(client, UserFactory())
    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == django_settings.SESSION_COOKIE_AGE == 14 * 24 * 3600

    client.logout()
    started = time.time()
    response = log_in_with_password(client, UserFactory(role="moderator"))
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # gone when the browser closes
    expires_at = client.session[STAFF_SESSION_EXPIRES_KEY]
    assert started + 8 * 3600 <= expires_at <= time.time() + 8 * 3600


def test_a_staff_session_ends_after_staff_session_age(client, settings, totp):
    moderator = totp(UserFactory(role="moderator"))
    client.force_login(moderator)
    staff_dashboard = reverse("staff:dashboard")
    assert client.get(staff_dashboard).status_code == 200
    # Eight hours later (the end kept in the session is moved, as time would have).
    session = client.session
    session[STAFF_SESSION_EXPIRES_KEY] = time.time() - 1
    session.save()
    response = client.get(staff_dashboard)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    # Logged out for good: the next page is anonymous too.
    assert "_auth_user_id" not in client.get(reverse("home")).wsgi_request.session


def test_a_participant_session_is_not_cut_short(client):
    client.force_login(UserFactory())
    assert STAFF_SESSION_EXPIRES_KEY not in client.session
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert not client.session.get_expire_at_browser_close()
