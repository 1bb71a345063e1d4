import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import clock
from core.pagecache import anonymous_page_cache
from core.permissions import permission_required
from core.ratelimit import allow, client_ip
from ideas import selectors, services
from ideas.filters import IdeaFilter
from ideas.forms import (
    BuildingBlockForm,
    DuplicateForm,
    IdeaForm,
    RedactForm,
    RejectForm,
    ReportForm,
    RespondForm,
    StaffEntryForm,
)  # fmt: skip
from ideas.models import BuildingBlock, Idea
from plans.models import Phase
from plans.selectors import plan_current

PAGE_SIZE = 20
SUBMIT_LIMITS = {"person": 10, "ip": 30}  # per hour


def _idea(request, pk):
    return get_object_or_404(Idea.objects.select_related("plan"), pk=pk)


# --- Public list and detail ----------------------------------------------------------------------


class _Listing:
    """The list's filters and results, worked out only when a part of the page that shows them is
    not in the cache (``{% shared_fragment %}``): then a logged-in visitor's page costs neither the
    filter form (django-filter copies every filter and field) nor the count and the page's queries."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def _filtered(self):
        data = self.request.GET.copy()
        filterset = IdeaFilter(data, queryset=selectors.public_ideas())
        ignored = []
        if not filterset.is_valid():
            # Unknown values, overlong search terms: drop what we cannot read, keep the rest.
            ignored = list(filterset.errors)
            for name in ignored:
                data.pop(name, None)
            filterset = IdeaFilter(data, queryset=selectors.public_ideas())
            filterset.is_valid()
        data.pop("page", None)
        labels = [filterset.form.fields[name].label for name in ignored if name in filterset.form.fields]
        return filterset, labels, data.urlencode()

    @cached_property
    def page(self):
        return Paginator(self._filtered[0].qs, PAGE_SIZE).get_page(self.request.GET.get("page"))

    def context(self) -> dict:
        return {
            "filter": SimpleLazyObject(lambda: self._filtered[0]),
            "page": SimpleLazyObject(lambda: self.page),
            "ideas": SimpleLazyObject(lambda: self.page.object_list),
            "ignored": SimpleLazyObject(lambda: self._filtered[1]),
            "querystring": SimpleLazyObject(lambda: self._filtered[2]),
        }


@anonymous_page_cache
def idea_list(request):
    """Published contributions with filters, search, sorting and pagination. Every filter is a
    plain GET parameter, so a filtered list can be bookmarked; htmx swaps only the results."""
    template = "ideas/_results.html" if request.htmx and not request.htmx.boosted else "ideas/idea_list.html"
    return render(request, template, _Listing(request).context())


def _idea_for_page(request, pk):
    try:
        return selectors.idea_detail(pk)
    except Idea.DoesNotExist:
        raise Http404 from None


@anonymous_page_cache
@permission_required("ideas.view_contribution", _idea_for_page)
def idea_detail(request, pk, obj):
    idea = obj
    return render(
        request,
        "ideas/idea_detail.html",
        {
            "idea": idea,
            "supported": pk in selectors.supported_ids(request.user, [idea]),
            "can_support": request.user.has_perm("ideas.support", idea),
        },
    )


# --- Submitting and editing one's own contributions ----------------------------------------------


def _call_for_input(plan):
    phase = plan.phases.filter(kind=Phase.Kind.CALL_FOR_INPUT).first() if plan else None
    return phase, bool(phase and phase.status_on(clock.today()) == Phase.Status.CURRENT)


def idea_create(request):
    plan = plan_current()
    phase, is_open = _call_for_input(plan)
    if not is_open:
        return render(request, "ideas/closed.html", {"plan": plan, "phase": phase, "today": clock.today()})
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    if not request.user.has_perm("ideas.submit"):
        return render(request, "ideas/verify_first.html", status=403)
    form = IdeaForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        limits = [
            (f"user:{request.user.pk}", SUBMIT_LIMITS["person"]),
            (f"ip:{client_ip(request)}", SUBMIT_LIMITS["ip"]),
        ]
        if not allow("ideas-submit", limits):
            form.add_error(None, _("You have sent many contributions in a short time. Please try again later."))
            return render(request, "ideas/idea_form.html", {"form": form, "plan": plan}, status=429)
        data = form.cleaned_data
        idea = services.idea_submit(
            author=request.user, plan=plan, kind=data["kind"], title=data["title"], text=data["text"],
            themes=data["themes"], organisation=data.get("organisation"), show_name=data["show_name"],
        )  # fmt: skip
        messages.success(
            request, _("Thank you! Your contribution has been received. A moderator checks it before it is published.")
        )
        return redirect("ideas:mine_detail", pk=idea.pk)
    status = 400 if form.errors else 200
    return render(request, "ideas/idea_form.html", {"form": form, "plan": plan, "phase": phase}, status=status)


@permission_required("ideas.edit_own", _idea)
def idea_edit(request, pk, obj):
    form = IdeaForm(request.POST or None, instance=obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.idea_update(
                idea=obj, author=request.user, kind=data["kind"], title=data["title"], text=data["text"],
                themes=data["themes"], organisation=data.get("organisation"), show_name=data["show_name"],
            )  # fmt: skip
        except services.NotAllowed:
            messages.error(
                request, _("A moderator has handled this contribution meanwhile; it can no longer be changed.")
            )
        else:
            messages.success(request, _("Your changes have been saved."))
        return redirect("ideas:mine_detail", pk=obj.pk)
    return render(request, "ideas/idea_form.html", {"form": form, "idea": obj}, status=400 if form.errors else 200)


@require_POST
@permission_required("ideas.edit_own", _idea)
def idea_withdraw(request, pk, obj):
    try:
        services.idea_withdraw(idea=obj, author=request.user)
    except services.NotAllowed:
        messages.error(
            request, _("A moderator has handled this contribution meanwhile; it can no longer be withdrawn.")
        )
    else:
        messages.success(request, _("Your contribution has been withdrawn."))
    return redirect("ideas:mine")


@login_required
def my_ideas(request):
    ideas = (
        Idea.objects.filter(author=request.user)
        .select_related("plan", "building_block", "duplicate_of")
        .prefetch_related("themes")
        .order_by("-created_at")
    )
    page = Paginator(ideas, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ideas/my_ideas.html", {"page": page, "ideas": page.object_list})


@login_required
def my_idea_detail(request, pk):
    idea = get_object_or_404(Idea, pk=pk, author=request.user)
    return render(
        request,
        "ideas/my_idea_detail.html",
        {"idea": selectors.idea_detail(idea.pk), "can_edit": request.user.has_perm("ideas.edit_own", idea)},
    )


# --- Supports and reports -------------------------------------------------------------------------


@require_POST
@permission_required("ideas.support", _idea)
def support(request, pk, obj):
    if request.POST.get("support") == "0":
        services.support_remove(idea=obj, user=request.user)
    elif not services.support_add(idea=obj, user=request.user):
        messages.info(request, _("You already said this matters to you."))
    if request.htmx:
        obj.refresh_from_db(fields=["support_count"])
        supported = obj.pk in selectors.supported_ids(request.user, [obj])
        return render(request, "ideas/_support.html", {"idea": obj, "supported": supported, "can_support": True})
    return redirect(request.POST.get("next") or obj.get_absolute_url())


@permission_required("ideas.report", _idea)
def report(request, pk, obj):
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not allow("ideas-report", [(f"user:{request.user.pk}", 20)]):
            form.add_error(None, _("You have sent many reports in a short time. Please try again later."))
            return render(request, "ideas/report_form.html", {"form": form, "idea": obj}, status=429)
        services.idea_report(idea=obj, reporter=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you for your report. A moderator will look at this contribution again."))
        return redirect(obj.get_absolute_url())
    return render(request, "ideas/report_form.html", {"form": form, "idea": obj}, status=400 if form.errors else 200)


# --- Building blocks and the reasoned response ---------------------------------------------------


@anonymous_page_cache
def building_block_list(request):
    plan = plan_current()
    blocks = BuildingBlock.objects.filter(plan__status="public").select_related("plan").prefetch_related("themes")
    return render(request, "ideas/building_block_list.html", {"blocks": blocks, "plan": plan})


@anonymous_page_cache
def building_block_detail(request, pk):
    block = get_object_or_404(BuildingBlock.objects.filter(plan__status="public").select_related("plan"), pk=pk)
    ideas = selectors.public_ideas().filter(building_block=block).order_by("-support_count", "-pk")
    page = Paginator(ideas, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "ideas/building_block_detail.html", {"building_block": block, "page": page, "ideas": page.object_list}
    )


@anonymous_page_cache
def what_happened(request):
    plan = plan_current()
    unanswered = (
        selectors.public_ideas().filter(status=Idea.Status.PUBLISHED, outcome="").order_by("published_at", "pk")
    )
    if plan:
        unanswered = unanswered.filter(plan=plan)
    page = Paginator(unanswered, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"plan": plan, "stats": selectors.what_happened(plan), "page": page, "ideas": page.object_list}
    return render(request, "ideas/what_happened.html", context)


# --- Open data ------------------------------------------------------------------------------------

OPEN_DATA_FIELDS = [
    "id", "url", "plan", "kind", "title", "text", "themes", "status", "duplicate_of", "outcome", "answer",
    "answered_at", "channel", "session", "organisation", "organisation_kind", "author_name", "supports",
    "building_block", "submitted_at", "published_at",
]  # fmt: skip


def _open_data_rows(request):
    """Every published contribution, without personal data: an author's name only where they
    allowed it, never an email address."""
    base = request.build_absolute_uri("/")[:-1]
    ideas = (
        Idea.objects.public()
        .select_related("plan", "session", "organisation", "building_block", "author")
        .prefetch_related("themes")
        .order_by("pk")
    )
    for idea in ideas.iterator(chunk_size=2000):
        yield {
            "id": idea.pk,
            "url": base + idea.get_absolute_url(),
            "plan": idea.plan.slug,
            "kind": idea.kind,
            "title": idea.title,
            "text": idea.text,
            "themes": [t.slug for t in idea.themes.all()],
            "status": idea.status,
            "duplicate_of": idea.duplicate_of_id,
            "outcome": idea.outcome,
            "answer": idea.response,
            "answered_at": idea.responded_at.isoformat() if idea.responded_at else None,
            "channel": idea.channel,
            "session": idea.session.title if idea.session else None,
            "organisation": idea.organisation.name if idea.organisation else None,
            "organisation_kind": idea.organisation.kind if idea.organisation else None,
            "author_name": idea.public_author_name or None,
            "supports": idea.support_count,
            "building_block": idea.building_block.title_nl if idea.building_block else None,
            "submitted_at": idea.created_at.isoformat(),
            "published_at": idea.published_at.isoformat() if idea.published_at else None,
        }


class _Echo:
    def write(self, value):
        return value


def open_data_csv(request):
    writer = csv.DictWriter(_Echo(), fieldnames=OPEN_DATA_FIELDS)

    def lines():
        yield "\ufeff" + writer.writeheader()  # the byte order mark lets spreadsheets read UTF-8
        for row in _open_data_rows(request):
            row["themes"] = ";".join(row["themes"])
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contributions.csv"'
    return response


def open_data_json(request):
    def chunks():
        yield "["
        for n, row in enumerate(_open_data_rows(request)):
            yield ("," if n else "") + json.dumps(row, ensure_ascii=False)
        yield "]"

    return StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")


# --- Staff: moderation, entering on someone's behalf, answers ------------------------------------


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
    queue = selectors.moderation_queue()
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "ideas/staff/queue.html",
        {"page": page, "ideas": page.object_list, "reject_form": reject_form, "selected": _selected_ids(request)},
        status=status,
    )


@permission_required("ideas.moderate", _idea)
def staff_idea(request, pk, obj):
    """One contribution for staff: the original text, the log, and the actions on it alone."""
    idea = selectors.idea_detail(pk)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "duplicate": DuplicateForm(request.POST if action == "duplicate" else None, idea=idea),
        "redact": RedactForm(request.POST if action == "redact" else None, initial={"text": idea.text}),
        "respond": RespondForm(
            request.POST if action == "respond" else None,
            plan=idea.plan,
            initial={"outcome": idea.outcome, "response": idea.response, "building_block": idea.building_block},
        ),  # fmt: skip
    }
    if action in forms and forms[action].is_valid():
        data = forms[action].cleaned_data
        if action == "duplicate":
            services.idea_mark_duplicate(idea=idea, original=data["original"], actor=request.user)
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
    log = idea.log.select_related("actor")[:50]
    return render(
        request,
        "ideas/staff/idea.html",
        {"idea": idea, "log": log, "action": action, **{f"{k}_form": f for k, f in forms.items()}},
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
            organisation=data.get("organisation"), show_name=data["show_name"],
        )  # fmt: skip
        messages.success(request, _("The contribution has been entered and is waiting in the moderation queue."))
        if request.POST.get("another"):
            return redirect(f"{reverse('ideas:enter')}?channel={idea.channel}&session={idea.session_id or ''}")
        return redirect("ideas:staff_idea", pk=idea.pk)
    if request.method == "GET":
        form.initial.update({k: request.GET[k] for k in ("channel", "session") if request.GET.get(k)})
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
        block = BuildingBlock.objects.filter(pk=request.POST.get("group_block") or 0).first()
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
    ideas = selectors.public_ideas().filter(status=Idea.Status.PUBLISHED).order_by("published_at", "pk")
    if not show_all:
        ideas = ideas.filter(outcome="")
    page = Paginator(ideas, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "ideas/staff/answers.html",
        {
            "form": form,
            "page": page,
            "ideas": page.object_list,
            "show_all": show_all,
            "selected": _selected_ids(request),
            "blocks": BuildingBlock.objects.filter(plan=plan) if plan else [],
        },  # fmt: skip
        status=400 if form.errors else 200,
    )


@permission_required("ideas.manage_building_blocks")
def staff_building_block(request, pk=None):
    block = get_object_or_404(BuildingBlock, pk=pk) if pk else None
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
