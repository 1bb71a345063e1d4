"""The plan document, compiled from the platform's data (issue 14, point 1).

``render_plan_document(plan, language)`` returns the BODY of the document (plain semantic HTML
without page chrome: headings, a table of contents, an anchor per commitment ``id="NL-5-03"``),
the same string the web page of a version shows and the PDF is made from. It is compiled once,
when a version is published (``publication.services.publish_version``), and stored; pages serve
the stored string and never compile it again.

What it holds: the introduction and context staff write (``PlanText``, in the document's
language); the co-creation process (the phases and events with their dates, contributions by
channel and kind, the sessions and their participants by kind of organisation, the forum's
meetings and review rounds); and every final commitment in OGP's template. Counts only, and
organisations: no names of citizens. A fixed number of queries, whatever the size of the plan.
"""

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import Organisation
from commitments.models import Commitment
from ideas.models import Idea
from plans.models import ActionPlan
from publication.models import PlanText
from sessions.models import Registration, Session
from stakeholders.models import Meeting, ReviewRound

# The commitments a version holds: those the forum's review has finished with.
IN_A_VERSION = (Commitment.Status.FINAL, Commitment.Status.PUBLISHED)


def version_commitments(plan: ActionPlan):
    """The plan's final and published commitments, in the order of their identifiers, with what
    the document and the snapshots read."""
    return (
        Commitment.objects.filter(plan=plan, status__in=IN_A_VERSION)
        .select_related("lead_organisation")
        .prefetch_related(
            "supporting_organisations",
            "themes",
            "building_blocks",
            "contributions",
            "milestones__responsible_organisation",
        )  # fmt: skip
        .order_by("sequence")
    )


def _counts(rows, key, choices) -> list[tuple[str, int]]:
    """``[(label, count)]`` in the order of the choices, leaving out what has no rows."""
    found = {row[key]: row["n"] for row in rows}
    return [(label, found[value]) for value, label in choices if found.get(value)]


def process_context(plan: ActionPlan) -> dict:
    """The co-creation process in figures and dates."""
    contributions = Idea.objects.filter(plan=plan, status=Idea.Status.PUBLISHED)
    by_channel = contributions.values("channel").annotate(n=Count("pk"))
    by_kind = contributions.values("kind").annotate(n=Count("pk"))
    sessions = list(
        Session.objects.filter(plan=plan)
        .exclude(status=Session.Status.CANCELLED)
        .annotate(participants=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)))
        .order_by("starts_at")
    )
    participants = (
        Registration.objects.filter(session__in=[s.pk for s in sessions], status=Registration.Status.CONFIRMED)
        .values("organisation_kind")
        .annotate(n=Count("pk"))
    )
    rounds = list(ReviewRound.objects.filter(plan=plan).annotate(n=Count("items")).order_by("opens_on", "pk"))
    return {
        "phases": list(plan.phases.all()),
        "events": list(plan.events.all()),
        "contributions_total": sum(row["n"] for row in by_kind),
        "contributions_by_channel": _counts(by_channel, "channel", Idea.Channel.choices),
        "contributions_by_kind": _counts(by_kind, "kind", Idea.Kind.choices),
        "sessions": sessions,
        "participants_total": sum(s.participants for s in sessions),
        "participants_by_kind": _counts(participants, "organisation_kind", Registration.ORGANISATION_KINDS),
        "meetings": list(Meeting.objects.filter(plan=plan).order_by("starts_at")),
        "review_rounds": rounds,
    }


def document_context(plan: ActionPlan, language: str, *, commitments=None) -> dict:
    text = PlanText.objects.filter(plan=plan).first() or PlanText(plan=plan)
    commitments = list(version_commitments(plan) if commitments is None else commitments)
    for commitment in commitments:
        commitment.milestone_list = sorted(commitment.milestones.all(), key=lambda m: (m.position, m.pk))
        commitment.supporting_list = sorted(commitment.supporting_organisations.all(), key=lambda o: o.name.lower())
    return {
        "plan": plan,
        "language": language,
        "introduction": getattr(text, f"introduction_{language}"),
        "context": getattr(text, f"context_{language}"),
        "process": process_context(plan),
        "commitments": commitments,
        "organisation_kinds": dict(Organisation.Kind.choices),
    }


def render_plan_document(plan: ActionPlan, language: str, *, commitments=None) -> str:
    """The document's body in ``language`` ("nl" or "en"), whatever language the request is in."""
    with translation.override(language):
        context = document_context(plan, language, commitments=commitments)
        return render_to_string("publication/plan_document.html", context)
