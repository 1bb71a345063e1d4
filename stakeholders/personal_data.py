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


def _export_reviews(user) -> dict:
    from stakeholders.models import Remark, Review

    reviews = Review.objects.filter(reviewer=user).select_related("item__round", "item__commitment")
    remarks = Remark.objects.filter(author=user).select_related("item__round", "item__commitment")
    return {
        "reviews": [
            {
                "round": r.item.round.title,
                "commitment": r.item.commitment.identifier,
                "scores": r.scores,
                "submitted_at": r.submitted_at,
            }
            for r in reviews.order_by("submitted_at")
        ],
        "remarks": [
            {
                "round": r.item.round.title,
                "commitment": r.item.commitment.identifier,
                "text": r.text,
                "public_consultation": r.is_public,
                "moderation": r.moderation,
                "answer": r.answer,
                "reason": r.reason,
                "created_at": r.created_at,
            }
            for r in remarks.order_by("created_at")
        ],
    }


def _erase_reviews(user) -> None:
    from stakeholders.models import Remark

    # Comments of the public consultation that were never published go; forum remarks and
    # published comments stay in the decision log without their author (on_delete=SET_NULL).
    Remark.objects.filter(author=user).exclude(moderation=Remark.Moderation.APPROVED).delete()


register("forum_reviews", export=_export_reviews, erase=_erase_reviews)
