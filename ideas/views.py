"""Public pages of contributions: the list, a contribution's page, submitting and one's own
contributions, supports and reports, building blocks and "what happened". Staff pages are in
``ideas.staff_views``, the open data in ``ideas.open_data``; reads are in ``ideas.selectors``."""

import hashlib

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from core import clock, pagecache
from core.facts import fact
from core.http import safe_next
from core.pagecache import anonymous_page_cache
from core.permissions import check_permission, permission_required
from core.ratelimit import allow, client_ip
from ideas import pages, selectors, services
from ideas.filters import IdeaFilter
from ideas.forms import IdeaForm, ReportForm
from ideas.models import BuildingBlock, Idea
from plans.models import ActionPlan
from plans.selectors import plan_current

PAGE_SIZE = 20
COUNT_SECONDS = 600  # a kept count is keyed on the generations: this only bounds its memory
# The query parameters the public list understands; with any other, the page is not cached.
LIST_PARAMS = (*IdeaFilter.NAMES, "page")
OWN_SUPPORT_REFUSED = _lazy(
    "You cannot say that your own contribution matters to you: supports show what others think of it."
)
ALREADY_REPORTED = _lazy(
    "You have already reported this contribution. Each person's report counts once; a moderator looks at it."
)
SUBMIT_LIMITS = {"person": 10, "ip": 30}  # per hour


def _idea(request, pk):
    try:
        return selectors.idea_with_plan(pk)
    except Idea.DoesNotExist:
        raise Http404 from None


# --- Public list and detail ----------------------------------------------------------------------


class KeptCountPaginator(Paginator):
    """A paginator whose count (of every public contribution, or of a theme's: 10-100 ms of
    PostgreSQL at 100,000) is kept in the pages cache under the generation of its list
    (ideas/pages.py, a theme's or plan's when filtered on one): a contribution that appears or
    leaves there changes the key, supports do not."""

    def __init__(self, object_list, per_page, *, request, query: str):
        super().__init__(object_list, per_page)
        self.request, self.query = request, query

    @cached_property
    def count(self):
        key = _kept_key("count", pagecache.generations(self.request, pages.list_parts(self.request)), self.query)
        count = pagecache.pages_cache().get(key)
        if count is None:
            count = self.object_list.count()
            pagecache.pages_cache().set(key, count, timeout=COUNT_SECONDS)
        return count


def _kept_key(what: str, generations, query: str) -> str:
    """Where a fact of a filtered list is kept: under the generations it follows and its filters."""
    where = hashlib.sha256("&".join(sorted(query.split("&"))).encode()).hexdigest()[:32]
    return f"pagecache:{what}:{'.'.join(str(n) for n in generations)}:{where}"


def _kept_matches(request, page, filterset, query: str) -> list:
    """A search's page of contributions. Matching and sorting the ~1,000 contributions a word in
    1% of the texts finds is the costliest query of the list (PostgreSQL reads each of them), so
    the page's ids are kept like the list's count: under the list's generation (a contribution that
    appears, changes or leaves raises it), and when sorted by supports the current number of the
    support counts too (so that order is never stale); the rows are then read by their keys. Also
    with the page cache off."""
    names = pages.list_parts(request)
    if filterset.form.cleaned_data.get("sort") == "supported":
        names = (*names, pages.COUNTS)
    key = f"{_kept_key('matches', pagecache.generations(request, names), query)}:{page.number}"
    ids = pagecache.pages_cache().get(key)
    if ids is None:
        ids = list(page.object_list.values_list("pk", flat=True))
        pagecache.pages_cache().set(key, ids, timeout=COUNT_SECONDS)
    rows = selectors.public_ideas(themes=False).in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


class _Listing:
    """The list's filters and results, worked out only when a part of the page that shows them is
    not in the cache (``{% cache %}`` in the templates): then a logged-in visitor's page costs neither the
    filter form (django-filter copies every filter and field) nor the count and the page's queries."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def _filtered(self):
        # The generations the filter choices and the count are kept under, in one round trip.
        pagecache.generations(self.request, pages.list_parts())
        data = self.request.GET.copy()
        filterset = IdeaFilter(data, queryset=selectors.public_ideas(themes=False), request=self.request)
        ignored = []
        if not filterset.is_valid():
            # Unknown values, overlong search terms: drop what we cannot read, keep the rest.
            ignored = list(filterset.errors)
            for name in ignored:
                data.pop(name, None)
            filterset = IdeaFilter(data, queryset=selectors.public_ideas(themes=False), request=self.request)
            filterset.is_valid()
        data.pop("page", None)
        labels = [filterset.form.fields[name].label for name in ignored if name in filterset.form.fields]
        return filterset, labels, data.urlencode()

    @cached_property
    def page(self):
        filterset, _ignored, query = self._filtered
        paginator = KeptCountPaginator(filterset.qs, PAGE_SIZE, request=self.request, query=query)
        page = paginator.get_page(self.request.GET.get("page"))
        if (filterset.form.cleaned_data.get("q") or "").strip():
            page.object_list = _kept_matches(self.request, page, filterset, query)
        page.object_list = selectors.with_card_themes(page.object_list, filterset.lists)
        return page

    def context(self) -> dict:
        return {
            "filter": SimpleLazyObject(lambda: self._filtered[0]),
            "page": SimpleLazyObject(lambda: self.page),
            "ideas": SimpleLazyObject(lambda: self.page.object_list),
            "ignored": SimpleLazyObject(lambda: self._filtered[1]),
            "querystring": SimpleLazyObject(lambda: self._filtered[2]),
        }


@anonymous_page_cache(params=LIST_PARAMS, parts=pages.list_parts, lagging=[pages.COUNTS], members=True)
def idea_list(request):
    """Published contributions with filters, search, sorting and pagination. Every filter is a
    plain GET parameter, so a filtered list can be bookmarked; htmx swaps only the results.

    Kept whole for signed-in people too (``members=True``): the page holds nothing of theirs but
    the menu and the logout form's CSRF token."""
    template = "ideas/_results.html" if request.htmx and not request.htmx.boosted else "ideas/idea_list.html"
    context = _Listing(request).context()
    context["results_version"] = pagecache.version(request, pages.list_parts(request), [pages.COUNTS])
    return render(request, template, context)


def _idea_for_page(request, pk):
    try:
        idea = selectors.idea_detail(pk)
    except Idea.DoesNotExist:
        raise Http404 from None
    if idea.plan.status != ActionPlan.Status.PUBLIC and not request.user.has_perm("ideas.view_contribution", idea):
        # A plan still in draft is not there for the public, not even behind a login page.
        raise Http404
    return idea


def _own_on_detail(request, pk) -> str | None:
    """What of a contribution's page is the signed-in person's own (``members=`` of the page
    cache): whether they may support it and do, and whether they see the staff link. None when
    they may not see the page at all: it is then rendered, and refused, as usual."""
    idea = selectors.idea_for_member(pk, request.user)
    if idea is None or not idea.is_public:
        return None  # missing, or the author's or staff's view of one not public: theirs alone
    can_support = request.user.has_perm("ideas.support", idea)
    moderate = rules.has_perm("ideas.moderate", request.user)  # the rule, not the model permissions
    # Read once: the page rendered after a miss asks the same (``_supported``).
    supported = fact(request.user, f"supports:{pk}", lambda: idea.supported_by_them)
    return f"s{int(can_support)}{int(can_support and supported)}m{int(moderate)}"


def _supported(request, idea) -> bool:
    """Whether the person supports ``idea``: what ``_own_on_detail`` read, or one query."""
    return fact(request.user, f"supports:{idea.pk}", lambda: idea.pk in selectors.supported_ids(request.user, [idea]))


@anonymous_page_cache(parts=pages.detail_parts, members=_own_on_detail)
@permission_required("ideas.view_contribution", _idea_for_page)
def idea_detail(request, pk, obj):
    """A contribution's page. Kept whole for signed-in people too, once per answer of
    ``_own_on_detail`` (their support, the staff link), with their CSRF token put in: a page that
    is kept costs the person's row, one query for the contribution and their support, and no
    template."""
    idea = obj
    return render(
        request,
        "ideas/idea_detail.html",
        {
            "idea": idea,
            "idea_version": pagecache.version(request, pages.detail_parts(request, pk)),
            "supported": _supported(request, idea),
            "can_support": request.user.has_perm("ideas.support", idea),
            "can_moderate": rules.has_perm("ideas.moderate", request.user),
        },
    )


# --- Submitting and editing one's own contributions ----------------------------------------------


def idea_create(request):
    plan = plan_current()
    phase, is_open = selectors.call_for_input(plan)
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
    page = Paginator(selectors.ideas_of_author(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ideas/my_ideas.html", {"page": page, "ideas": page.object_list})


@login_required
def my_idea_detail(request, pk):
    try:
        idea = selectors.own_idea(pk, request.user)
    except Idea.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "ideas/my_idea_detail.html",
        {"idea": selectors.idea_detail(idea.pk), "can_edit": request.user.has_perm("ideas.edit_own", idea)},
    )


# --- Supports and reports -------------------------------------------------------------------------


@require_POST
def support(request, pk):
    obj = _idea(request, pk)
    if request.user.is_authenticated and obj.author_id == request.user.pk:
        # The rule says no to the author as well; this says why instead of a bare "no access".
        return render(request, "403.html", {"reason": OWN_SUPPORT_REFUSED}, status=403)
    if denied := check_permission(request, "ideas.support", obj):
        return denied
    if request.POST.get("support") == "0":
        services.support_remove(idea=obj, user=request.user)
    elif not services.support_add(idea=obj, user=request.user):
        messages.info(request, _("You already said this matters to you."))
    pagecache.mark_fresh(request, pages.COUNTS)  # their own pages show the new count at once
    if request.htmx:
        obj.refresh_from_db(fields=["support_count"])
        supported = obj.pk in selectors.supported_ids(request.user, [obj])
        return render(request, "ideas/_support.html", {"idea": obj, "supported": supported, "can_support": True})
    return redirect(safe_next(request, obj.get_absolute_url()))


@permission_required("ideas.report", _idea)
def report(request, pk, obj):
    if services.already_reported(idea=obj, reporter=request.user):
        messages.info(request, ALREADY_REPORTED)
        return redirect(obj.get_absolute_url())
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not allow("ideas-report", [(f"user:{request.user.pk}", 20)]):
            form.add_error(None, _("You have sent many reports in a short time. Please try again later."))
            return render(request, "ideas/report_form.html", {"form": form, "idea": obj}, status=429)
        _report, created = services.idea_report(idea=obj, reporter=request.user, **form.cleaned_data)
        if created:
            messages.success(request, _("Thank you for your report. A moderator will look at this contribution again."))
        else:  # a second tab, or a double click
            messages.info(request, ALREADY_REPORTED)
        return redirect(obj.get_absolute_url())
    return render(request, "ideas/report_form.html", {"form": form, "idea": obj}, status=400 if form.errors else 200)


# --- Building blocks and the reasoned response ---------------------------------------------------


@anonymous_page_cache(parts=pages.list_parts())
def building_block_list(request):
    plan = plan_current()
    return render(
        request, "ideas/building_block_list.html", {"blocks": selectors.public_building_blocks(), "plan": plan}
    )


@anonymous_page_cache(params=["page"], parts=pages.list_parts(), lagging=[pages.COUNTS])
def building_block_detail(request, pk):
    try:
        block = selectors.public_building_block(pk)
    except BuildingBlock.DoesNotExist:
        raise Http404 from None
    page = Paginator(selectors.public_ideas_in_block(block), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "ideas/building_block_detail.html", {"building_block": block, "page": page, "ideas": page.object_list}
    )


@anonymous_page_cache(params=["page"], parts=pages.list_parts(), lagging=[pages.COUNTS])
def what_happened(request):
    plan = plan_current()
    page = Paginator(selectors.unanswered_public_ideas(plan), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"plan": plan, "stats": selectors.what_happened(plan), "page": page, "ideas": page.object_list}
    return render(request, "ideas/what_happened.html", context)
