"""Reads for the session pages, each a fixed number of queries whatever the number of sessions."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q

from core import clock
from ideas.models import Idea
from sessions.models import Registration, Session, SessionInvitation


@dataclass
class SessionList:
    upcoming: list[Session]
    past: list[Session]


def session_list(*, include_drafts: bool = False, plan=None) -> SessionList:
    """Upcoming sessions first (soonest on top), past ones apart (latest on top). Two queries."""
    sessions = Session.objects.with_counts().select_related("plan", "report").prefetch_related("themes")
    if not include_drafts:
        sessions = sessions.public()
    if plan is not None:
        sessions = sessions.filter(plan=plan)
    now = clock.now()
    sessions = list(sessions.order_by("starts_at", "pk"))
    upcoming = [s for s in sessions if s.ends_at > now]
    past = [s for s in sessions if s.ends_at <= now]
    past.reverse()
    return SessionList(upcoming=upcoming, past=past)


def session_detail(*, slug: str) -> Session:
    return (
        Session.objects.with_counts()
        .select_related("plan", "report")
        .prefetch_related("themes", "report__attachments")
        .get(slug=slug)
    )


def attendance_by_kind(session: Session) -> list[tuple[str, int]]:
    """(kind label, number of people checked in), largest group first."""
    kinds = dict(Registration.ORGANISATION_KINDS)
    rows = (
        Registration.objects.filter(session=session, status=Registration.Status.CONFIRMED, checked_in_at__isnull=False)
        .values("organisation_kind")
        .annotate(n=Count("pk"))
    )
    counts = Counter({row["organisation_kind"]: row["n"] for row in rows})
    return [(str(kinds.get(kind, kind)), n) for kind, n in counts.most_common()]


def dashboard_rows(*, plan=None) -> list[Session]:
    """Every session with its sign-ups, waitlist, attendance, invitations and outcomes: one query."""
    sessions = Session.objects.with_counts().select_related("plan")
    if plan is not None:
        sessions = sessions.filter(plan=plan)
    sessions = sessions.annotate(
        cancelled_count=Count("registrations", filter=Q(registrations__status="cancelled"), distinct=True),
        invitation_count=Count("invitations", distinct=True),
        outcome_count=Count("contributions", distinct=True),
    )
    return list(sessions.order_by("-starts_at", "pk"))


def participants(session: Session):
    """Registrations of a session, confirmed first then the waitlist in order, then cancelled."""
    order = {Registration.Status.CONFIRMED: 0, Registration.Status.WAITLISTED: 1, Registration.Status.CANCELLED: 2}
    rows = list(Registration.objects.filter(session=session).select_related("person").order_by("arrival"))
    rows.sort(key=lambda r: (order[r.status], r.arrival))
    position = 0
    for row in rows:
        if row.status == Registration.Status.WAITLISTED:
            position += 1
            row.position = position
        else:
            row.position = None
    return rows


def session_outcomes(session: Session):
    return (
        Idea.objects.filter(session=session, channel=Idea.Channel.SESSION)
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    )


def invitation_count(session: Session) -> int:
    return SessionInvitation.objects.filter(session=session).count()


def registrations_for(user, sessions) -> dict[int, Registration]:
    """The signed-in person's registrations for these sessions, by session id (one query)."""
    if not user.is_authenticated:
        return {}
    rows = Registration.objects.filter(person=user, session__in=[s.pk for s in sessions])
    return {r.session_id: r for r in rows}


def sessions_open_for_signup(*, limit: int = 5) -> list[Session]:
    """Sessions of public plans that still take sign-ups (not cancelled, before the deadline and
    the start), soonest first, with their seat counts: one query. A full session is listed too:
    signing up puts one on its waitlist."""
    now = clock.now()
    sessions = (
        Session.objects.public()
        .with_counts()
        .select_related("plan")
        .filter(status=Session.Status.SCHEDULED, registration_deadline__gt=now, starts_at__gt=now)
        .order_by("starts_at", "pk")
    )
    return list(sessions[:limit])


def registrations_of(user) -> list[Registration]:
    """The person's active registrations for sessions still to come (or under way), soonest
    first, with their session and plan: one query (none for an anonymous visitor)."""
    if not user.is_authenticated:
        return []
    rows = (
        Registration.objects.filter(person=user, session__ends_at__gt=clock.now())
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("session", "session__plan")
        .order_by("session__starts_at", "pk")
    )
    return list(rows)
