"""Reporting rounds (#15.3) and the forum's comments on them (#15.5): opening a round, whether the
report of each published commitment is in, putting a round on a forum meeting's agenda, and the
forum's comments.

**When is the report of a commitment "in" for a round?** When every *open* milestone of the
commitment has a progress report in that round that was not sent back (waiting for a check, or
accepted). A milestone is open unless an accepted report dated before the round opened already
said it was completed or withdrawn: nobody has to report again on finished work. A commitment
without open milestones has nothing left to report and counts as in. "Every milestone" rather than
"any milestone": a round asks for the progress of the whole commitment, and a commitment with one
milestone reported out of four is shown as partly in (and its action holders still get the
reminders). A report sent back does not count: the action holder has to send a new one.

Everything here reads a fixed number of queries whatever the number of rounds, commitments and
milestones (``round_statuses``), so the staff dashboard and the timeline jobs can use it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Membership
from commitments.models import Commitment, Milestone
from core import clock
from core.dates import show_date
from implementation.models import Completion, ForumComment, ProgressReport, ReportingRound
from notifications.services import Outgoing, messages_enqueue
from notifications.timeline import reminder_due
from plans.models import ActionPlan
from stakeholders.models import ForumMember, Meeting
from stakeholders.selectors import has_current_seat

FINISHED = (Completion.COMPLETED, Completion.WITHDRAWN)


# --- Web addresses ------------------------------------------------------------------------------


def round_url(reporting_round: ReportingRound) -> str:
    """The public page of a round (its forum comments)."""
    return reverse("implementation_rounds:detail", kwargs={"slug": reporting_round.plan.slug, "pk": reporting_round.pk})


def staff_round_url(reporting_round: ReportingRound) -> str:
    """The staff page of a round (per commitment whether its report is in)."""
    return reverse(
        "implementation_rounds:staff_round", kwargs={"slug": reporting_round.plan.slug, "pk": reporting_round.pk}
    )


# --- Whether the reports are in -----------------------------------------------------------------


class State:
    IN = "in"
    PARTLY = "partly"
    MISSING = "missing"
    NOTHING_DUE = "nothing_due"


@dataclass
class CommitmentStatus:
    """One published commitment in one round."""

    commitment: Commitment
    open_milestones: int  # milestones that need a report in this round
    reported: int  # of those, with a report in the round that was not sent back
    accepted: int  # of those, with an accepted report in the round

    @property
    def is_in(self) -> bool:
        return self.reported >= self.open_milestones

    @property
    def state(self) -> str:
        if self.open_milestones == 0:
            return State.NOTHING_DUE
        if self.is_in:
            return State.IN
        return State.PARTLY if self.reported else State.MISSING


@dataclass
class RoundStatus:
    reporting_round: ReportingRound
    commitments: list[CommitmentStatus] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.commitments)

    @property
    def reports_in(self) -> int:
        return sum(1 for c in self.commitments if c.is_in)

    @property
    def reports_missing(self) -> int:
        return self.total - self.reports_in

    def missing(self) -> list[Commitment]:
        return [c.commitment for c in self.commitments if not c.is_in]


def round_statuses(rounds: list[ReportingRound]) -> dict[int, RoundStatus]:
    """Per round (by pk): every published commitment of its plan with whether its report is in.
    Four queries for any number of rounds."""
    rounds = list(rounds)
    result = {r.pk: RoundStatus(r) for r in rounds}
    if not rounds:
        return result
    plan_ids = {r.plan_id for r in rounds}
    commitments = list(
        Commitment.objects.published()
        .filter(plan_id__in=plan_ids)
        .select_related("lead_organisation", "plan")
        .order_by("plan_id", "sequence", "pk")
    )
    milestones: dict[int, list[int]] = defaultdict(list)
    for pk, commitment_id in Milestone.objects.filter(commitment__in=commitments).values_list("pk", "commitment_id"):
        milestones[commitment_id].append(pk)
    # The first day an accepted report said a milestone was finished (completed or withdrawn).
    finished_on = dict(
        ProgressReport.objects.accepted()
        .filter(milestone__commitment__in=commitments, completion__in=FINISHED)
        .values("milestone_id")
        .annotate(first=Min("reported_on"))
        .values_list("milestone_id", "first")
    )
    in_round: dict[int, dict[int, bool]] = defaultdict(dict)  # round -> milestone -> accepted
    reports = ProgressReport.objects.filter(round__in=rounds).exclude(review=ProgressReport.Review.RETURNED)
    for round_id, milestone_id, review in reports.values_list("round_id", "milestone_id", "review"):
        accepted = review == ProgressReport.Review.ACCEPTED
        in_round[round_id][milestone_id] = in_round[round_id].get(milestone_id, False) or accepted
    by_plan: dict[int, list[Commitment]] = defaultdict(list)
    for commitment in commitments:
        by_plan[commitment.plan_id].append(commitment)
    for reporting_round in rounds:
        reported_here = in_round[reporting_round.pk]
        for commitment in by_plan[reporting_round.plan_id]:
            open_ids = [
                m
                for m in milestones[commitment.pk]
                if not (m in finished_on and finished_on[m] < reporting_round.opens_on)
            ]
            result[reporting_round.pk].commitments.append(
                CommitmentStatus(
                    commitment=commitment,
                    open_milestones=len(open_ids),
                    reported=sum(1 for m in open_ids if m in reported_here),
                    accepted=sum(1 for m in open_ids if reported_here.get(m)),
                )
            )
    return result


def round_status(reporting_round: ReportingRound) -> RoundStatus:
    return round_statuses([reporting_round])[reporting_round.pk]


def report_is_in(commitment: Commitment, reporting_round: ReportingRound) -> bool:
    """Whether the report of ``commitment`` is in for ``reporting_round`` (see the module's text)."""
    status = round_status(reporting_round)
    return next((c.is_in for c in status.commitments if c.commitment.pk == commitment.pk), False)


def action_holders(commitments) -> dict[int, list]:
    """The active members of each commitment's lead organisation, by organisation pk. One query."""
    members: dict[int, list] = defaultdict(list)
    organisations = {c.lead_organisation_id for c in commitments}
    for membership in (
        Membership.objects.filter(organisation__in=organisations, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ):
        members[membership.organisation_id].append(membership.user)
    return members


def round_for(plan: ActionPlan, on: datetime.date) -> ReportingRound | None:
    """The round a progress report made on ``on`` belongs to: the round open that day, else the
    latest round that opened before it (a late report still counts for the round it is late for)."""
    return ReportingRound.objects.filter(plan=plan, opens_on__lte=on).order_by("-opens_on", "-pk").first()


def round_state(reporting_round: ReportingRound, today: datetime.date) -> str:
    if today < reporting_round.opens_on:
        return "upcoming"
    return "open" if today <= reporting_round.deadline else "closed"


# --- Opening a round, the agenda ----------------------------------------------------------------


def _overlapping(plan, opens_on, deadline, *, exclude_pk=None) -> ReportingRound | None:
    rounds = ReportingRound.objects.filter(plan=plan, opens_on__lte=deadline, deadline__gte=opens_on)
    if exclude_pk:
        rounds = rounds.exclude(pk=exclude_pk)
    return rounds.order_by("opens_on").first()


def _meeting_error(plan, meeting) -> str | None:
    if meeting is not None and meeting.plan_id != plan.pk:
        return _("Choose a meeting of this plan's forum.")
    return None


@transaction.atomic
def round_open(
    *,
    plan: ActionPlan,
    title_nl: str,
    title_en: str,
    opens_on: datetime.date,
    deadline: datetime.date,
    actor,
    forum_meeting: Meeting | None = None,
) -> ReportingRound:
    """Open a reporting round of ``plan``. Refused (``ValidationError`` by field, nothing written)
    with a deadline before the opening day or in the past, dates that overlap another round of the
    plan, a meeting of another plan, or a plan without published commitments. When the round opens
    today or earlier, its invitations go out at once (the timeline job would send the same
    messages, with the same keys, on its next run)."""
    # Serialise openings per plan: two process owners opening overlapping rounds at once.
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    today = clock.today()
    errors: dict[str, list[str]] = defaultdict(list)
    if not (title_nl or "").strip():
        errors["title_nl"].append(_("Give the round a Dutch title."))
    if deadline < opens_on:
        errors["deadline"].append(_("The deadline must be on or after the day the round opens."))
    elif deadline < today:
        errors["deadline"].append(_("The deadline cannot be in the past."))
    elif other := _overlapping(plan, opens_on, deadline):
        errors["opens_on"].append(
            _("These dates overlap with the round “%(title)s” (%(opens)s – %(deadline)s): one round at a time.")
            % {
                "title": other.localized("title"),
                "opens": show_date(other.opens_on),
                "deadline": show_date(other.deadline),
            }
        )
    if message := _meeting_error(plan, forum_meeting):
        errors["forum_meeting"].append(message)
    if not errors and not Commitment.objects.published().filter(plan=plan).exists():
        errors["__all__"].append(_("This plan has no published commitments yet: there is nothing to report on."))
    if errors:
        raise ValidationError(dict(errors))
    reporting_round = ReportingRound.objects.create(
        plan=plan,
        title_nl=title_nl.strip(),
        title_en=(title_en or "").strip(),
        opens_on=opens_on,
        deadline=deadline,
        forum_meeting=forum_meeting,
        opened_by=actor,
    )
    if opens_on <= today and plan.status == ActionPlan.Status.PUBLIC:
        messages_enqueue(invitations(reporting_round, today=today))
    return reporting_round


@transaction.atomic
def round_agenda_set(*, reporting_round: ReportingRound, meeting: Meeting | None, actor) -> ReportingRound:
    """Put the round on the agenda of a meeting of its plan's forum (None: on no agenda)."""
    reporting_round = ReportingRound.objects.select_for_update().select_related("plan").get(pk=reporting_round.pk)
    if message := _meeting_error(reporting_round.plan, meeting):
        raise ValidationError({"forum_meeting": [message]})
    reporting_round.forum_meeting = meeting
    reporting_round.save(update_fields=["forum_meeting"])
    return reporting_round


# --- The forum's comments -----------------------------------------------------------------------


@transaction.atomic
def forum_comment_add(
    *, reporting_round: ReportingRound, author, body: str, commitment: Commitment | None = None
) -> ForumComment:
    """A forum member's comment on the progress of a round, kept with the round. Only with a
    current seat in the plan's forum, and about a published commitment of the plan if any."""
    body = (body or "").strip()
    if not has_current_seat(author, reporting_round.plan):
        raise ValidationError(_("Only members of this plan's forum can comment on its reporting rounds."))
    errors = {}
    if not body:
        errors["body"] = _("Write your comment.")
    if commitment is not None and (
        commitment.plan_id != reporting_round.plan_id or commitment.status != Commitment.Status.PUBLISHED
    ):
        errors["commitment"] = _("Choose a published commitment of this plan.")
    if errors:
        raise ValidationError(errors)
    return ForumComment.objects.create(round=reporting_round, author=author, body=body, commitment=commitment)


@dataclass
class ShownComment:
    comment: ForumComment
    author: str  # a name only with the member's consent, else their sector; never an address


def comments_of(reporting_round: ReportingRound) -> list[ShownComment]:
    """The forum's comments on a round, oldest first, each with how its author may be shown on a
    public page. Two queries."""
    comments = list(
        ForumComment.objects.filter(round=reporting_round).select_related("commitment").order_by("created_at", "pk")
    )
    seats: dict[int, ForumMember] = {}
    authors = {c.author_id for c in comments if c.author_id}
    for seat in (
        ForumMember.objects.filter(plan_id=reporting_round.plan_id, user_id__in=authors)
        .select_related("user")
        .order_by("since")
    ):
        seats[seat.user_id] = seat  # the latest seat wins
    shown = []
    for comment in comments:
        seat = seats.get(comment.author_id)
        if seat is None:
            label = _("A forum member")
        elif seat.consent_to_show_name and seat.user.name:
            label = _("%(name)s (forum member, %(sector)s)") % {
                "name": seat.user.name,
                "sector": seat.get_sector_display(),
            }
        else:
            label = _("A forum member (%(sector)s)") % {"sector": seat.get_sector_display()}
        shown.append(ShownComment(comment=comment, author=label))
    return shown


# --- The messages: invitation, reminders, overdue notice -----------------------------------------
# One message per person per round (and per reminder), listing the commitments of theirs whose
# report is not in: someone whose organisation leads three commitments gets one email, not three.
# The keys make each go out once, however often the timeline job runs; the texts state the days
# really left, as a reminder sent late after downtime must not say "in 14 days" with 10 to go.

REMINDER_DAYS = (14, 3)
OVERDUE_WINDOW = 14  # days after the deadline in which a missed overdue notice is still sent


def _messages(status: RoundStatus, *, kind: str, template: str, today, suffix: str = "") -> list[Outgoing]:
    reporting_round = status.reporting_round
    missing = status.missing()
    holders = action_holders(missing)
    per_person: dict[int, tuple] = {}
    for commitment in missing:
        for user in holders.get(commitment.lead_organisation_id, []):
            per_person.setdefault(user.pk, (user, []))[1].append(commitment)
    url = settings.SITE_URL + round_url(reporting_round)
    return [
        Outgoing(
            key=f"{kind}:{reporting_round.pk}:{user.pk}{suffix}",
            kind=kind,
            to_email=user.email,
            template=f"implementation/email/{template}",
            recipient=user,
            plan=reporting_round.plan,
            context={
                "round": reporting_round,
                "plan": reporting_round.plan,
                "commitments": commitments,
                "deadline": reporting_round.deadline,
                "days": (reporting_round.deadline - today).days,
                "round_url": url,
            },
        )
        for user, commitments in per_person.values()
    ]


def invitations(reporting_round: ReportingRound, *, today, status: RoundStatus | None = None) -> list[Outgoing]:
    """The invitation to report, to the action holders whose report is not in yet."""
    status = status or round_status(reporting_round)
    return _messages(status, kind="reporting-invitation", template="reporting_invitation", today=today)


def reminder_days(reporting_round: ReportingRound, today) -> int | None:
    """The reminder due today (14 or 3 days before the deadline), if any. A reminder whose day
    falls on or before the opening day is left out: the invitation says the same that day."""
    configured = [
        d for d in REMINDER_DAYS if reporting_round.deadline - datetime.timedelta(days=d) > reporting_round.opens_on
    ]
    if not configured or today < reporting_round.opens_on:
        return None
    return reminder_due(deadline=reporting_round.deadline, days_before=configured, today=today)


def reminders(status: RoundStatus, *, days: int, today) -> list[Outgoing]:
    return _messages(status, kind="reporting-reminder", template="reporting_reminder", today=today, suffix=f":{days}")


def overdue_notices(status: RoundStatus, *, today) -> list[Outgoing]:
    return _messages(status, kind="reporting-overdue", template="reporting_overdue", today=today)
