"""Pages of the mid-term refresh: its public page, starting it, amendments to published
commitments with the forum's review, and the plan's new published version."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commitments.content import versions_diff
from commitments.models import Commitment
from commitments.rules import plan_phase
from core.formdata import formset_rows
from core.permissions import permission_required
from ideas.selectors import call_for_input
from implementation import refresh as services
from implementation.models import Amendment
from implementation.refresh_forms import (
    AmendmentCommentForm,
    AmendmentForm,
    AmendmentMilestoneFormSet,
    PlanVersionForm,
    RefreshStartForm,
)
from plans.models import ActionPlan, Phase


def _plan(request, slug):
    return get_object_or_404(ActionPlan, slug=slug)


def _refresh(plan):
    refresh = services.refresh_of(plan)
    if refresh is None:
        raise Http404
    return refresh


def _commitment(request, identifier):
    return get_object_or_404(Commitment.objects.select_related("plan", "lead_organisation"), identifier=identifier)


def _amendment(request, pk):
    return get_object_or_404(
        Amendment.objects.select_related("commitment__plan", "commitment__lead_organisation", "refresh"), pk=pk
    )


def _add_errors(form, error: ValidationError):
    """A service's ValidationError onto the form: by field where it names one of the form's."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- The refresh's page -----------------------------------------------------------------------


@permission_required("implementation.view_refresh", _plan)
def refresh_detail(request, slug, obj):
    refresh = _refresh(obj)
    phase, is_open = call_for_input(obj)
    user = request.user
    amendments = list(services.amendments_of(refresh))
    new = list(services.new_commitments(refresh))
    if not user.has_perm("commitments.view_overview"):
        new = [c for c in new if c.status == Commitment.Status.PUBLISHED and obj.status == ActionPlan.Status.PUBLIC]
        amendments = [a for a in amendments if a.status == Amendment.Status.PUBLISHED]
    contributions = services.refresh_contributions(refresh)
    return render(
        request,
        "implementation/refresh/refresh_detail.html",
        {
            "plan": obj,
            "refresh": refresh,
            "call_is_open": is_open and phase is not None and phase.pk == refresh.phase_id,
            "contributions": contributions[:50],
            "contribution_count": contributions.count(),
            "new_commitments": new,
            "amendments": amendments,
            "can_publish": user.has_perm("implementation.publish_refresh", obj),
        },
    )


@permission_required("implementation.start_refresh", _plan)
def refresh_start(request, slug, obj):
    if services.refresh_of(obj) is not None:
        messages.info(request, _("The refresh of this plan has already been started."))
        return redirect("implementation_refresh:detail", slug=obj.slug)
    form = RefreshStartForm(request.POST or None, plan=obj)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.refresh_start(plan=obj, actor=request.user, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The refresh has started. The call for input opens on the date you chose."))
            return redirect("implementation_refresh:detail", slug=obj.slug)
    published = services.plan_is_published(obj)
    status = 400 if form.errors else 200
    return render(
        request, "implementation/refresh/refresh_start.html", {"plan": obj, "form": form, "published": published},
        status=status,
    )  # fmt: skip


@permission_required("implementation.publish_refresh", _plan)
def refresh_publish(request, slug, obj):
    refresh = _refresh(obj)
    initial = {
        "changes_nl": services.changes_text(refresh, "nl"),
        "changes_en": services.changes_text(refresh, "en"),
        "label_nl": _("Refreshed plan"),
    }
    form = PlanVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publish_refreshed_version(refresh=refresh, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        except services.Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The new version of the plan has been published."))
            return redirect(version.get_absolute_url())
    status = 400 if form.errors else 200
    return render(
        request, "implementation/refresh/refresh_publish.html", {"plan": obj, "refresh": refresh, "form": form},
        status=status,
    )  # fmt: skip


# --- Amendments -------------------------------------------------------------------------------


def _initial(commitment, amendment):
    values = {name: getattr(commitment, name) for name in services.AMENDABLE_FIELDS}
    if amendment is not None:
        values.update(amendment.changes.get("fields", {}))
        values.update(reason_nl=amendment.reason_nl, reason_en=amendment.reason_en)
    return values


def _milestone_formset(request, commitment, amendment):
    if request.method == "POST":
        return AmendmentMilestoneFormSet(
            request.POST, instance=commitment, prefix="milestones", form_kwargs={"plan": commitment.plan}
        )
    rows = amendment.changes.get("milestones", []) if amendment else []
    new = [{k: v for k, v in row.items() if k != "id"} for row in rows if row.get("id") is None]
    formset = AmendmentMilestoneFormSet(
        instance=commitment, prefix="milestones", form_kwargs={"plan": commitment.plan}, initial=new[:1]
    )
    changed = {row["id"]: row for row in rows if row.get("id") is not None}
    for form in formset.initial_forms:
        if form.instance.pk in changed:
            row = changed[form.instance.pk]
            form.initial.update({k: v for k, v in row.items() if k != "id"})
    return formset


@permission_required("implementation.amend_commitment", _commitment)
def amend(request, identifier, obj):
    amendment = services.open_amendment(obj)
    if amendment is not None and amendment.status != Amendment.Status.DRAFT:
        messages.info(request, _("The forum is reviewing the amendment of this commitment: it cannot be changed now."))
        return redirect(amendment.get_absolute_url())
    form = AmendmentForm(request.POST or None, initial=_initial(obj, amendment))
    milestones = _milestone_formset(request, obj, amendment)
    if request.method == "POST" and form.is_valid() and milestones.is_valid():
        try:
            saved = services.amendment_save(
                commitment=obj, reason_nl=form.cleaned_data["reason_nl"], reason_en=form.cleaned_data["reason_en"],
                fields=form.text_values(), milestones=formset_rows(milestones), actor=request.user,
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error)
        except services.Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The amendment has been saved. Send it to the forum when it is ready."))
            return redirect(saved.get_absolute_url())
    status = 400 if form.errors or milestones.total_error_count() else 200
    return render(
        request,
        "implementation/refresh/amendment_form.html",
        {"commitment": obj, "amendment": amendment, "form": form, "milestones": milestones},
        status=status,
    )


def _amendment_context(request, amendment, **extra):
    user = request.user
    return {
        "amendment": amendment,
        "commitment": amendment.commitment,
        "diff": versions_diff(amendment.before, amendment.after),
        "comments": list(amendment.comments.all()),
        "can_change": user.has_perm("implementation.change_amendment", amendment),
        "can_submit": user.has_perm("implementation.submit_amendment", amendment),
        "can_return": user.has_perm("implementation.return_amendment", amendment),
        "can_publish": user.has_perm("implementation.publish_amendment", amendment),
        "can_comment": user.has_perm("implementation.comment_amendment", amendment),
        "comment_form": extra.pop("comment_form", None) or AmendmentCommentForm(),
        **extra,
    }


@permission_required("implementation.view_amendment", _amendment)
def amendment_detail(request, pk, obj):
    return render(request, "implementation/refresh/amendment_detail.html", _amendment_context(request, obj))


def _step(request, amendment, step, done_message):
    try:
        step(amendment=amendment, actor=request.user)
    except services.Refused as refused:
        context = _amendment_context(request, amendment, refusal=str(refused))
        return render(request, "implementation/refresh/amendment_detail.html", context, status=400)
    messages.success(request, done_message)
    return redirect(amendment.get_absolute_url())


@require_POST
@permission_required("implementation.submit_amendment", _amendment)
def amendment_submit(request, pk, obj):
    return _step(request, obj, services.amendment_submit, _("The amendment has been sent to the forum for review."))


@require_POST
@permission_required("implementation.return_amendment", _amendment)
def amendment_return(request, pk, obj):
    return _step(request, obj, services.amendment_return, _("The amendment is a draft again and can be changed."))


@require_POST
@permission_required("implementation.publish_amendment", _amendment)
def amendment_publish(request, pk, obj):
    return _step(request, obj, services.amendment_publish, _("The amendment has been published."))


@require_POST
@permission_required("implementation.comment_amendment", _amendment)
def amendment_comment(request, pk, obj):
    form = AmendmentCommentForm(request.POST)
    if form.is_valid():
        try:
            services.amendment_comment(amendment=obj, author=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            _add_errors(form, error)
        except services.Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Your comment has been added."))
            return redirect(obj.get_absolute_url())
    context = _amendment_context(request, obj, comment_form=form)
    return render(request, "implementation/refresh/amendment_detail.html", context, status=400)


# --- On the commitment's page (commitments.detail_sections) ----------------------------------------


def commitment_section(request, commitment) -> dict | None:
    """ "Amended on <date>" with the commitment's history across the refresh, and the way to amend it."""
    if plan_phase(commitment.plan, Phase.Kind.REFRESH) is None:
        # No refresh without its phase (refresh_start makes it): no query for plans never refreshed.
        return None
    amendments = list(commitment.amendments.order_by("amended_on", "pk"))
    published = [a for a in amendments if a.status == Amendment.Status.PUBLISHED]
    pending = [a for a in amendments if a.status != Amendment.Status.PUBLISHED]
    user = request.user
    pending = [a for a in pending if user.has_perm("implementation.view_amendment", a)]
    can_amend = not pending and user.has_perm("implementation.amend_commitment", commitment)
    if not (published or pending or can_amend):
        return None
    return {"published": published, "pending": pending, "can_amend": can_amend}
