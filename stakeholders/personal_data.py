"""A person's seats in stakeholder forums, for "download my data" and "delete my account" (the
registry is ``accounts.personal_data``)."""

from accounts.personal_data import register
from stakeholders.models import ForumMember


def _export_forum_seats(user) -> list[dict]:
    seats = ForumMember.objects.filter(user=user).select_related("plan", "organisation").order_by("since")
    return [
        {
            "plan": seat.plan.title_nl,
            "sector": seat.sector,
            "organisation": seat.organisation.name if seat.organisation else None,
            "since": seat.since,
            "until": seat.until,
        }
        for seat in seats
    ]


def _erase_forum_seats(user) -> None:
    ForumMember.objects.filter(user=user).delete()


register("forum_seats", export=_export_forum_seats, erase=_erase_forum_seats)
