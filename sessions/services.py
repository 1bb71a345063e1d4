"""State changes of co-creation sessions: registration with capacity and waitlist, cancellation
and promotion, changes to a session, invitations, attendance, the report and the outcomes.

Every change that counts seats locks the session row first (``select_for_update``), so two people
registering for the last seat at the same moment are served one after the other: one gets the
seat, the other the waitlist. Emails are written into the outbox inside the same transaction.
"""

import base64
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from core.files import file_delete_on_commit
from core.formdata import assign, many_set
from ideas.models import Idea
from ideas.services import idea_enter_on_behalf
from notifications.models import Preferences
from notifications.services import Outgoing, messages_enqueue
from plans import forum
from sessions import ical
from sessions.models import (
    Registration,
    Session,
    SessionAttachment,
    SessionInvitation,
    SessionReport,
    SignupState,
)

CANCEL_SALT = "cocreation.registration.cancel"
# A cancel link works for this long after it was sent, and never after the session has started.
CANCEL_LINK_MAX_AGE = datetime.timedelta(days=120)


class SessionError(Exception):
    """A rule of the session refuses the change; the message is for the person."""


class AlreadyRegistered(SessionError):
    def __init__(self, registration: Registration):
        self.registration = registration
        if registration.status == Registration.Status.WAITLISTED:
            message = _("You are already on the waitlist for this session.")
        else:
            message = _("You are already registered for this session.")
        super().__init__(message)


class RegistrationClosed(SessionError):
    pass


class CapacityTooLow(SessionError):
    pass


class CancelLinkInvalid(SessionError):
    pass


class CancelLinkExpired(SessionError):
    pass


# --- Registration -------------------------------------------------------------------------------


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        session_id=registration.session_id, status=Registration.Status.WAITLISTED, arrival__lt=registration.arrival
    ).count()
    return ahead + 1


def closed_reason(session: Session, now=None) -> str:
    """Why one cannot sign up, as a sentence; empty while registration is open. Follows
    ``Session.signup_state``, the one place that decides the state."""
    state = session.signup_state(now or clock.now())
    if state.kind == SignupState.CANCELLED:
        return _("This session has been cancelled.")
    if state.kind == SignupState.PAST:
        return _("This session has taken place.")
    return "" if state.is_open else state.label


@transaction.atomic
def registration_create(
    *,
    session: Session,
    person: User,
    organisation_name: str = "",
    organisation_kind: str = Registration.INDIVIDUAL,
    accessibility_needs: str = "",
    dietary_wishes: str = "",
) -> Registration:
    """Register a person: a seat while there is one, else a place on the waitlist."""
    # Serialise seat counting: everyone registering for this session waits here in turn, so the
    # count below cannot be stale and the arrival numbers follow the order of service.
    session = Session.objects.select_for_update().select_related("plan").get(pk=session.pk)
    now = clock.now()
    if not session.registration_open(now):
        raise RegistrationClosed(closed_reason(session, now))
    existing = Registration.objects.filter(session=session, person=person).first()
    if existing is not None and existing.is_active:
        raise AlreadyRegistered(existing)
    confirmed = Registration.objects.filter(session=session, status=Registration.Status.CONFIRMED).count()
    last = Registration.objects.filter(session=session).aggregate(last=Max("arrival"))["last"] or 0
    status = Registration.Status.CONFIRMED if confirmed < session.capacity else Registration.Status.WAITLISTED
    values = {
        "status": status,
        "arrival": last + 1,
        "organisation_name": organisation_name,
        "organisation_kind": organisation_kind or Registration.INDIVIDUAL,
        "accessibility_needs": accessibility_needs,
        "dietary_wishes": dietary_wishes,
        "registered_at": timezone.now(),
        "confirmed_at": timezone.now() if status == Registration.Status.CONFIRMED else None,
        "cancelled_at": None,
        "checked_in_at": None,
        "checked_in_by": None,
    }
    if existing is not None:  # registering again after cancelling: same row, back of the queue
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        registration = existing
    else:
        registration = Registration.objects.create(session=session, person=person, **values)
    registration.session = session
    messages_enqueue([_registered_message(registration)])
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration) -> list[Registration]:
    """Cancel a registration; a freed seat goes to the first on the waitlist, who is told.
    Returns the people promoted (none when the registration was already cancelled)."""
    session = Session.objects.select_for_update().select_related("plan").get(pk=registration.session_id)
    # Read again under the session lock: a second cancel of the same registration (a double click,
    # the link and the site at once) finds it cancelled and promotes nobody.
    current = Registration.objects.get(pk=registration.pk)
    if current.status == Registration.Status.CANCELLED:
        return []
    if session.has_started():
        raise SessionError(_("The session has started; your registration can no longer be cancelled here."))
    was_confirmed = current.status == Registration.Status.CONFIRMED
    current.status = Registration.Status.CANCELLED
    current.cancelled_at = timezone.now()
    current.save(update_fields=["status", "cancelled_at"])
    registration.status, registration.cancelled_at = current.status, current.cancelled_at
    return _fill_seats(session) if was_confirmed else []


def _fill_seats(session: Session, exclude: Registration | None = None) -> list[Registration]:
    """Promote the first people on the waitlist into free seats. The caller holds the lock."""
    if session.is_cancelled or session.has_started():
        return []
    confirmed = Registration.objects.filter(session=session, status=Registration.Status.CONFIRMED).count()
    free = session.capacity - confirmed
    if free <= 0:
        return []
    waiting = Registration.objects.filter(session=session, status=Registration.Status.WAITLISTED)
    if exclude is not None:
        waiting = waiting.exclude(pk=exclude.pk)
    promoted = list(waiting.select_related("person").order_by("arrival")[:free])
    now = timezone.now()
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.session = session
    # Registrations are not on the cached pages (core/pagecache.py): no invalidate() needed.
    Registration.objects.bulk_update(promoted, ["status", "confirmed_at"])
    messages_enqueue([_promoted_message(r) for r in promoted])
    return promoted


# --- Staff moving registrations ------------------------------------------------------------------


class SessionFull(SessionError):
    pass


def _lock_for_staff(registration: Registration) -> tuple[Session, Registration]:
    """Lock the session row (as ``registration_create`` does, so seat counts cannot go stale) and
    read the registration again under the lock."""
    session = Session.objects.select_for_update().select_related("plan").get(pk=registration.session_id)
    current = Registration.objects.select_related("person").get(pk=registration.pk)
    current.session = session
    if session.is_cancelled:
        raise SessionError(_("This session has been cancelled."))
    if session.has_started():
        raise SessionError(_("The session has started; registrations can no longer be changed here."))
    return session, current


def _back_of_the_queue(session: Session) -> int:
    return (Registration.objects.filter(session=session).aggregate(last=Max("arrival"))["last"] or 0) + 1


def _confirmed_count(session: Session) -> int:
    return Registration.objects.filter(session=session, status=Registration.Status.CONFIRMED).count()


@transaction.atomic
def registration_promote(*, registration: Registration, by: User) -> Registration:
    """Staff give a waitlisted person a seat. Only into a free seat: overbooking is refused, so the
    number of seats stays what the venue holds. To seat someone in a full session, staff move a
    confirmed person to the waitlist and give that seat to this person (``registration_demote``)."""
    session, current = _lock_for_staff(registration)
    if current.status != Registration.Status.WAITLISTED:
        raise SessionError(_("Only someone on the waitlist can be given a seat."))
    if _confirmed_count(session) >= session.capacity:
        raise SessionFull(
            _(
                "All %(capacity)d seats are taken, so nobody can be given a seat. Move a confirmed participant "
                "to the waitlist and give their seat to this person, or raise the number of seats."
            )
            % {"capacity": session.capacity}
        )
    _confirm(current)
    messages_enqueue([_promoted_message(current)])
    return current


def _confirm(registration: Registration) -> None:
    registration.status = Registration.Status.CONFIRMED
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["status", "confirmed_at"])


@transaction.atomic
def registration_demote(
    *, registration: Registration, by: User, seat_to: Registration | None = None
) -> list[Registration]:
    """Staff move a confirmed person to the end of the waitlist. The seat does not stay empty: it
    goes to ``seat_to`` (someone on the waitlist staff chose) or else to the first on the waitlist,
    never back to the person just moved. Everyone concerned is emailed. Returns who got a seat."""
    session, current = _lock_for_staff(registration)
    if current.status != Registration.Status.CONFIRMED:
        raise SessionError(_("Only a confirmed participant can be moved to the waitlist."))
    chosen = None
    if seat_to is not None:
        chosen = Registration.objects.select_related("person").filter(pk=seat_to.pk, session=session).first()
        if chosen is None or chosen.status != Registration.Status.WAITLISTED or chosen.pk == current.pk:
            raise SessionError(_("The seat can only go to someone on the waitlist of this session."))
    # The end of the queue: a new arrival number, as when registering again, so the person does
    # not take the freed seat straight back and a later promotion gets a fresh email key.
    current.status = Registration.Status.WAITLISTED
    current.arrival = _back_of_the_queue(session)
    current.confirmed_at = None
    current.checked_in_at, current.checked_in_by = None, None
    current.save(update_fields=["status", "arrival", "confirmed_at", "checked_in_at", "checked_in_by"])
    promoted = []
    if chosen is not None:
        chosen.session = session
        _confirm(chosen)
        messages_enqueue([_promoted_message(chosen)])
        promoted = [chosen]
    promoted += _fill_seats(session, exclude=current)
    messages_enqueue([_waitlisted_message(current)])
    return promoted


@transaction.atomic
def registration_cancel_for(*, registration: Registration, by: User) -> list[Registration]:
    """Staff cancel someone's registration on their behalf. As when they cancel themselves, a freed
    seat goes to the first on the waitlist, who is told; the person is told too, since they did not
    do it themselves. Returns who got a seat."""
    session, current = _lock_for_staff(registration)
    if current.status == Registration.Status.CANCELLED:
        return []
    was_confirmed = current.status == Registration.Status.CONFIRMED
    current.status = Registration.Status.CANCELLED
    current.cancelled_at = timezone.now()
    current.save(update_fields=["status", "cancelled_at"])
    messages_enqueue(
        [
            _message(
                current,
                kind="session-registration-cancelled",
                template="sessions/email/session_registration_cancelled",
                key=f"session-registration-cancelled:{current.pk}:{current.arrival}",
            )
        ]
    )
    return _fill_seats(session) if was_confirmed else []


def cancel_token(registration: Registration) -> str:
    # The arrival number changes when someone registers again, so an old link cannot cancel the
    # new registration.
    return signing.dumps({"r": registration.pk, "a": registration.arrival}, salt=CANCEL_SALT)


def cancel_url(registration: Registration) -> str:
    return settings.SITE_URL + reverse("sessions:cancel_link", args=[cancel_token(registration)])


def registration_from_token(token: str) -> Registration:
    """The registration a cancel link is for; raises CancelLinkExpired or CancelLinkInvalid."""
    try:
        data = signing.loads(token, salt=CANCEL_SALT, max_age=CANCEL_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise CancelLinkExpired(_("This cancel link has expired.")) from error
    except signing.BadSignature as error:
        raise CancelLinkInvalid(_("This cancel link is not valid.")) from error
    if not isinstance(data, dict):
        raise CancelLinkInvalid(_("This cancel link is not valid."))
    registration = (
        Registration.objects.select_related("session__plan", "person")
        .filter(pk=data.get("r"), arrival=data.get("a"))
        .first()
    )
    if registration is None:
        raise CancelLinkInvalid(_("This cancel link is not valid."))
    return registration


# --- Changing and cancelling a session -----------------------------------------------------------

# Changing any of these tells everyone registered.
PRACTICAL_FIELDS = ("starts_at", "ends_at", "mode", "venue", "address", "online_url")


@transaction.atomic
def session_save(*, session: Session | None, data: dict) -> Session:
    """Save a session (``data``: its fields, ``themes`` as the themes). A changed time or place is
    sent to everyone registered; extra seats go to the waitlist."""
    changed = []
    if session is not None and session.pk:
        # The values are written onto the locked row, so fields that are not in ``data`` (the
        # status, a cancellation) are never taken from an older copy.
        session = Session.objects.select_for_update().get(pk=session.pk)
        confirmed = Registration.objects.filter(session=session, status=Registration.Status.CONFIRMED).count()
        capacity = data.get("capacity", session.capacity)
        if capacity < confirmed:  # checked again under the lock: the form's count may be stale
            raise CapacityTooLow(
                _("%(count)d people are already confirmed; the number of seats cannot be lower.") % {"count": confirmed}
            )
        changed = [f for f in PRACTICAL_FIELDS if f in data and getattr(session, f) != data[f]]
    else:
        session = Session()
    _changed, many = assign(session, data)
    session.save()
    many_set(session, many)
    session = Session.objects.select_related("plan").get(pk=session.pk)
    if changed:
        registrations = _active_registrations(session)
        stamp = int(session.updated_at.timestamp())
        messages_enqueue(
            _message(
                r, kind="session-changed", template="sessions/email/session_changed", key=f"session-changed:{r.pk}:{stamp}",
                attach_calendar=r.status == Registration.Status.CONFIRMED,
            )
            for r in registrations
        )  # fmt: skip
    _fill_seats(session)
    return session


@transaction.atomic
def session_cancel(*, session: Session, note: str = "") -> int:
    """Cancel a session: registration closes and everyone registered is told. Returns how many."""
    session = Session.objects.select_for_update().select_related("plan").get(pk=session.pk)
    if session.is_cancelled:
        return 0
    session.status = Session.Status.CANCELLED
    session.cancellation_note = note
    session.save(update_fields=["status", "cancellation_note", "updated_at"])
    registrations = _active_registrations(session)
    messages_enqueue(
        _message(
            r, kind="session-cancelled", template="sessions/email/session_cancelled", key=f"session-cancelled:{r.pk}"
        )
        for r in registrations
    )
    return len(registrations)


def _active_registrations(session: Session) -> list[Registration]:
    registrations = list(
        Registration.objects.filter(session=session)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("person")
    )
    for registration in registrations:
        registration.session = session
    return registrations


# --- Emails ---------------------------------------------------------------------------------------


def _calendar_attachment(registration: Registration) -> dict:
    with translation.override(registration.person.language):
        content = ical.session_calendar(registration.session, with_online_link=True)
    return {
        "filename": ical.filename(registration.session),
        "mimetype": "text/calendar",
        "content": base64.b64encode(content).decode(),
    }


def _message(registration: Registration, *, kind, template, key, attach_calendar=False, context=None) -> Outgoing:
    session = registration.session
    return Outgoing(
        key=key,
        kind=kind,
        to_email=registration.person.email,
        template=template,
        recipient=registration.person,
        plan=session.plan,
        context={
            "session": session,
            "registration": registration,
            "session_url": settings.SITE_URL + session.get_absolute_url(),
            "cancel_url": cancel_url(registration),
            **(context or {}),
        },
        attachments=[_calendar_attachment(registration)] if attach_calendar else [],
    )


def _registered_message(registration: Registration) -> Outgoing:
    confirmed = registration.status == Registration.Status.CONFIRMED
    return _message(
        registration,
        kind="session-registered",
        template="sessions/email/session_registered",
        key=f"session-registered:{registration.pk}:{registration.arrival}",
        attach_calendar=confirmed,
        context={"position": waitlist_position(registration)},
    )


def _promoted_message(registration: Registration) -> Outgoing:
    return _message(
        registration,
        kind="session-promoted",
        template="sessions/email/session_promoted",
        key=f"session-promoted:{registration.pk}:{registration.arrival}",
        attach_calendar=True,
    )


def _waitlisted_message(registration: Registration) -> Outgoing:
    return _message(
        registration,
        kind="session-waitlisted",
        template="sessions/email/session_waitlisted",
        key=f"session-waitlisted:{registration.pk}:{registration.arrival}",
        context={"position": waitlist_position(registration)},
    )


def reminder_message(registration: Registration, days: int, *, today: datetime.date) -> Outgoing:
    """The reminder configured ``days`` before the session, sent on ``today``. The key names the
    configured reminder (so each goes out once), the text the days really left: a reminder that
    goes out late, after downtime, must not say "in 7 days" for a session the day after tomorrow."""
    session = registration.session
    day = clock.localdate(session.starts_at)
    return _message(
        registration,
        kind="session-reminder",
        template="sessions/email/session_reminder",
        # The day is in the key: a session moved to another day gets its reminders again.
        key=f"session-reminder:{registration.pk}:{days}:{day.isoformat()}",
        attach_calendar=True,
        context={"days": (day - today).days},
    )


# --- Invitations ----------------------------------------------------------------------------------


@dataclass
class InvitationResult:
    people: int  # people who got an invitation now
    invitations: int  # invitation rows written (one per person and session)
    already: int  # (person, session) pairs skipped because they were invited before


def invitation_recipients(*, sessions, group: str, theme=None, addresses=()) -> list[tuple[str, User | None]]:
    """(email, account or None) for everyone in the group, each address once."""
    plans = {s.plan_id for s in sessions}
    today = clock.today()
    users = User.objects.none()
    if group == SessionInvitation.Group.FORUM:
        seats = forum.current_seats(on=today).filter(plan_id__in=plans)
        users = User.objects.filter(forum_seats__in=seats)
    elif group == SessionInvitation.Group.ACTION_HOLDERS:
        users = User.objects.filter(memberships__organisation__action_holder_of__in=plans)
    elif group == SessionInvitation.Group.THEME and theme is not None:
        users = User.objects.filter(pk__in=Preferences.objects.filter(themes=theme).values("user_id"))
    recipients: dict[str, User | None] = {}
    for user in users.filter(is_active=True).distinct().order_by("pk"):
        recipients.setdefault(user.email.lower(), user)
    if group == SessionInvitation.Group.ADDRESSES:
        lowered = [a.strip().lower() for a in addresses if a.strip()]
        accounts = {u.email.lower(): u for u in User.objects.filter(email__in=lowered, is_active=True)}
        # Case differences: match the remaining addresses one by one (pasted lists are short).
        for address in lowered:
            if address not in accounts:
                match = User.objects.filter(email__iexact=address, is_active=True).first()
                if match:
                    accounts[address] = match
        for address in lowered:
            recipients.setdefault(address, accounts.get(address))
    return list(recipients.items())


@transaction.atomic
def invitations_send(*, sessions, group: str, invited_by: User, theme=None, addresses=()) -> InvitationResult:
    """Invite a group to one or more sessions. Each person is invited once per session: sessions
    they were invited to before are left out of their email, and nobody gets an empty one."""
    sessions = list(Session.objects.select_related("plan").filter(pk__in=[s.pk for s in sessions]))
    recipients = invitation_recipients(sessions=sessions, group=group, theme=theme, addresses=addresses)
    done = set()
    for session_id, email in SessionInvitation.objects.filter(session__in=sessions).values_list("session_id", "email"):
        done.add((session_id, email.lower()))
    rows, per_person, already = [], {}, 0
    for email, user in recipients:
        new = [s for s in sessions if (s.pk, email) not in done]
        already += len(sessions) - len(new)
        if not new:
            continue
        person_rows = [
            SessionInvitation(session=s, email=email, person=user, group=group, invited_by=invited_by) for s in new
        ]
        rows += person_rows
        per_person[email] = (user, new, person_rows)
    SessionInvitation.objects.bulk_create(rows, batch_size=500)
    items = []
    for email, (user, new, person_rows) in per_person.items():
        items.append(
            Outgoing(
                # The first invitation row of this email: a new key for each new set of sessions.
                key=f"session-invitation:{person_rows[0].pk}",
                kind="session-invitation",
                to_email=user.email if user else email,
                template="sessions/email/session_invitation",
                recipient=user,
                topic="invitations",
                plan=new[0].plan,
                # An invitation is about a date: it is not held back for the weekly digest.
                hold_for_digest=False,
                context={
                    "sessions": new,
                    "session_urls": [(s, settings.SITE_URL + s.get_absolute_url()) for s in new],
                },
            )
        )
    messages_enqueue(items)
    return InvitationResult(people=len(per_person), invitations=len(rows), already=already)


# --- On the day and after -------------------------------------------------------------------------


@transaction.atomic
def attendance_set(*, registration: Registration, present: bool, by: User) -> Registration:
    if registration.status != Registration.Status.CONFIRMED:
        raise SessionError(_("Only confirmed participants can be checked in."))
    registration.checked_in_at = timezone.now() if present else None
    registration.checked_in_by = by if present else None
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return registration


@transaction.atomic
def report_save(*, session: Session, summary: str, publish: bool, new_files=(), remove_ids=()) -> SessionReport:
    """Save the report with its attachments; ``new_files`` are (uploaded file, description)."""
    report, _created = SessionReport.objects.select_for_update().get_or_create(
        session=session, defaults={"summary": summary}
    )
    report.summary = summary
    if publish and not report.published_at:
        report.published_at = timezone.now()
    elif not publish:
        report.published_at = None
    report.save()
    for attachment in SessionAttachment.objects.filter(report=report, pk__in=list(remove_ids)):
        attachment.delete()
        file_delete_on_commit(attachment.file)
    for upload, title in new_files:
        SessionAttachment.objects.create(report=report, file=upload, title=title)
    return report


def outcome_create(
    *, session: Session, entered_by: User, kind: str, title: str, text: str, themes, submitter_name: str = ""
) -> Idea:
    """An outcome of the session, entered by staff as a contribution. It goes through the same
    service as any contribution staff enter on someone's behalf (with its moderation log row):
    it starts in the moderation queue and gets a reasoned response like input made online."""
    return idea_enter_on_behalf(
        staff=entered_by, plan=session.plan, kind=kind, title=title, text=text, themes=themes,
        channel=Idea.Channel.SESSION, session=session, submitter_name=submitter_name, show_name=bool(submitter_name),
    )  # fmt: skip
