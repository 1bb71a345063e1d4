"""iCalendar files: one per session, and a feed of all sessions of a plan.

Every event links to the session's page. Only a confirmed participant's own file carries the
online meeting link: the public file and the feed never do.
"""

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar, Event, vText

from core.i18n import localized_value

PRODID = "-//Open Overheid//Co-creation sessions//NL"


def _domain() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"


def _event(session, *, with_online_link: bool) -> Event:
    page = settings.SITE_URL + session.get_absolute_url()
    event = Event()
    # Forum meetings (stakeholders) use these files too, with their own UID.
    uid = getattr(session, "calendar_uid", None) or f"session-{session.pk}"
    event.add("uid", f"{uid}@{_domain()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    # A moved session must replace the event in people's calendars: SEQUENCE goes up with each save.
    event.add("sequence", int(session.updated_at.timestamp()) if session.updated_at else 0)
    event.add("summary", session.title)
    lines = [session.description.strip()] if session.description.strip() else []
    if session.is_online:
        event.add("location", "Online")
        if with_online_link and session.online_url:
            lines.append(f"{translation.gettext('Meeting link')}: {session.online_url}")
            event.add("conference", session.online_url, parameters={"value": "URI"})
    else:
        location = ", ".join(part for part in (session.venue, session.address) if part)
        if location:
            event.add("location", location)
    lines.append(f"{getattr(session, 'calendar_page_label', None) or translation.gettext('Session page')}: {page}")
    event.add("description", "\n\n".join(lines))
    event.add("url", page)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    return event


def calendar_bytes(sessions: Iterable, *, name: str = "", with_online_link: bool = False) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        # An X- property has no known type, so icalendar would write the value as it is: a comma,
        # semicolon or backslash in a title would then break the line for strict readers. As TEXT
        # it is escaped like SUMMARY.
        cal.add("x-wr-calname", vText(name))
    for session in sessions:
        cal.add_component(_event(session, with_online_link=with_online_link))
    return cal.to_ical()


def session_calendar(session, *, with_online_link: bool = False) -> bytes:
    return calendar_bytes([session], name=session.title, with_online_link=with_online_link)


def plan_calendar(plan, sessions) -> bytes:
    return calendar_bytes(sessions, name=localized_value(plan, "title"))


def filename(session) -> str:
    return f"{session.slug}.ics"
