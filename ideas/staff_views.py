"""Staff pages of contributions, under /ideas/staff/: the moderation queue, one contribution's
page (duplicate, redact, answer), entering input received elsewhere, the answers list and
building blocks."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.permissions import permission_required
from ideas import selectors, services
from ideas.forms import BuildingBlockForm, DuplicateForm, RedactForm, RejectForm, RespondForm, StaffEntryForm
from ideas.models import BuildingBlock, Idea
from plans.selectors import plan_current


def _idea(request, pk):
    try:
        return selectors.idea_with_plan(pk)
    except Idea.DoesNotExist:
        raise Http404 from None


def _building_block(pk):
    try:
        return selectors.building_block(pk)
    except BuildingBlock.DoesNotExist:
        raise Http404 from None


def _selected_ids(request) -> list[int]:
    return [int(v) for v in request.POST.getlist("ids") if v.isdigit()]


@permission_required("ideas.moderate")
def moderation_queue(request):
    reject_form = RejectForm(request.POST if request.POST.get("action") == "reject" else None)
    if request.method == "POST":
        ids = _selected_ids(request)
        action = request.POST.get("action")
        if not ids:
            messages.error(request, _("Select at least one contribution."))
        elif action == "publish":
            n = services.ideas_publish(ids=ids, actor=request.user)
            messages.success(
                request, ngettext("%(n)d contribution published.", "%(n)d contributions published.", n) % {"n": n}
            )
            return redirect("ideas:queue")
        elif action == "reject" and reject_form.is_valid():
            n = services.ideas_reject(ids=ids, actor=request.user, **reject_form.cleaned_data)
            messages.success(
                request,
                ngettext(
                    "%(n)d contribution not published; the author has been told why.",
                    "%(n)d contributions not published; the authors have been told why.",
                    n,
                )
                % {"n": n},
            )
            return redirect("ideas:queue")
    show = request.GET.get("show") if request.GET.get("show") in selectors.QUEUE_SHOWS else None
    page = Paginator(selectors.moderation_queue(show=show), 50).get_page(request.GET.get("page"))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "ideas/staff/queue.html",
        {
            "page": page,
            "ideas": page.object_list,
            "reject_form": reject_form,
            "selected": _selected_ids(request),
            "show": show,
        },
        status=status,
    )


@permission_required("ideas.moderate", _idea)
def staff_idea(request, pk, obj):
    """One contribution for staff: the original text, its reports, the log, and the actions on it
    alone: publish or reject (while it waits for moderation or after a report), mark as a duplicate
    of one found by search or suggested, redact, answer."""
    idea = selectors.idea_detail(pk)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "reject": RejectForm(request.POST if action == "reject" else None),
        "duplicate": DuplicateForm(request.POST if action == "duplicate" else None, idea=idea),
        # Its own ids: the reject form on the same page has a "text" field too (ids must be unique).
        "redact": RedactForm(
            request.POST if action == "redact" else None, initial={"text": idea.text}, auto_id="redact_%s"
        ),
        "respond": RespondForm(
            request.POST if action == "respond" else None,
            plan=idea.plan,
            initial={"outcome": idea.outcome, "response": idea.response, "building_block": idea.building_block},
        ),  # fmt: skip
    }
    if action == "publish":
        if services.ideas_publish(ids=[idea.pk], actor=request.user):
            messages.success(request, _("The contribution has been published."))
        else:
            messages.error(request, _("This contribution can no longer be published."))
        return redirect("ideas:staff_idea", pk=idea.pk)
    if action in forms and forms[action].is_valid():
        data = forms[action].cleaned_data
        if action == "reject":
            if services.ideas_reject(ids=[idea.pk], actor=request.user, **data):
                messages.success(request, _("The contribution has not been published; the author has been told why."))
            else:
                messages.error(request, _("This contribution can no longer be rejected."))
        elif action == "duplicate":
            try:
                services.idea_mark_duplicate(idea=idea, original=data["original"], actor=request.user)
            except services.NotAllowed:
                messages.error(request, _("This contribution can no longer be marked as a duplicate of that one."))
            else:
                messages.success(request, _("Marked as a duplicate; its supports have moved to the original."))
        elif action == "redact":
            services.idea_redact(idea=idea, actor=request.user, text=data["text"])
            messages.success(request, _("The public text has been replaced; the original is kept for staff."))
        elif action == "respond":
            n = services.ideas_respond(ids=[idea.pk], actor=request.user, **data)
            messages.success(
                request, _("The answer has been saved and sent to the author.") if n else _("Nothing changed.")
            )
        return redirect("ideas:staff_idea", pk=idea.pk)
    duplicate_query = request.GET.get("dq", "")[:200]
    can_duplicate = idea.status == Idea.Status.PUBLISHED
    return render(
        request,
        "ideas/staff/idea.html",
        {
            "idea": idea,
            "log": selectors.moderation_log(idea),
            "reports": selectors.idea_reports(idea),
            "action": action,
            "can_moderate": idea.status == Idea.Status.NEW
            or (idea.status == Idea.Status.PUBLISHED and idea.needs_review),
            "can_duplicate": can_duplicate,
            "duplicate_query": duplicate_query,
            "duplicate_results": selectors.duplicate_search(idea, duplicate_query) if can_duplicate else [],
            "similar": selectors.similar_ideas(idea) if can_duplicate else [],
            **{f"{k}_form": f for k, f in forms.items()},
        },
        status=400 if action else 200,
    )


@permission_required("ideas.enter_on_behalf")
def staff_enter(request):
    plan = plan_current(include_drafts=True)
    form = StaffEntryForm(request.POST or None, plan=plan, user=None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        idea = services.idea_enter_on_behalf(
            staff=request.user, plan=plan, kind=data["kind"], title=data["title"], text=data["text"],
            themes=data["themes"], channel=data["channel"], session=data.get("session"),
            submitter_name=data["submitter_name"], submitter_email=data["submitter_email"],
            organisation=data.get("organisation"), show_name=data["show_name"], received_on=data["received_on"],
        )  # fmt: skip
        messages.success(
            request,
            _(
                "The contribution has been entered and is waiting in the moderation queue. Once published, its page "
                "says it is from: %(byline)s."
            )
            % {"byline": idea.public_byline},
        )
        if request.POST.get("another"):
            # The next one usually came the same way on the same day: keep those.
            carry = {"channel": idea.channel, "session": idea.session_id or "", "received_on": idea.received_on}
            return redirect(f"{reverse('ideas:enter')}?{urlencode(carry)}")
        return redirect("ideas:staff_idea", pk=idea.pk)
    if request.method == "GET":
        form.initial.update({k: request.GET[k] for k in ("channel", "session", "received_on") if request.GET.get(k)})
    return render(request, "ideas/staff/enter.html", {"form": form, "plan": plan}, status=400 if form.errors else 200)


@permission_required("ideas.respond")
def staff_answers(request):
    """Published contributions still without an answer (or all), with a bulk answer."""
    plan = plan_current(include_drafts=True)
    show_all = request.GET.get("all") == "1"
    form = RespondForm(request.POST or None, plan=plan)
    if request.method == "POST" and request.POST.get("action") == "group":
        if not request.user.has_perm("ideas.manage_building_blocks"):
            raise PermissionDenied
        block = selectors.building_block_or_none(request.POST.get("group_block"))
        n = services.ideas_assign_building_block(ids=_selected_ids(request), actor=request.user, building_block=block)
        messages.success(request, ngettext("%(n)d contribution grouped.", "%(n)d contributions grouped.", n) % {"n": n})
        return redirect(request.get_full_path())
    if request.method == "POST":
        ids = _selected_ids(request)
        if not ids:
            form.add_error(None, _("Select at least one contribution."))
        elif form.is_valid():
            n = services.ideas_respond(ids=ids, actor=request.user, **form.cleaned_data)
            messages.success(
                request,
                ngettext(
                    "%(n)d answer saved and sent to the author.", "%(n)d answers saved and sent to the authors.", n
                )
                % {"n": n},
            )
            return redirect(request.get_full_path())
    page = Paginator(selectors.ideas_to_answer(show_all=show_all), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "ideas/staff/answers.html",
        {
            "form": form,
            "page": page,
            "ideas": page.object_list,
            "show_all": show_all,
            "selected": _selected_ids(request),
            "blocks": selectors.building_blocks_of_plan(plan),
        },  # fmt: skip
        status=400 if form.errors else 200,
    )


@permission_required("ideas.manage_building_blocks")
def staff_building_block(request, pk=None):
    block = _building_block(pk) if pk else None
    plan = block.plan if block else plan_current(include_drafts=True)
    form = BuildingBlockForm(request.POST or None, instance=block)
    if request.method == "POST" and form.is_valid():
        block = form.save(commit=False)
        block.plan = plan
        block.save()
        form.save_m2m()
        messages.success(request, _("The building block has been saved."))
        return redirect(block.get_absolute_url())
    return render(
        request,
        "ideas/staff/building_block_form.html",
        {"form": form, "building_block": block},
        status=400 if form.errors else 200,
    )
