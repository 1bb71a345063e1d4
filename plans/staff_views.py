from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.concurrency import StaleEdit, edit_version
from core.formdata import formset_rows
from core.permissions import permission_required
from plans import staff_dashboard
from plans.forms import ActionPlanForm, EventFormSet, PhaseFormSet, PlanVersionForm
from plans.models import ActionPlan
from plans.selectors import plan_timeline
from plans.services import plan_save


@permission_required("accounts.access_staff_pages")
def dashboard(request):
    # Phases and events prefetched: plan_timeline reads them without a query per plan.
    plans = list(ActionPlan.objects.with_span().prefetch_related("phases", "events").order_by("-number"))
    timelines = [plan_timeline(plan=plan) for plan in plans]
    # What needs this person: each app above plans adds its own part (plans.staff_dashboard).
    work = staff_dashboard.work_items(request, plans)
    charts = staff_dashboard.charts(request, plans)
    return render(request, "plans/staff/dashboard.html", {"timelines": timelines, "work": work, "charts": charts})


# A plan is edited on three pages, each a plain form saving its own part with the plan's version:
# the plan's details, its phases, its events (one page of all three ran to 15,000 pixels).


def _details(request, plan: ActionPlan | None):
    data = request.POST if request.method == "POST" else None
    form = ActionPlanForm(data, instance=plan)
    stale_error = None
    if data is not None and form.is_valid():
        try:
            saved = plan_save(plan=plan, data=form.model_data(), seen_version=form.seen_version)
        except StaleEdit as error:
            stale_error = _(
                "Someone else saved this plan after you opened it. Your changes have not been saved yet: "
                "check what you typed, then save again."
            )
            plan.refresh_from_db()  # validating the form wrote the typed values onto it
            form.carry_version(error.current)
        else:
            if plan is None:
                messages.success(
                    request,
                    _("The plan “%(title)s” has been saved. Now add its phases.") % {"title": saved.localized("title")},
                )
                return redirect("staff:plan_phases", slug=saved.slug)
            messages.success(request, _("The plan “%(title)s” has been saved.") % {"title": saved.localized("title")})
            return redirect("staff:plan_edit", slug=saved.slug)
    has_errors = data is not None and bool(stale_error or form.errors)
    return render(
        request,
        "plans/staff/plan_form.html",
        {
            "plan": plan,
            "part": "details",
            "form": form,
            "forms": [form],
            "stale_error": stale_error,
            "version": edit_version(plan) if plan else "",
        },
        status=400 if has_errors else 200,
    )


def _rows(request, plan: ActionPlan, part: str):
    """The phases or the events of a plan: a formset, and the plan's version in a form of its own."""
    data = request.POST if request.method == "POST" else None
    version_form = PlanVersionForm(data, instance=plan)
    formset_class = PhaseFormSet if part == "phases" else EventFormSet
    formset = formset_class(data, instance=plan, prefix=part)
    stale_error = None
    if data is not None and version_form.is_valid() and formset.is_valid():
        try:
            plan_save(plan=plan, seen_version=version_form.seen_version, **{part: formset_rows(formset)})
        except StaleEdit as error:
            stale_error = _(
                "Someone else saved this plan after you opened it. Your changes have not been saved yet: "
                "what you typed is still below. Check the public process page, then save again."
            )
            version_form.carry_version(error.current)
        else:
            if part == "phases":
                done = _("The phases of “%(title)s” have been saved.")
            else:
                done = _("The events of “%(title)s” have been saved.")
            messages.success(request, done % {"title": plan.localized("title")})
            return redirect(f"staff:plan_{part}", slug=plan.slug)
    has_errors = data is not None and bool(stale_error or not version_form.is_valid() or not formset.is_valid())
    return render(
        request,
        f"plans/staff/plan_{part}.html",
        {
            "plan": plan,
            "part": part,
            "version_form": version_form,
            "formset": formset,
            "forms": [version_form, formset],
            "stale_error": stale_error,
            "version": edit_version(plan),
        },
        status=400 if has_errors else 200,
    )


@permission_required("plans.manage_plans")
def plan_create(request):
    return _details(request, None)


@permission_required("plans.manage_plans")
def plan_edit(request, slug):
    return _details(request, get_object_or_404(ActionPlan, slug=slug))


@permission_required("plans.manage_plans")
def plan_phases(request, slug):
    return _rows(request, get_object_or_404(ActionPlan, slug=slug), "phases")


@permission_required("plans.manage_plans")
def plan_events(request, slug):
    return _rows(request, get_object_or_404(ActionPlan, slug=slug), "events")
