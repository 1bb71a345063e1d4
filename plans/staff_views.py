from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.concurrency import StaleEdit, edit_version
from core.formdata import formset_rows
from core.permissions import permission_required
from plans.forms import ActionPlanForm, EventFormSet, PhaseFormSet
from plans.models import ActionPlan
from plans.selectors import plan_timeline
from plans.services import plan_save


@permission_required("accounts.access_staff_pages")
def dashboard(request):
    # Phases and events prefetched: plan_timeline reads them without a query per plan.
    plans = ActionPlan.objects.with_span().prefetch_related("phases", "events").order_by("-number")
    timelines = [plan_timeline(plan=plan) for plan in plans]
    return render(request, "plans/staff/dashboard.html", {"timelines": timelines})


def _edit(request, plan: ActionPlan | None):
    data = request.POST if request.method == "POST" else None
    form = ActionPlanForm(data, instance=plan)
    phases = PhaseFormSet(data, instance=plan, prefix="phases")
    events = EventFormSet(data, instance=plan, prefix="events")
    stale_error = None
    if data is not None and form.is_valid() and phases.is_valid() and events.is_valid():
        try:
            saved = plan_save(
                plan=plan,
                data=form.model_data(),
                phases=formset_rows(phases),
                events=formset_rows(events),
                seen_version=form.seen_version,
            )
        except StaleEdit as error:
            stale_error = _(
                "Someone else saved this plan after you opened it. Your changes have not been saved yet: "
                "check the timeline below, then save again."
            )
            plan.refresh_from_db()  # validating the form wrote the typed values onto it
            form.carry_version(error.current)
        else:
            messages.success(request, _("The plan “%(title)s” has been saved.") % {"title": saved.localized("title")})
            return redirect("staff:plan_edit", slug=saved.slug)
    has_errors = data is not None and (stale_error or form.errors or not phases.is_valid() or not events.is_valid())
    return render(
        request,
        "plans/staff/plan_form.html",
        {
            "plan": plan,
            "form": form,
            "phases": phases,
            "events": events,
            "stale_error": stale_error,
            "has_errors": has_errors,
            "version": edit_version(plan) if plan else "",
        },
        status=400 if has_errors else 200,
    )


@permission_required("plans.manage_plans")
def plan_create(request):
    return _edit(request, None)


@permission_required("plans.manage_plans")
def plan_edit(request, slug):
    return _edit(request, get_object_or_404(ActionPlan, slug=slug))
