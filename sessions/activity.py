"""The sessions' section of "my activity" (see accounts/activity.py)."""

from django.utils.translation import gettext_lazy as _

from accounts.activity import register
from sessions.selectors import registrations_of


def _my_sessions(user) -> dict:
    return {"registrations": registrations_of(user)}


register("sessions", title=_("My co-creation sessions"), template="sessions/_activity.html", context=_my_sessions)
