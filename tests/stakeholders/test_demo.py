"""The demo forum: about twelve members across the sectors, names only with consent, and two
meetings in 2022 with agenda, minutes and a real PDF, all on /forum/ at today's date."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from stakeholders.models import ForumMember, Meeting, MeetingAttendance, MeetingDocument

pytestmark = pytest.mark.django_db


def test_the_demo_forum(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    counts = [m.objects.count() for m in (ForumMember, Meeting, MeetingDocument, MeetingAttendance)]
    call_command("seed_demo")  # twice: nothing changes
    assert [m.objects.count() for m in (ForumMember, Meeting, MeetingDocument, MeetingAttendance)] == counts
    seats = ForumMember.objects.filter(plan__number=5)
    assert seats.count() == 12
    assert {"ministry", "co_government", "civil_society", "academia", "private_sector"} <= set(
        seats.values_list("sector", flat=True)
    )
    html = client.get(reverse("stakeholders:index"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    for seat in seats.select_related("user"):
        assert (seat.user.name in html) is seat.consent_to_show_name, seat.user.name
    meetings = list(Meeting.objects.filter(plan__number=5).order_by("starts_at"))
    assert [m.starts_at.year for m in meetings] == [2022, 2022]
    for meeting in meetings:
        assert meeting.title_nl in html
        assert meeting.minutes_are_published and meeting.agenda_en and meeting.minutes_en
        document = meeting.documents.get()
        response = client.get(
            reverse("stakeholders:meeting_document", args=[meeting.plan.slug, meeting.pk, document.pk])
        )
        pdf = b"".join(response.streaming_content)
        assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert MeetingAttendance.objects.filter(meeting=meetings[0], present=True).count() == 9


def test_the_hand_written_pdf_has_a_correct_cross_reference_table():
    from stakeholders.demo import tiny_pdf

    pdf = tiny_pdf("Samenvatting (concept)")
    start = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert pdf[start:].startswith(b"xref")
    offsets = [int(line.split()[0]) for line in pdf[start:].split(b"\n")[3:8]]
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(f"{number} 0 obj".encode())
