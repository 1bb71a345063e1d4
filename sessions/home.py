"""The sessions' part of the home page (see plans/home.py): the action during the sessions
phase, and the sessions open for sign-up under "Coming up"."""

from django.utils.translation import gettext_lazy as _

from plans.home import register_action, register_section
from plans.models import Phase
from sessions import selectors


def _open_sessions(*, request, plan) -> dict:
    sessions = selectors.sessions_open_for_signup()
    mine = selectors.registrations_for(request.user, sessions) if sessions else {}
    for session in sessions:
        session.my_registration = mine.get(session.pk)
    return {"sessions": sessions}


register_action(Phase.Kind.SESSIONS, _("Sign up for a co-creation session"), "sessions:list", order=10)
register_section(
    "sessions",
    title=_("Co-creation sessions open for sign-up"),
    template="sessions/_home_open.html",
    context=_open_sessions,
    order=10,
)
