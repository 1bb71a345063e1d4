"""Changes to the forum: seats, terms of reference, meetings with their documents, invitations,
reminders, attendance and minutes. Messages go through the outbox with idempotency keys."""

import base64
import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation

from accounts.roles import PROCESS_OWNERS
from core import clock
from notifications.services import Outgoing, messages_enqueue
from sessions import ical
from stakeholders.models import ForumMember, ForumTerms, Meeting, MeetingAttendance, MeetingDocument
from stakeholders.selectors import current_seats

User = get_user_model()


@transaction.atomic
def terms_save(*, plan, text_nl: str, text_en: str) -> ForumTerms:
    terms, _ = ForumTerms.objects.update_or_create(plan=plan, defaults={"text_nl": text_nl, "text_en": text_en})
    return terms


@transaction.atomic
def meeting_save(*, meeting: Meeting, new_files=(), remove_ids=(), publish_minutes: bool | None = None) -> Meeting:
    """Save a meeting (new or changed) with its new documents (``(upload, title)`` pairs), removing
    the documents in ``remove_ids``. ``publish_minutes`` True publishes the minutes and documents,
    False takes them back, None leaves them as they are."""
    if publish_minutes is True and meeting.minutes_published_at is None:
        meeting.minutes_published_at = timezone.now()
    elif publish_minutes is False:
        meeting.minutes_published_at = None
    meeting.full_clean()
    meeting.save()
    for document in MeetingDocument.objects.filter(meeting=meeting, pk__in=list(remove_ids)):
        document.file.delete(save=False)
        document.delete()
    for upload, title in new_files:
        MeetingDocument.objects.create(meeting=meeting, file=upload, title=title)
    return meeting


def _calendar_attachment(meeting: Meeting, language: str) -> dict:
    with translation.override(language):
        # Members get the online link in their file: they are invited to the meeting.
        content = ical.calendar_bytes([meeting], name=meeting.title, with_online_link=True)
    return {
        "filename": f"forum-meeting-{meeting.pk}.ics",
        "mimetype": "text/calendar",
        "content": base64.b64encode(content).decode(),
    }


def _meeting_message(seat: ForumMember, meeting: Meeting, *, kind: str, template: str, key: str, context=None):
    person = seat.user
    return Outgoing(
        key=key,
        kind=kind,
        to_email=person.email,
        template=template,
        recipient=person,
        plan=meeting.plan,
        context={
            "meeting": meeting,
            "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
            **(context or {}),
        },
        attachments=[_calendar_attachment(meeting, person.language or settings.LANGUAGE_CODE)],
    )


@transaction.atomic
def meeting_invite(*, meeting: Meeting) -> int:
    """Invite every current member of the plan's forum, with a calendar file. Each member once per
    date of the meeting: pressing the button again only reaches members who joined since, and a
    moved meeting invites everyone again. Returns the number of new invitations."""
    day = clock.localdate(meeting.starts_at).isoformat()
    seats = current_seats(meeting.plan, clock.today()).select_related("user").filter(user__is_active=True)
    items = [
        _meeting_message(
            seat,
            meeting,
            kind="forum-meeting-invitation",
            template="stakeholders/email/meeting_invitation",
            key=f"forum-meeting-invitation:{meeting.pk}:{seat.pk}:{day}",
        )
        for seat in seats
    ]
    return len(messages_enqueue(items))


def meeting_reminder(seat: ForumMember, meeting: Meeting, days: int, *, today: datetime.date) -> Outgoing:
    """The reminder configured ``days`` before; the text states the days really left."""
    day = clock.localdate(meeting.starts_at)
    return _meeting_message(
        seat,
        meeting,
        kind="forum-meeting-reminder",
        template="stakeholders/email/meeting_reminder",
        key=f"forum-meeting-reminder:{meeting.pk}:{seat.pk}:{days}:{day.isoformat()}",
        context={"days": (day - today).days},
    )


@transaction.atomic
def attendance_set(*, meeting: Meeting, present_member_ids) -> None:
    """Record who was present: one row per current member of the meeting's day."""
    present = set(present_member_ids)
    seats = list(current_seats(meeting.plan, clock.localdate(meeting.starts_at)))
    existing = {a.member_id: a for a in MeetingAttendance.objects.filter(meeting=meeting)}
    new, changed = [], []
    for seat in seats:
        row = existing.get(seat.pk)
        if row is None:
            new.append(MeetingAttendance(meeting=meeting, member=seat, present=seat.pk in present))
        elif row.present != (seat.pk in present):
            row.present = seat.pk in present
            changed.append(row)
    MeetingAttendance.objects.bulk_create(new)
    MeetingAttendance.objects.bulk_update(changed, ["present"])


def rhythm_warning(plan, due: datetime.date, *, today: datetime.date) -> list[Outgoing]:
    """To every process owner: the forum must meet by ``due``. Once per due date."""
    owners = User.objects.filter(groups__name=PROCESS_OWNERS, is_active=True).order_by("pk")
    return [
        Outgoing(
            key=f"forum-rhythm:{plan.pk}:{due.isoformat()}:{owner.pk}",
            kind="forum-rhythm-warning",
            to_email=owner.email,
            template="stakeholders/email/rhythm_warning",
            recipient=owner,
            plan=plan,
            context={
                "plan": plan,
                "due": due,
                "days": (due - today).days,
                "staff_url": settings.SITE_URL + plan_staff_url(plan),
            },
        )
        for owner in owners
    ]


def plan_staff_url(plan) -> str:
    from django.urls import reverse

    return reverse("stakeholders:staff_plan", kwargs={"slug": plan.slug})
