"""Staff pages of the forum: every role, seats, terms, meetings with documents (type and size
checked, nothing typed lost), invitations with a calendar file, attendance, minutes."""

import base64
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from notifications.models import Message
from stakeholders.models import ForumMember, ForumTerms, Meeting, MeetingAttendance, MeetingDocument
from tests.factories import ForumMemberFactory, UserFactory
from tests.roles import LOGIN, assert_answers, log_in

from .factories import MeetingFactory, at

pytestmark = pytest.mark.django_db
ALL = ("anonymous", "participant", "moderator", "process_owner", "action_holder", "forum_member",
       "other_forum_member", "ended_member")  # fmt: skip
OWNER_ONLY = {**dict.fromkeys(ALL, 403), "anonymous": LOGIN, "process_owner": 200}


def test_every_role_on_the_staff_pages(client, people, plan):
    meeting = MeetingFactory(plan=plan)
    seat = people["forum_member"].forum_seats.get()
    pages = [
        (reverse("stakeholders:staff_plan", args=[plan.slug]), OWNER_ONLY),
        (reverse("stakeholders:staff_seat_new", args=[plan.slug]), OWNER_ONLY),
        (reverse("stakeholders:staff_seat", args=[seat.pk]), OWNER_ONLY),
        (reverse("stakeholders:staff_terms", args=[plan.slug]), OWNER_ONLY),
        (reverse("stakeholders:staff_meeting_new", args=[plan.slug]), OWNER_ONLY),
        (reverse("stakeholders:staff_meeting", args=[meeting.pk]), OWNER_ONLY),
        (reverse("stakeholders:staff_meeting_attendance", args=[meeting.pk]), OWNER_ONLY),
    ]
    assert_answers(client, people, pages)
    # The invitation button is a POST; nobody but a process owner sends anything.
    invite = reverse("stakeholders:staff_meeting_invite", args=[meeting.pk])
    assert_answers(
        client, people, [(invite, {**OWNER_ONLY, "process_owner": 302})], roles=[r for r in ALL if r != "process_owner"],
        method="post",
    )  # fmt: skip
    assert not Message.objects.filter(kind="forum-meeting-invitation").exists()


def test_a_process_owner_adds_and_ends_a_seat(client, people, plan):
    log_in(client, people["process_owner"], language="en")
    person = UserFactory(email="nieuw@example.org")
    url = reverse("stakeholders:staff_seat_new", args=[plan.slug])
    data = {"email": "NIEUW@example.org", "sector": "academia", "since": "2022-01-01", "consent_to_show_name": "on"}
    assert client.post(url, data).status_code == 302
    seat = ForumMember.objects.get(plan=plan, user=person)
    assert seat.consent_to_show_name and seat.sector == "academia"
    # The same person twice, or an unknown address: a field error, the rest kept.
    response = client.post(url, {**data, "since": "2022-02-02"})
    assert response.status_code == 400 and "already has a seat" in response.content.decode()
    assert 'value="2022-02-02"' in response.content.decode()
    response = client.post(url, {**data, "email": "niemand@example.org"})
    assert response.status_code == 400 and "No account has this email address" in response.content.decode()
    # Ending the seat: the member leaves the public page.
    edit = reverse("stakeholders:staff_seat", args=[seat.pk])
    response = client.post(edit, {"sector": "academia", "since": "2022-01-01", "until": "2021-01-01"})
    assert response.status_code == 400  # before it started
    assert client.post(edit, {"sector": "academia", "since": "2022-01-01", "until": "2022-06-30"}).status_code == 302
    seat.refresh_from_db()
    assert seat.until == datetime.date(2022, 6, 30)
    assert person.name not in client.get(reverse("stakeholders:plan", args=[plan.slug])).content.decode()


def test_a_process_owner_edits_the_terms_of_reference(client, people, plan):
    log_in(client, people["process_owner"], language="en")
    url = reverse("stakeholders:staff_terms", args=[plan.slug])
    assert client.post(url, {"text_nl": "", "text_en": "Only English"}).status_code == 400
    assert client.post(url, {"text_nl": "Taken van het forum", "text_en": "The forum's tasks"}).status_code == 302
    assert ForumTerms.objects.get(plan=plan).text_en == "The forum's tasks"
    log_in(client, None, language="en")
    assert "The forum&#x27;s tasks" in client.get(reverse("stakeholders:plan", args=[plan.slug])).content.decode()


def _meeting_data(**extra):
    return {
        "title_nl": "Forumoverleg", "title_en": "Forum meeting", "starts_at": "2030-03-01T10:00",
        "ends_at": "2030-03-01T12:00", "venue": "BZK", "address": "Den Haag", "online_url": "",
        "agenda_nl": "1. Opening", "agenda_en": "1. Opening", "minutes_nl": "", "minutes_en": "", **extra,
    }  # fmt: skip


def test_a_meeting_with_a_document_then_minutes_published(client, people, plan, media):
    log_in(client, people["process_owner"], language="en")
    pdf = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda", content_type="application/pdf")
    response = client.post(
        reverse("stakeholders:staff_meeting_new", args=[plan.slug]), _meeting_data(file=pdf, file_title="Agenda")
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(plan=plan)
    assert meeting.documents.get().title == "Agenda"
    assert not meeting.minutes_are_published
    edit = reverse("stakeholders:staff_meeting", args=[meeting.pk])
    # Publishing without minutes: a field error.
    response = client.post(edit, _meeting_data(publish_minutes="on"))
    assert response.status_code == 400 and "Write the minutes" in response.content.decode()
    data = _meeting_data(minutes_nl="Het verslag", minutes_en="The minutes", publish_minutes="on")
    assert client.post(edit, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_are_published
    log_in(client, None, language="en")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "The minutes" in html and "Agenda" in html


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("foto.png", b"\x89PNG\r\n\x1a\n", "Use PDF, ODT or DOCX"),
        ("nep.pdf", b"<html>not a pdf</html>", "not a real PDF"),
        ("groot.pdf", b"%PDF-" + b"0" * (15 * 1024 * 1024), "larger than 15 MB"),
    ],
)
def test_a_wrong_document_is_a_field_error_and_nothing_typed_is_lost(client, people, plan, media, name, content, error):
    log_in(client, people["process_owner"], language="en")
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        reverse("stakeholders:staff_meeting_new", args=[plan.slug]),
        _meeting_data(
            title_nl="Mijn getypte titel", agenda_nl="Mijn getypte agenda", file=upload, file_title="Bijlage"
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400 and error in html
    assert "Mijn getypte titel" in html and "Mijn getypte agenda" in html
    assert not Meeting.objects.exists() and not MeetingDocument.objects.exists()


def test_a_meeting_needs_a_place_or_a_link_and_ends_after_it_starts(client, people, plan):
    log_in(client, people["process_owner"], language="en")
    url = reverse("stakeholders:staff_meeting_new", args=[plan.slug])
    response = client.post(url, _meeting_data(venue="", address=""))
    assert response.status_code == 400 and "Give a place, an online meeting link, or both." in response.content.decode()
    response = client.post(url, _meeting_data(ends_at="2030-03-01T09:00"))
    assert response.status_code == 400 and "A meeting ends after it starts." in response.content.decode()
    assert not Meeting.objects.exists()


def test_invitations_go_to_every_current_member_once_with_a_calendar_file(
    client, people, plan, django_capture_on_commit_callbacks
):
    ForumMemberFactory(plan=plan, user=UserFactory(email="tweede@example.org"))
    meeting = MeetingFactory(plan=plan, venue="", address="", online_url="https://meet.example.org/forum")
    log_in(client, people["process_owner"], language="en")
    url = reverse("stakeholders:staff_meeting_invite", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        client.post(url)  # twice: nobody gets a second invitation
    messages = Message.objects.filter(kind="forum-meeting-invitation")
    # The current members of this plan, not the ended seat nor the other plan's member.
    assert sorted(m.to_email for m in messages) == sorted([people["forum_member"].email, "tweede@example.org"])
    attachment = messages[0].attachments[0]
    ics = base64.b64decode(attachment["content"]).decode()
    assert f"forum-meeting-{meeting.pk}@" in ics and "meet.example.org/forum" in ics
    assert meeting.title_nl in messages[0].subject or meeting.title_en in messages[0].subject


def test_attendance_per_member(client, people, plan):
    meeting = MeetingFactory(plan=plan, starts_at=at(datetime.date(2022, 10, 27)))
    second = ForumMemberFactory(plan=plan)
    first = people["forum_member"].forum_seats.get()
    log_in(client, people["process_owner"], language="en")
    url = reverse("stakeholders:staff_meeting_attendance", args=[meeting.pk])
    html = client.get(url).content.decode()
    assert people["ended_member"].name not in html  # the seat had ended by the meeting's day
    assert client.post(url, {"present": [str(first.pk)]}).status_code == 302
    assert dict(MeetingAttendance.objects.values_list("member_id", "present")) == {first.pk: True, second.pk: False}
    assert client.post(url, {"present": [str(second.pk)]}).status_code == 302
    assert dict(MeetingAttendance.objects.values_list("member_id", "present")) == {first.pk: False, second.pk: True}
    assert client.post(url, {"present": ["999999"]}).status_code == 400


def test_the_staff_page_shows_the_rhythm(client, people, plan, settings):
    settings.PLATFORM_TODAY = "2022-12-01"
    MeetingFactory(plan=plan, starts_at=at(datetime.date(2022, 10, 27)))
    log_in(client, people["process_owner"], language="en")
    html = client.get(reverse("stakeholders:staff_plan", args=[plan.slug])).content.decode()
    assert "No meeting is planned before the date it is due." in html
    assert "27 April 2023" in html
    MeetingFactory(plan=plan, starts_at=at(datetime.date(2023, 3, 1)))
    html = client.get(reverse("stakeholders:staff_plan", args=[plan.slug])).content.decode()
    assert "The forum keeps the rhythm." in html


def test_attendance_and_consent_are_in_the_personal_data_export(people, plan):
    from accounts import personal_data

    member = people["forum_member"]
    MeetingAttendance.objects.create(meeting=MeetingFactory(plan=plan), member=member.forum_seats.get(), present=True)
    exported = personal_data.export(member)
    assert exported["forum_meeting_attendance"][0]["present"] is True
    assert exported["forum_seats"][0]["name_may_be_shown"] is False


def test_a_meeting_error_is_said_at_the_field_in_plain_words(client, people, plan):
    log_in(client, people["process_owner"], language="en")
    html = client.post(
        reverse("stakeholders:staff_meeting_new", args=[plan.slug]), _meeting_data(venue="", address="")
    ).content.decode()
    # In the error summary and at the field; not a second time as the database constraint's message.
    assert html.count("Give a place, an online meeting link, or both.") == 2 and 'id="id_venue_error"' in html
    assert "violated" not in html
