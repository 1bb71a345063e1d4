"""Changes to the forum: seats, terms of reference, meetings with their documents, invitations,
reminders, attendance and minutes; and review rounds: open (the commitments' ``start_review``
step), review, remarks, answers, public comments and closing. Messages go through the outbox with
idempotency keys, in the transaction of the change."""

import base64
import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import PROCESS_OWNERS
from commitments.models import Commitment, Milestone
from commitments.services import commitment_transition
from core import clock
from notifications.services import Outgoing, messages_enqueue
from sessions import ical
from stakeholders.models import (
    CRITERION_KEYS,
    SCORE_MAX,
    SCORE_MIN,
    ForumMember,
    ForumTerms,
    Meeting,
    MeetingAttendance,
    MeetingDocument,
    Remark,
    RemarkReport,
    Review,
    ReviewRound,
    RoundCommitment,
)
from stakeholders.selectors import assigned_to, current_seat, current_seats

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


# --- Review rounds ---


def _url(path: str) -> str:
    return settings.SITE_URL + path


def review_message(*, key, kind, user, template, review_round, context=None) -> Outgoing:
    return Outgoing(
        key=key,
        kind=kind,
        to_email=user.email,
        template=f"stakeholders/email/{template}",
        recipient=user,
        plan=review_round.plan,
        context={"round": review_round, "round_url": _url(review_round.get_absolute_url()), **(context or {})},
    )


def _reviewers(item: RoundCommitment, today) -> list[ForumMember]:
    chosen = list(item.reviewers.all())
    seats = list(current_seats(item.round.plan, today).select_related("user"))
    return [s for s in seats if not chosen or s in chosen]


@transaction.atomic
def round_open(
    *,
    plan,
    title: str,
    deadline: datetime.date,
    commitments: list[Commitment],
    actor,
    criteria: list[str] | None = None,
    reviewers: dict[int, list[ForumMember]] | None = None,
    public_consultation: bool = False,
) -> ReviewRound:
    """Open a round: every chosen commitment takes the ``start_review`` step (so a commitment that
    is not ready refuses the whole round), the version under review is recorded, and the
    reviewers are invited. ``reviewers`` maps a commitment's pk to chosen seats; absent: the whole forum."""
    today = clock.today()
    if deadline <= today:
        raise ValidationError({"deadline": _("The deadline must be after today.")})
    review_round = ReviewRound.objects.create(
        plan=plan,
        title=title,
        opens_on=today,
        deadline=deadline,
        criteria=list(criteria or CRITERION_KEYS),
        public_consultation=public_consultation,
        opened_by=actor,
    )
    invited: dict[int, ForumMember] = {}
    for commitment in commitments:
        current = commitment_transition(commitment=commitment, name="start_review", actor=actor)
        item = RoundCommitment.objects.create(
            round=review_round, commitment=current, reviewed_version=current.versions.order_by("-number").first()
        )
        chosen = (reviewers or {}).get(commitment.pk) or []
        if chosen:
            item.reviewers.set(chosen)
        for seat in _reviewers(item, today):
            invited[seat.user_id] = seat
    messages_enqueue(
        review_message(
            key=f"review-invitation-{review_round.pk}-{seat.user_id}",
            kind="review-invitation",
            user=seat.user,
            template="review_invitation",
            review_round=review_round,
        )
        for seat in invited.values()
    )
    return review_round


def _scores_clean(criteria: list[str], scores: dict) -> dict:
    errors, clean = {}, {}
    for key in criteria:
        value = scores.get(key) or {}
        try:
            score = int(value.get("score"))
        except (TypeError, ValueError):
            score = None
        if score is None or not SCORE_MIN <= score <= SCORE_MAX:
            errors[f"score_{key}"] = _("Give a score from %(min)s to %(max)s.") % {"min": SCORE_MIN, "max": SCORE_MAX}
            continue
        clean[key] = {"score": score, "explanation": (value.get("explanation") or "").strip()}
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def review_submit(*, item: RoundCommitment, reviewer, scores: dict, remarks: list[dict]) -> Review:
    """A forum member's scores and remarks (``{"text", "field", "milestone"}``) for one commitment.
    Refused after the deadline, without a current seat, or a second time."""
    review_round = ReviewRound.objects.select_for_update().get(pk=item.round_id)
    today = clock.today()
    if review_round.is_closed(today):
        raise ValidationError(_("This round is closed: reviews can no longer be submitted."))
    seat = current_seat(reviewer, review_round.plan, today)
    if not assigned_to(item, seat):
        raise ValidationError(_("You are not a reviewer of this commitment."))
    clean = _scores_clean(review_round.criteria, scores)
    try:
        with transaction.atomic():
            review = Review.objects.create(item=item, reviewer=reviewer, seat=seat, scores=clean)
    except IntegrityError:
        raise ValidationError(_("You have already reviewed this commitment in this round.")) from None
    milestones = {m.pk: m for m in Milestone.objects.filter(commitment_id=item.commitment_id)}
    for remark in remarks:
        text = (remark.get("text") or "").strip()
        if not text:
            continue
        Remark.objects.create(
            item=item,
            review=review,
            author=reviewer,
            field=remark.get("field") or "",
            milestone=milestones.get(remark.get("milestone")),
            text=text,
        )
    count = review.remarks.count()
    if count:
        # One notice per submission to each member of the lead organisation, not one per remark.
        commitment = item.commitment
        holders = commitment.lead_organisation.members.all()
        messages_enqueue(
            review_message(
                key=f"review-remarks-{review.pk}-{user.pk}",
                kind="review-remarks",
                user=user,
                template="remarks_received",
                review_round=review_round,
                context={"commitment": commitment, "count": count, "item_url": _url(item_url(item))},
            )
            for user in holders
        )
    return review


def item_url(item: RoundCommitment) -> str:
    from django.urls import reverse

    return reverse(
        "stakeholders_review:item",
        kwargs={"slug": item.round.plan.slug, "pk": item.round_id, "identifier": item.commitment.identifier},
    )


@transaction.atomic
def remark_answer(*, remark: Remark, answer: str, reason: str, actor) -> Remark:
    """The action holder's answer, always with a reason; the remark's author is told."""
    reason = (reason or "").strip()
    errors = {}
    if answer not in Remark.Answer.values:
        errors["answer"] = _("Choose whether the remark was adopted, partly adopted or not adopted.")
    if not reason:
        errors["reason"] = _("Give the reason for this answer.")
    if errors:
        raise ValidationError(errors)
    remark = Remark.objects.select_for_update().get(pk=remark.pk)
    first = not remark.answer
    remark.answer, remark.reason, remark.answered_by, remark.answered_at = answer, reason, actor, timezone.now()
    remark.save(update_fields=["answer", "reason", "answered_by", "answered_at"])
    if first and remark.author is not None:
        item = RoundCommitment.objects.select_related("round__plan", "commitment").get(pk=remark.item_id)
        messages_enqueue(
            [
                review_message(
                    key=f"remark-answered-{remark.pk}",
                    kind="remark-answered",
                    user=remark.author,
                    template="remark_answered",
                    review_round=item.round,
                    context={"commitment": item.commitment, "remark": remark, "item_url": _url(item_url(item))},
                )
            ]
        )
    return remark


@transaction.atomic
def consultation_comment(*, item: RoundCommitment, author, text: str, field: str = "") -> Remark:
    """A participant's comment in a public consultation: it waits for moderation."""
    if not item.round.public_consultation or item.round.is_closed(clock.today()):
        raise ValidationError(_("This consultation is closed."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your comment.")})
    return Remark.objects.create(
        item=item, author=author, is_public=True, moderation=Remark.Moderation.PENDING, field=field, text=text
    )


@transaction.atomic
def consultation_moderate(*, remark: Remark, approve: bool, actor) -> Remark:
    """Publish or reject a comment; either way its open reports are dealt with."""
    remark.moderation = Remark.Moderation.APPROVED if approve else Remark.Moderation.REJECTED
    remark.save(update_fields=["moderation"])
    remark.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    return remark


@transaction.atomic
def consultation_report(*, remark: Remark, reporter, reason: str) -> RemarkReport:
    """Someone reports a published comment; it goes back on the moderators' queue."""
    if reason not in dict(RemarkReport._meta.get_field("reason").choices):
        raise ValidationError({"reason": _("Choose why you report this comment.")})
    return RemarkReport.objects.create(remark=remark, reporter=reporter, reason=reason)


@transaction.atomic
def round_close(*, review_round: ReviewRound, actor) -> ReviewRound:
    review_round = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    if review_round.closed_at is None:
        review_round.closed_at = timezone.now()
        review_round.save(update_fields=["closed_at"])
    return review_round


def revise_guard(*, commitment, actor) -> str | None:
    """The ``revise`` step waits until every remark on the commitment has an answer."""
    from stakeholders.selectors import unanswered_remarks

    left = unanswered_remarks(commitment)
    if left:
        return _("%(n)s remark(s) of the forum review still need an answer before the commitment can be revised.") % {
            "n": left
        }
    return None
