"""Staff pages: creating and changing sessions, cancelling one, the dashboard, the participants'
CSV, the attendance list, the report and the outcomes as contributions."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ideas.models import Idea
from sessions.models import Registration, Session, SessionReport
from tests.factories import ActionPlanFactory, OrganisationFactory, ThemeFactory, UserFactory

from .factories import RegistrationFactory, SessionFactory, in_days

pytestmark = pytest.mark.django_db

LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def owner(totp):
    return totp(UserFactory(role="process_owner"))


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def moderator_client(client, totp):
    client.force_login(totp(UserFactory(role="moderator")))
    client.cookies["django_language"] = "en"
    return client


def form_data(session=None, **overrides):
    plan = session.plan if session else ActionPlanFactory()
    starts = session.starts_at if session else in_days(20, 10)
    data = {
        "plan": plan.pk,
        "title": session.title if session else "Meedenksessie Rotterdam",
        "slug": session.slug if session else "meedenksessie-rotterdam",
        "description": "Een lange beschrijving die bewaard moet blijven.",
        "language": "nl",
        "starts_at": timezone.localtime(starts).strftime(LOCAL),
        "ends_at": timezone.localtime(starts + datetime.timedelta(hours=3)).strftime(LOCAL),
        "registration_deadline": timezone.localtime(starts - datetime.timedelta(days=2)).strftime(LOCAL),
        "capacity": session.capacity if session else 25,
        "mode": "in_person",
        "venue": session.venue if session else "Stadhuis Rotterdam",
        "address": session.address if session else "Coolsingel 40, Rotterdam",
        "venue_accessibility": "Drempelvrij",
        "online_url": "",
        "reminder_days": "7, 1",
    }
    data.update(overrides)
    return data


def test_process_owner_creates_a_session(owner_client):
    theme = ThemeFactory()
    response = owner_client.post(reverse("sessions:staff_create"), form_data(themes=[theme.pk]))
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.venue == "Stadhuis Rotterdam" and list(session.themes.all()) == [theme]
    assert session.reminder_days_list == [7, 1]
    assert "has been saved" in owner_client.get(response.url).content.decode()


def test_bad_session_input_gives_field_errors_and_keeps_the_text(owner_client):
    data = form_data(mode="online", online_url="", slug="staff", reminder_days="7, soon", venue="")
    data["ends_at"] = data["starts_at"]
    response = owner_client.post(reverse("sessions:staff_create"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in html
    for message in (
        "Required for an online session.",
        "This web address is reserved",
        "The session must end after it starts.",
        "Enter whole numbers of days",
    ):
        assert message in html
    assert "Een lange beschrijving die bewaard moet blijven." in html
    assert not Session.objects.exists()


def test_lowering_the_capacity_below_the_confirmed_is_refused_with_the_reason(owner_client):
    session = SessionFactory(capacity=5)
    for n in range(3):
        RegistrationFactory(session=session, arrival=n + 1)
    response = owner_client.post(reverse("sessions:staff_edit", args=[session.slug]), form_data(session, capacity=2))
    assert response.status_code == 400
    assert "3 people are already confirmed; the number of seats cannot be lower." in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 5


def test_more_seats_go_to_the_waitlist_in_order(owner_client, django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session, arrival=1)
    second = RegistrationFactory(session=session, arrival=2, waitlisted=True)
    third = RegistrationFactory(session=session, arrival=3, waitlisted=True)
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("sessions:staff_edit", args=[session.slug]), form_data(session, capacity=2))
    assert Registration.objects.get(pk=second.pk).status == "confirmed"
    assert Registration.objects.get(pk=third.pk).status == "waitlisted"
    assert [m.to for m in mail.outbox] == [[second.person.email]]


def test_moving_a_session_tells_everyone_registered(owner_client, django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=1)
    confirmed = RegistrationFactory(session=session, arrival=1, person__language="en")
    waiting = RegistrationFactory(session=session, arrival=2, waitlisted=True)
    RegistrationFactory(session=session, arrival=3, cancelled=True)
    later = session.starts_at + datetime.timedelta(days=1)
    data = form_data(session)
    data.update(
        starts_at=timezone.localtime(later).strftime(LOCAL),
        ends_at=timezone.localtime(later + datetime.timedelta(hours=2)).strftime(LOCAL),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("sessions:staff_edit", args=[session.slug]), data)
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted([confirmed.person.email, waiting.person.email])
    to_confirmed = next(m for m in mail.outbox if m.to == [confirmed.person.email])
    assert "Changed:" in to_confirmed.subject
    assert timezone.localtime(later).strftime("%H:%M") in to_confirmed.body
    assert to_confirmed.attachments  # the calendar entry is updated
    # Saving again without a change in time or place sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("sessions:staff_edit", args=[session.slug]), {**data, "title": "Nieuwe titel"})
    assert mail.outbox == []


def test_cancelling_a_session_tells_everyone_and_closes_registration(
    owner_client, client, django_capture_on_commit_callbacks
):
    session = SessionFactory()
    registrations = [RegistrationFactory(session=session, arrival=n + 1) for n in range(2)]
    url = reverse("sessions:staff_cancel", args=[session.slug])
    assert owner_client.post(url, {"note": ""}).status_code == 400  # a message is required, and the check
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url, {"note": "Helaas is de zaal niet beschikbaar.", "confirm": "on"})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.person.email for r in registrations)
    assert all("Helaas is de zaal niet beschikbaar." in m.body for m in mail.outbox)
    page = owner_client.get(session.get_absolute_url()).content.decode()
    assert "This session has been cancelled." in page
    newcomer = UserFactory()
    owner_client.force_login(newcomer)
    owner_client.post(reverse("sessions:register", args=[session.slug]), {"organisation_kind": "individual"})
    assert not Registration.objects.filter(person=newcomer).exists()


def test_dashboard_shows_sign_ups_waitlists_and_attendance(moderator_client):
    session = SessionFactory(title="Meedenksessie Zwolle", capacity=2)
    RegistrationFactory(session=session, arrival=1, checked_in_at=timezone.now())
    RegistrationFactory(session=session, arrival=2)
    RegistrationFactory(session=session, arrival=3, waitlisted=True)
    html = moderator_client.get(reverse("sessions:staff_dashboard")).content.decode()
    assert "Meedenksessie Zwolle" in html
    assert "2 confirmed, 1 on a waitlist, 1 checked in" in html
    assert reverse("sessions:staff_create") not in html  # moderators follow, process owners manage


def test_dashboard_query_count_does_not_grow_with_the_sessions(moderator_client, django_assert_num_queries):
    url = reverse("sessions:staff_dashboard")
    SessionFactory()
    moderator_client.get(url)
    # second factor and one query for all sessions (session, person and groups come from the
    # sessions cache; the page's links ask the rules, not Django's model permissions)
    with django_assert_num_queries(2) as small:
        moderator_client.get(url)
    for _ in range(6):
        session = SessionFactory()
        RegistrationFactory(session=session, arrival=1)
        RegistrationFactory(session=session, arrival=2, waitlisted=True)
    with django_assert_num_queries(len(small.captured_queries)):
        response = moderator_client.get(url)
    assert response.content.decode().count("<tr>") == 8


def test_csv_export_has_the_participants_for_staff_with_cells_made_safe(moderator_client):
    session = SessionFactory()
    org = OrganisationFactory(name="Gemeente Utrecht")
    RegistrationFactory(
        session=session, arrival=1, person__name="Sanne de Vries", organisation_name=org.name,
        organisation_kind="co_government", accessibility_needs="Rolstoeltoegang", dietary_wishes="=HYPERLINK(1)",
    )  # fmt: skip
    RegistrationFactory(session=session, arrival=2, waitlisted=True, person__name="Pieter Jansen")
    response = moderator_client.get(reverse("sessions:staff_participants_csv", args=[session.slug]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Name", "Email"]
    assert rows[1][0] == "Sanne de Vries" and rows[1][2] == "Gemeente Utrecht"
    assert "Rolstoeltoegang" in rows[1] and "'=HYPERLINK(1)" in rows[1]
    assert rows[2][0] == "Pieter Jansen" and rows[2][5] == "1"  # waitlist position


def test_checking_in_on_the_attendance_list(moderator_client):
    session = SessionFactory()
    registration = RegistrationFactory(session=session, arrival=1, person__name="Fatima Yilmaz")
    RegistrationFactory(session=session, arrival=2, waitlisted=True, person__name="Niet Bevestigd")
    url = reverse("sessions:staff_attendance", args=[session.slug])
    html = moderator_client.get(url).content.decode()
    assert "Fatima Yilmaz" in html and "Niet Bevestigd" not in html
    assert 'name="viewport"' in html  # the page is made for phones too
    response = moderator_client.post(url, {"registration": registration.pk, "present": "1"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    page = moderator_client.get(response.url).content.decode()
    assert "Fatima Yilmaz is checked in." in page and "1 of 1 participant checked in." in page
    moderator_client.post(url, {"registration": registration.pk, "present": "0"})
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert "Fatima" in moderator_client.get(url, {"q": "fatima"}).content.decode()
    assert "Fatima Yilmaz" not in moderator_client.get(url, {"q": "jansen"}).content.decode()


def test_published_report_shows_on_the_session_page_with_attendance_by_kind(owner_client, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    session = SessionFactory(starts_at=in_days(-3), ends_at=in_days(-3) + datetime.timedelta(hours=3))
    now = timezone.now()
    RegistrationFactory(session=session, arrival=1, organisation_kind="co_government", checked_in_at=now)
    RegistrationFactory(session=session, arrival=2, organisation_kind="co_government", checked_in_at=now)
    RegistrationFactory(session=session, arrival=3, organisation_kind="individual", checked_in_at=now)
    RegistrationFactory(session=session, arrival=4, organisation_kind="academia")  # not present
    url = reverse("sessions:staff_report", args=[session.slug])
    photo = SimpleUploadedFile("flip-over.png", b"\x89PNG\r\n\x1a\nfake", content_type="image/png")
    response = owner_client.post(
        url, {"summary": "We spraken over open data.\n\nTien ideeën.", "file": photo, "file_title": "Flip-over"}
    )
    assert response.status_code == 302
    client.cookies["django_language"] = "en"
    assert "We spraken over open data." not in client.get(session.get_absolute_url()).content.decode()
    owner_client.post(url, {"summary": "We spraken over open data.\n\nTien ideeën.", "publish": "on"})
    html = client.get(session.get_absolute_url()).content.decode()
    assert "We spraken over open data." in html
    assert "Co-government (province, municipality, water board)</th><td>2" in html
    assert "Private individual</th><td>1" in html and "Academia" not in html
    assert 'alt="Flip-over"' in html
    attachment = SessionReport.objects.get().attachments.get()
    download = client.get(reverse("sessions:attachment", args=[session.slug, attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\x89PNG")


def test_report_refuses_a_file_without_description_or_of_a_wrong_kind(owner_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    session = SessionFactory()
    url = reverse("sessions:staff_report", args=[session.slug])
    response = owner_client.post(
        url, {"summary": "Verslag", "file": SimpleUploadedFile("script.exe", b"MZ", content_type="application/x")}
    )
    html = response.content.decode()
    assert response.status_code == 400 and "This kind of file cannot be added" in html
    assert "Verslag" in html
    response = owner_client.post(url, {"summary": "Verslag", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    assert response.status_code == 400 and "Describe the file" in response.content.decode()
    assert not SessionReport.objects.exists()


def test_outcomes_are_entered_as_contributions_that_await_moderation(moderator_client):
    session = SessionFactory()
    theme = ThemeFactory()
    url = reverse("sessions:staff_outcomes", args=[session.slug])
    response = moderator_client.post(
        url, {"kind": "idea", "title": "Open agenda's voor gemeenteraden", "text": "Publiceer alle agenda's.",
              "themes": [theme.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.channel, idea.session, idea.status, idea.plan) == ("session", session, "new", session.plan)
    assert idea.entered_by.has_perm("cocreation.follow_sessions")
    assert list(idea.themes.all()) == [theme]
    html = moderator_client.get(url).content.decode()
    assert "Open agenda&#x27;s voor gemeenteraden" in html and "Awaiting moderation" in html


def test_an_outcome_needs_a_theme_and_keeps_the_text(moderator_client):
    session = SessionFactory()
    ThemeFactory()
    response = moderator_client.post(
        reverse("sessions:staff_outcomes", args=[session.slug]),
        {"kind": "critical_note", "title": "Te weinig tijd", "text": "De sessie was te kort."},
    )
    assert response.status_code == 400
    assert "De sessie was te kort." in response.content.decode()
    assert not Idea.objects.exists()


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, settings):
    settings.STAFF_REQUIRE_MFA = True
    client.force_login(UserFactory(role="process_owner"))
    response = client.get(reverse("sessions:staff_dashboard"))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")


def test_session_save_takes_plain_data_and_writes_onto_the_locked_row():
    from sessions.services import session_cancel, session_save

    theme = ThemeFactory()
    session = SessionFactory()
    page_copy = Session.objects.get(pk=session.pk)  # what the edit page loaded
    session_cancel(session=session, note="Zaal niet beschikbaar")  # meanwhile
    saved = session_save(session=page_copy, data={"title": "Nieuwe titel", "capacity": 12, "themes": [theme]})
    assert (saved.title, saved.capacity, list(saved.themes.all())) == ("Nieuwe titel", 12, [theme])
    # The cancellation is not undone by the older copy the page had.
    assert saved.status == Session.Status.CANCELLED and saved.cancellation_note == "Zaal niet beschikbaar"


def _report_with_attachment(settings, tmp_path):
    from sessions.models import SessionAttachment
    from sessions.services import report_save

    settings.MEDIA_ROOT = tmp_path
    session = SessionFactory()
    photo = SimpleUploadedFile("flip-over.png", b"\x89PNG\r\n\x1a\nfake", content_type="image/png")
    report = report_save(session=session, summary="Verslag", publish=False, new_files=[(photo, "Flip-over")])
    attachment = SessionAttachment.objects.get(report=report)
    assert attachment.file.storage.exists(attachment.file.name)
    return session, attachment


def test_a_report_save_that_fails_after_removing_an_attachment_keeps_its_file(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from sessions.models import SessionAttachment
    from sessions.services import report_save

    session, attachment = _report_with_attachment(settings, tmp_path)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        report_save(session=session, summary="Verslag", publish=False, remove_ids=[attachment.pk])
        raise RuntimeError("something later in the same transaction fails")
    # Rolled back: the row is still there, and so is the file it points to.
    assert SessionAttachment.objects.filter(pk=attachment.pk).exists()
    assert attachment.file.storage.exists(attachment.file.name)


def test_a_removed_attachment_file_is_deleted_after_the_commit(settings, tmp_path, django_capture_on_commit_callbacks):
    from sessions.models import SessionAttachment
    from sessions.services import report_save

    session, attachment = _report_with_attachment(settings, tmp_path)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report_save(session=session, summary="Verslag", publish=False, remove_ids=[attachment.pk])
        assert not SessionAttachment.objects.filter(pk=attachment.pk).exists()
        assert attachment.file.storage.exists(attachment.file.name)  # not inside the transaction
    for callback in callbacks:
        callback()
    assert not attachment.file.storage.exists(attachment.file.name)


def test_an_outcome_goes_through_staff_entry_with_its_log_row(moderator_client):
    from ideas.models import ModerationLog

    session = SessionFactory()
    theme = ThemeFactory()
    response = moderator_client.post(
        reverse("sessions:staff_outcomes", args=[session.slug]),
        {"kind": "idea", "title": "Open agenda's", "text": "Publiceer alle agenda's.", "themes": [theme.pk],
         "submitter_name": "Jan"},
    )  # fmt: skip
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.channel, idea.session, idea.submitter_name, idea.show_name) == ("session", session, "Jan", True)
    log = ModerationLog.objects.get(idea=idea)
    assert (log.actor, log.action, log.detail) == (idea.entered_by, "entered", "channel=session")


@pytest.mark.parametrize("field", ["title", "venue", "address", "reminder_days"])
@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r", "\u2028"])
def test_a_line_break_in_a_one_line_field_is_refused_and_the_text_kept(owner_client, field, newline):
    value = {"reminder_days": "7," + newline + "1"}.get(field, "Meedenksessie" + newline + "Rotterdam")
    response = owner_client.post(reverse("sessions:staff_create"), form_data(**{field: value}))
    assert response.status_code == 400 and not Session.objects.exists()
    assert response.context["form"].errors[field] == ["Enter this on one line, without line breaks."]
    html = response.content.decode()
    assert "Een lange beschrijving die bewaard moet blijven." in html


def test_the_line_break_error_is_in_dutch_too(client, owner):
    client.force_login(owner)
    response = client.post(reverse("sessions:staff_create"), form_data(title="Twee\nregels"))
    assert response.status_code == 400
    assert "Vul dit in op één regel, zonder regeleinden." in response.content.decode()
