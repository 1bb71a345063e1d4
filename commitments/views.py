from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from commitments import detail_sections
from commitments.content import (
    RELATION_FIELDS,
    SCALAR_FIELDS,
    commitment_missing,
    field_label,
    field_text,
    versions_diff,
)
from commitments.forms import CommitmentCreateForm, CommitmentFilter, CommitmentForm, MilestoneFormSet
from commitments.models import Commitment
from commitments.rules import TRANSITIONS, drafting_deadline
from commitments.selectors import (
    commitment_for_page,
    commitment_public_list,
    commitment_staff_overview,
    commitment_versions,
    commitment_workspace,
    supporting_groups,
)
from commitments.services import (
    StaleEdit,
    TransitionRefused,
    commitment_create,
    commitment_restore,
    commitment_save,
    commitment_transition,
)
from core import clock
from core.concurrency import VERSION_FIELD, edit_version
from core.formdata import formset_rows
from core.permissions import check_permission, permission_required
from plans.models import Phase
from plans.roles import is_action_holder

TRANSITION_LABELS = {
    "submit": gettext_lazy("Mark as ready for review"),
    "withdraw": gettext_lazy("Take back to draft"),
    "start_review": gettext_lazy("Start the forum review"),
    "revise": gettext_lazy("Mark as revised after the review"),
    "finalise": gettext_lazy("Mark as final"),
    "publish": gettext_lazy("Publish"),
}


def _get(request, identifier, **kwargs):
    commitment = commitment_for_page(identifier=identifier)
    if commitment is None:
        raise Http404
    return commitment


def commitment_list(request):
    filters = CommitmentFilter(request.GET or None, queryset=commitment_public_list())
    commitments = list(filters.qs)
    return render(
        request,
        "commitments/commitment_list.html",
        {"filter": filters, "commitments": commitments, "is_action_holder": is_action_holder(request.user)},
        status=400 if filters.is_bound and filters.errors else 200,
    )


def _transitions(user, commitment):
    return [
        (name, TRANSITION_LABELS[name])
        for name in TRANSITIONS
        if user.has_perm(f"commitments.{name}_commitment", commitment)
    ]


def _detail_context(request, commitment, **extra):
    today = clock.today()
    milestones = list(commitment.milestones.all())
    for milestone in milestones:
        if milestone.starts_on and milestone.ends_on:
            phase = Phase(starts_on=milestone.starts_on, ends_on=milestone.ends_on)
            milestone.timeline_status = Phase.Status(phase.status_on(today))
        else:
            milestone.timeline_status = None
    can_edit = request.user.has_perm("commitments.change_commitment", commitment)
    show_missing = can_edit or request.user.has_perm("commitments.view_overview")
    can_view_history = request.user.has_perm("commitments.view_history", commitment)
    return {
        "commitment": commitment,
        "milestones": milestones,
        "supporting_groups": supporting_groups(commitment),
        "missing": commitment_missing(commitment)
        if show_missing and commitment.status != Commitment.Status.PUBLISHED
        else [],
        "show_missing": show_missing,
        "can_edit": can_edit,
        "can_view_history": can_view_history,
        "transitions": _transitions(request.user, commitment),
        "deadline": drafting_deadline(commitment.plan),
        "detail_sections": detail_sections.sections(commitment, request),
        **extra,
    }


@permission_required("commitments.view_commitment", _get)
def commitment_detail(request, identifier, obj):
    return render(request, "commitments/commitment_detail.html", _detail_context(request, obj))


@permission_required("commitments.add_commitment")
def commitment_new(request):
    form = CommitmentCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        commitment = commitment_create(
            plan=data["plan"],
            lead_organisation=data["lead_organisation"],
            title_nl=data["title_nl"],
            title_en=data["title_en"],
            actor=request.user,
        )
        messages.success(
            request,
            _("Commitment %(identifier)s has been created. Fill in the rest of the template below.")
            % {"identifier": commitment.identifier},
        )
        return redirect("commitments:edit", identifier=commitment.identifier)
    return render(request, "commitments/commitment_new.html", {"form": form}, status=400 if form.errors else 200)


def _merged_data(post, stale: StaleEdit):
    """The editor's form, with what only the other person changed taken over, so that saving it
    again keeps both people's work. Fields both changed keep the editor's own text."""
    data = post.copy()
    data[VERSION_FIELD] = edit_version(stale.current)  # saving again goes on top of their version
    for field in stale.theirs_only:
        value = stale.theirs.get(field)
        if field in SCALAR_FIELDS:
            if isinstance(value, bool):
                if value:
                    data[field] = "on"
                else:
                    data.pop(field, None)
            else:
                data[field] = value or ""
        elif field in RELATION_FIELDS:
            data.setlist(field, [str(ref[0]) for ref in value or []])
    return data


@permission_required("commitments.change_commitment", _get)
def commitment_edit(request, identifier, obj):
    data = request.POST if request.method == "POST" else None
    form = CommitmentForm(data, instance=obj)
    milestones = MilestoneFormSet(data, instance=obj, prefix="milestones", form_kwargs={"plan": obj.plan})
    version, conflicts, stale = obj.version, [], None
    status = 200
    if data is not None:
        if form.is_valid() and milestones.is_valid():
            try:
                saved, changed = commitment_save(
                    commitment=obj,
                    data=form.model_data(),
                    milestones=formset_rows(milestones),
                    seen_version=form.seen_version,
                    actor=request.user,
                )
            except StaleEdit as error:
                stale = error
                current = error.current
                version = current.version
                form = CommitmentForm(_merged_data(request.POST, error), instance=current)
                if "milestones" in error.theirs_only:
                    milestones = MilestoneFormSet(
                        instance=current, prefix="milestones", form_kwargs={"plan": current.plan}
                    )
                conflicts = [
                    {
                        "label": field_label(f),
                        "mine": field_text(f, error.mine.get(f)),
                        "theirs": field_text(f, error.theirs.get(f)),
                    }
                    for f in error.conflicts
                ]
                status = 409
            else:
                if changed:
                    messages.success(
                        request,
                        _("Saved as version %(number)s.") % {"number": saved.version},
                    )
                else:
                    messages.info(request, _("Nothing had changed, so no new version was made."))
                return redirect(saved.get_absolute_url())
        else:
            status = 400
    return render(
        request,
        "commitments/commitment_form.html",
        {
            "commitment": obj,
            "form": form,
            "milestones": milestones,
            "version": version,
            "stale": stale,
            "conflicts": conflicts,
            "theirs_only": [field_label(f) for f in stale.theirs_only] if stale else [],
            "missing": commitment_missing(obj),
        },
        status=status,
    )


@require_POST
def commitment_transition_view(request, identifier, name):
    if name not in TRANSITIONS:
        raise Http404
    commitment = _get(request, identifier)
    if denied := check_permission(request, f"commitments.{name}_commitment", commitment):
        return denied
    try:
        commitment_transition(commitment=commitment, name=name, actor=request.user)
    except TransitionRefused as refusal:
        context = _detail_context(request, commitment, refusal=refusal)
        return render(request, "commitments/commitment_detail.html", context, status=400)
    updated = Commitment.objects.get(pk=commitment.pk)
    messages.success(request, _("The commitment is now “%(status)s”.") % {"status": updated.get_status_display()})
    return redirect(commitment.get_absolute_url())


@permission_required("commitments.view_history", _get)
def commitment_history(request, identifier, obj):
    versions = commitment_versions(commitment=obj)
    for v in versions:
        v.changed_labels = [field_label(f) for f in v.changed_fields]
    by_number = {v.number: v for v in versions}
    diff, old, new = None, None, None
    error = ""
    try:
        a = int(request.GET.get("from", "")) if "from" in request.GET else None
        b = int(request.GET.get("to", "")) if "to" in request.GET else None
    except ValueError:
        a = b = None
        error = _("Choose two versions to compare.")
    if a is None and b is None and len(versions) >= 2:
        a, b = versions[1].number, versions[0].number
    if a is not None and b is not None:
        old, new = by_number.get(a), by_number.get(b)
        if old is None or new is None:
            error = _("Choose two versions to compare.")
        else:
            diff = versions_diff(old.snapshot, new.snapshot)
    return render(
        request,
        "commitments/commitment_history.html",
        {
            "commitment": obj,
            "versions": versions,
            "diff": diff,
            "old": old,
            "new": new,
            "error": error,
            "can_restore": request.user.has_perm("commitments.change_commitment", obj),
            "status_changes": list(obj.status_changes.select_related("actor")),
        },
        status=400 if error else 200,
    )


@require_POST
@permission_required("commitments.change_commitment", _get)
def commitment_restore_view(request, identifier, number, obj):
    get_object_or_404(obj.versions, number=number)
    version = commitment_restore(commitment=obj, number=number, actor=request.user)
    if version is None:
        messages.info(request, _("Version %(number)s says the same as the current one.") % {"number": number})
    else:
        messages.success(
            request,
            _("Version %(old)s has been restored as version %(new)s.") % {"old": number, "new": version.number},
        )
    return redirect("commitments:history", identifier=obj.identifier)


@permission_required("commitments.view_overview")
def staff_overview(request):
    late = request.GET.get("late") == "1"
    commitments = list(commitment_staff_overview(late=late))
    for commitment in commitments:
        commitment.missing = commitment_missing(commitment)
    return render(request, "commitments/staff_overview.html", {"commitments": commitments, "late": late})


@permission_required("commitments.view_workspace")
def workspace(request):
    context = commitment_workspace(user=request.user)
    for commitment in context["led"]:
        commitment.missing = commitment_missing(commitment)
    context["can_add"] = request.user.has_perm("commitments.add_commitment")
    return render(request, "commitments/workspace.html", context)
