"""Changes to review rounds: open (the commitments' ``start_review`` step), review, remarks,
answers, public comments and closing. Each runs in one transaction with its outbox messages."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment, Milestone
from commitments.services import commitment_transition
from core import clock
from notifications.services import Outgoing, messages_enqueue
from stakeholders.models import (
    CRITERION_KEYS,
    SCORE_MAX,
    SCORE_MIN,
    ForumMember,
    Remark,
    RemarkReport,
    Review,
    ReviewRound,
    RoundCommitment,
)
from stakeholders.selectors import assigned_to, current_seat, current_seats


def _url(path: str) -> str:
    return settings.SITE_URL + path


def _message(*, key, kind, user, template, review_round, context=None) -> Outgoing:
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
        _message(
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
            _message(
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
                _message(
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
