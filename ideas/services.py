"""State changes of contributions. Each runs in one transaction, writes its moderation log, and
writes its emails into the outbox in the same transaction."""

import datetime
import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from core import clock
from ideas import pages
from ideas.models import BuildingBlock, Idea, ModerationLog, Report, Support
from ideas.selectors import in_refresh
from notifications.services import Outgoing, messages_enqueue
from plans.models import ActionPlan, Phase


class NotAllowed(Exception):
    """The action is not possible in the contribution's current state."""


def _log(idea: Idea, actor, action: str, detail: str = "") -> None:
    ModerationLog.objects.create(idea=idea, actor=actor, action=action, detail=detail)


def _mail_author(idea: Idea, *, key: str, kind: str, template: str, context: dict | None = None) -> None:
    author = idea.author
    email = author.email if author else idea.submitter_email
    if not email:
        return
    messages_enqueue(
        [
            Outgoing(
                key=key,
                kind=kind,
                to_email=email,
                template=template,
                context={"idea": idea, **(context or {})},
                recipient=author,
                language=author.language if author else "nl",
                plan=idea.plan,
            )
        ]
    )


@transaction.atomic
def idea_submit(*, author, plan: ActionPlan, kind, title, text, themes, organisation=None, show_name=False) -> Idea:
    idea = Idea.objects.create(
        plan=plan, author=author, kind=kind, title=title, text=text, organisation=organisation, show_name=show_name,
        in_refresh=in_refresh(plan, clock.today()),
    )  # fmt: skip
    idea.themes.set(themes)
    _log(idea, author, "submitted")
    _mail_author(idea, key=f"idea-received:{idea.pk}", kind="idea-received", template="ideas/email/idea_received")
    return idea


@transaction.atomic
def idea_enter_on_behalf(*, staff, plan, kind, title, text, themes, channel, session=None, submitter_name="",
                         submitter_email="", organisation=None, show_name=False, received_on=None) -> Idea:  # fmt: skip
    """Staff enter a contribution received by email, in a session or in a meeting, on the date it
    was received: if not given, the session's day (outcomes of a session), else today. It goes
    through moderation like online input."""
    if received_on is None:
        today = clock.today()
        received_on = min(clock.localdate(session.starts_at), today) if session else today
    idea = Idea.objects.create(
        plan=plan, kind=kind, title=title, text=text, channel=channel, session=session, entered_by=staff,
        submitter_name=submitter_name, submitter_email=submitter_email, organisation=organisation,
        show_name=show_name, received_on=received_on, in_refresh=in_refresh(plan, received_on),
    )  # fmt: skip
    idea.themes.set(themes)
    _log(idea, staff, "entered", f"channel={channel}")
    return idea


def published_plans(*, today: datetime.date):
    """The plans that count as published on ``today``: public, and their publication phase (the
    Dutch public version is presented) has started. A plan whose timeline has no publication phase
    counts as published once its term (the implementation) has started. Derived from the dates,
    like every phase: nothing is switched by hand."""
    publication = Phase.objects.filter(plan=OuterRef("pk"), kind=Phase.Kind.PUBLICATION)
    return ActionPlan.objects.filter(status=ActionPlan.Status.PUBLIC).filter(
        Q(Exists(publication.filter(starts_on__lte=today))) | (~Q(Exists(publication)) & Q(term_start__lte=today))
    )


@transaction.atomic
def submitter_emails_forget(*, today: datetime.date) -> int:
    """The retention rule of staff-entered contributions: the submitter's email address is only
    kept to tell them the reasoned response, so it is deleted once the plan is published (the
    answers are in it then). Safe to run twice: an emptied address is not matched again. The
    address is on no public page, so the page cache is left alone."""
    return (
        Idea.objects.filter(plan__in=published_plans(today=today))
        .exclude(submitter_email="")
        .update(submitter_email="", updated_at=timezone.now())
    )


def _locked_own(idea: Idea, author) -> Idea:
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.author_id != author.pk or idea.status != Idea.Status.NEW or idea.moderated_at is not None:
        raise NotAllowed
    return idea


@transaction.atomic
def idea_update(*, idea: Idea, author, kind, title, text, themes, organisation=None, show_name=False) -> Idea:
    idea = _locked_own(idea, author)
    idea.kind, idea.title, idea.text = kind, title, text
    idea.organisation, idea.show_name = organisation, show_name
    idea.save()
    idea.themes.set(themes)
    _log(idea, author, "edited")
    return idea


@transaction.atomic
def idea_withdraw(*, idea: Idea, author) -> Idea:
    idea = _locked_own(idea, author)
    idea.status = Idea.Status.WITHDRAWN
    idea.save(update_fields=["status", "updated_at"])
    _log(idea, author, "withdrawn")
    return idea


def _locked(ids) -> list[Idea]:
    return list(Idea.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


@transaction.atomic
def ideas_publish(*, ids, actor) -> int:
    now = timezone.now()
    done = 0
    for idea in _locked(ids):
        if idea.status not in (Idea.Status.NEW, Idea.Status.PUBLISHED):
            continue
        idea.status = Idea.Status.PUBLISHED
        idea.published_at = idea.published_at or now
        idea.moderated_at = now
        idea.needs_review = False
        idea.save(update_fields=["status", "published_at", "moderated_at", "needs_review", "updated_at"])
        idea.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
        _log(idea, actor, "published")
        done += 1
    return done


@transaction.atomic
def ideas_reject(*, ids, actor, reason: str, text: str) -> int:
    now = timezone.now()
    done = 0
    for idea in _locked(ids):
        if idea.status not in (Idea.Status.NEW, Idea.Status.PUBLISHED):
            continue
        idea.status = Idea.Status.REJECTED
        idea.rejection_reason, idea.rejection_text = reason, text
        idea.moderated_at = now
        idea.needs_review = False
        idea.save()
        idea.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
        _log(idea, actor, "rejected", f"{reason}: {text}")
        _mail_author(idea, key=f"idea-rejected:{idea.pk}:{int(now.timestamp())}", kind="idea-rejected",
                     template="ideas/email/idea_rejected")  # fmt: skip
        done += 1
    return done


@transaction.atomic
def idea_mark_duplicate(*, idea: Idea, original: Idea, actor) -> Idea:
    """The contribution duplicates another: its supports move over (once per person) and the link
    between the two stays visible on both pages.

    Both must be published, in the same plan. A duplicate is shown publicly (with its link), so
    marking one that was never published would publish it without a moderator deciding that it
    may be shown: moderation is never skipped, a pending contribution is published or rejected
    first."""
    if original.pk == idea.pk or original.duplicate_of_id == idea.pk:
        raise NotAllowed
    locked = {i.pk: i for i in _locked([idea.pk, original.pk])}
    idea, original = locked[idea.pk], locked[original.pk]
    if idea.status != Idea.Status.PUBLISHED or original.status != Idea.Status.PUBLISHED:
        raise NotAllowed
    if idea.plan_id != original.plan_id:
        raise NotAllowed
    supporters = Support.objects.filter(idea=idea).values_list("user_id", flat=True)
    # ignore_conflicts: someone who supports both keeps one support on the original.
    Support.objects.bulk_create([Support(idea=original, user_id=u) for u in supporters], ignore_conflicts=True)
    Support.objects.filter(idea=idea).delete()
    for changed in (idea, original):
        changed.support_count = Support.objects.filter(idea=changed).count()
    now = timezone.now()
    idea.status = Idea.Status.DUPLICATE
    idea.duplicate_of = original
    idea.moderated_at = now
    idea.needs_review = False
    idea.save()
    idea.reports.filter(resolved_at__isnull=True).update(resolved_at=now)  # a moderator has decided
    original.save(update_fields=["support_count", "updated_at"])
    _log(idea, actor, "duplicate", f"of #{original.pk}")
    return idea


@transaction.atomic
def idea_redact(*, idea: Idea, actor, text: str) -> Idea:
    """Remove personal data from the public text; the first original stays, for staff only."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if not idea.original_text:
        idea.original_text = idea.text
    idea.text = text
    idea.save(update_fields=["text", "original_text", "updated_at"])
    pages.removed()  # the redacted words leave every cached page at once
    _log(idea, actor, "redacted")
    return idea


def already_reported(*, idea: Idea, reporter) -> bool:
    return reporter.is_authenticated and Report.objects.filter(idea=idea, reporter=reporter).exists()


@transaction.atomic
def idea_report(*, idea: Idea, reporter, reason: str, text: str) -> tuple[Report, bool]:
    """Report a contribution; it goes back to the moderation queue. Returns the report and whether
    it is new. One person's reports on one contribution count once (a unique constraint): a
    second one changes nothing, so that one person cannot put a contribution back in the queue
    again and again after a moderator has decided on it."""
    existing = Report.objects.filter(idea=idea, reporter=reporter).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            report = Report.objects.create(idea=idea, reporter=reporter, reason=reason, text=text)
    except IntegrityError:  # the same person at the same moment, from another tab
        return Report.objects.get(idea=idea, reporter=reporter), False
    Idea.objects.filter(pk=idea.pk).update(needs_review=True)  # not on the public pages: no invalidate()
    _log(idea, reporter, "reported", reason)
    return report, True


def support_add(*, idea: Idea, user) -> bool:
    """True if the support was added; False if this person already supports it. Authors cannot
    support their own contribution (NotAllowed): supports show what others think of it."""
    if idea.author_id is not None and idea.author_id == user.pk:
        raise NotAllowed
    try:
        with transaction.atomic():
            Support.objects.create(idea=idea, user=user)
            Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
            pages.supported(idea.pk)  # update() sends no signal
    except IntegrityError:
        return False
    return True


@transaction.atomic
def support_remove(*, idea: Idea, user) -> bool:
    deleted, _ = Support.objects.filter(idea=idea, user=user).delete()
    if deleted:
        Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") - 1)
        pages.supported(idea.pk)
    return bool(deleted)


@transaction.atomic
def ideas_respond(*, ids, actor, outcome: str, response: str, building_block: BuildingBlock | None = None) -> int:
    """Record the reasoned response; the author is told (again, if it changes)."""
    now = timezone.now()
    done = 0
    for idea in _locked(ids):
        if idea.status != Idea.Status.PUBLISHED:
            continue
        if idea.outcome == outcome and idea.response == response and building_block in (None, idea.building_block):
            continue
        idea.outcome, idea.response = outcome, response
        idea.responded_at, idea.responded_by = now, actor
        if building_block is not None:
            idea.building_block = building_block
        idea.save()
        _log(idea, actor, "answered", outcome)
        digest = hashlib.sha256(f"{outcome}\n{response}".encode()).hexdigest()[:12]
        _mail_author(
            idea, key=f"idea-answer:{idea.pk}:{digest}", kind="idea-answer", template="ideas/email/idea_answer"
        )
        done += 1
    return done


@transaction.atomic
def ideas_assign_building_block(*, ids, actor, building_block: BuildingBlock | None) -> int:
    ideas = list(Idea.objects.select_for_update().filter(pk__in=ids, status=Idea.Status.PUBLISHED))
    Idea.objects.filter(pk__in=[i.pk for i in ideas]).update(building_block=building_block)
    pages.changed(*(i.pk for i in ideas))  # update() sends no signals
    detail = str(building_block or "-")
    ModerationLog.objects.bulk_create(
        [ModerationLog(idea=idea, actor=actor, action="building_block", detail=detail) for idea in ideas]
    )
    return len(ideas)
