"""A person's registrations for co-creation sessions and the invitations sent to them, for
"download my data" and "delete my account" (the registry is ``accounts.personal_data``)."""

import contextlib

from django.db.models import Q

from accounts.personal_data import address_q, register
from sessions.models import Registration, SessionInvitation
from sessions.services import SessionError, registration_cancel


def _export_registrations(user) -> list[dict]:
    registrations = Registration.objects.filter(person=user).select_related("session").order_by("registered_at")
    return [
        {
            "session": r.session.title,
            "starts_at": r.session.starts_at,
            "status": r.status,
            "organisation": r.organisation_name,
            "taking_part_as": r.organisation_kind,
            "accessibility_needs": r.accessibility_needs,
            "dietary_wishes": r.dietary_wishes,
            "registered_at": r.registered_at,
            "confirmed_at": r.confirmed_at,
            "cancelled_at": r.cancelled_at,
            "checked_in_at": r.checked_in_at,
        }
        for r in registrations
    ]


def _erase_registrations(user) -> None:
    """A seat in a session still to come is cancelled as the person would cancel it, so the first
    on the waitlist gets it and is told; then every registration of the person goes."""
    active = (
        Registration.objects.filter(person=user)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("session")
        .order_by("session_id")
    )
    for registration in active:
        if registration.session.has_started():
            continue  # nothing to hand on: the session has begun or taken place
        # It may start between the check and the lock: its savepoint rolls back, nothing to hand on.
        with contextlib.suppress(SessionError):
            registration_cancel(registration=registration)
    Registration.objects.filter(person=user).delete()


def _theirs(user) -> Q:
    return Q(person=user) | address_q("email", user)


def _export_invitations(user) -> list[dict]:
    invitations = SessionInvitation.objects.filter(_theirs(user)).select_related("session").order_by("created_at")
    return [
        {"session": i.session.title, "email": i.email, "invited_as": i.group, "at": i.created_at} for i in invitations
    ]


def _erase_invitations(user) -> None:
    SessionInvitation.objects.filter(_theirs(user)).delete()


register("registrations", export=_export_registrations, erase=_erase_registrations)
register("session_invitations", export=_export_invitations, erase=_erase_invitations)
