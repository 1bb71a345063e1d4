"""A person's seats in stakeholder forums, for "download my data" and "delete my account" (the
registry is ``accounts.personal_data``)."""

from accounts.personal_data import register
from stakeholders.models import ForumMember, MeetingAttendance


def _export_forum_seats(user) -> list[dict]:
    seats = ForumMember.objects.filter(user=user).select_related("plan", "organisation").order_by("since")
    return [
        {
            "plan": seat.plan.title_nl,
            "sector": seat.sector,
            "organisation": seat.organisation.name if seat.organisation else None,
            "since": seat.since,
            "until": seat.until,
            "name_may_be_shown": seat.consent_to_show_name,
        }
        for seat in seats
    ]


def _export_meeting_attendance(user) -> list[dict]:
    rows = MeetingAttendance.objects.filter(member__user=user).select_related("meeting").order_by("meeting__starts_at")
    return [
        {"meeting": row.meeting.title_nl, "starts_at": row.meeting.starts_at, "present": row.present} for row in rows
    ]


def _erase_meeting_attendance(user) -> None:
    MeetingAttendance.objects.filter(member__user=user).delete()


def _erase_forum_seats(user) -> None:
    ForumMember.objects.filter(user=user).delete()


register("forum_seats", export=_export_forum_seats, erase=_erase_forum_seats)
register("forum_meeting_attendance", export=_export_meeting_attendance, erase=_erase_meeting_attendance)
