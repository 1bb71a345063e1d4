"""Public pages of the stakeholder forum: the forum of a plan (members, terms of reference,
meetings, review rounds), a meeting's page, and its documents, served safely."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from core.files import download
from plans.models import ActionPlan
from stakeholders import agenda, selectors
from stakeholders.models import Meeting, MeetingDocument


def _visible_plans(request):
    if request.user.has_perm("stakeholders.manage_forum"):
        return ActionPlan.objects.all()
    return ActionPlan.objects.public()


def _render_forum(request, plan):
    page = selectors.forum_page(plan)
    others = _visible_plans(request).exclude(pk=plan.pk).order_by("-number")
    return render(request, "stakeholders/forum.html", {"page": page, "plan": plan, "other_plans": others})


def forum_index(request):
    """The forum of the newest plan that has one (seats or meetings), else of the newest plan."""
    plans = _visible_plans(request).order_by("-number")
    plan = (
        plans.filter(forum_members__isnull=False).first()
        or plans.filter(forum_meetings__isnull=False).first()
        or plans.first()
    )
    if plan is None:
        raise Http404
    return _render_forum(request, plan)


def forum_plan(request, slug):
    return _render_forum(request, get_object_or_404(_visible_plans(request), slug=slug))


def _meeting(request, slug, pk) -> Meeting:
    plans = _visible_plans(request)
    return get_object_or_404(Meeting.objects.select_related("plan").filter(plan__in=plans), plan__slug=slug, pk=pk)


def meeting_detail(request, slug, pk):
    meeting = _meeting(request, slug, pk)
    internals = request.user.has_perm("stakeholders.view_meeting_internals", meeting)
    documents = list(meeting.documents.all()) if internals or meeting.minutes_are_published else []
    return render(
        request,
        "stakeholders/meeting_detail.html",
        {
            "meeting": meeting,
            "plan": meeting.plan,
            "internals": internals,
            "documents": documents,
            "agenda_sections": agenda.sections(request, meeting),
        },
    )


def meeting_document(request, slug, pk, doc):
    """A meeting's document, always as a download (never shown inline under our origin) and only
    once the minutes are published, except for the plan's current members and process owners."""
    meeting = _meeting(request, slug, pk)
    document = get_object_or_404(MeetingDocument, pk=doc, meeting=meeting)
    if not meeting.minutes_are_published and not request.user.has_perm("stakeholders.view_meeting_internals", meeting):
        raise Http404
    return download(document.file, filename=document.filename)
