"""Pages of the reporting rounds: for staff the rounds of a plan, opening one, and a round with per
commitment whether its report is in; for everyone a round with the forum's comments, which forum
members add."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import clock
from core.permissions import permission_required
from core.ratelimit import allow, client_ip
from implementation import rounds
from implementation.models import ReportingRound
from implementation.rounds_forms import AgendaForm, CommentForm, RoundForm
from plans.models import ActionPlan

COMMENT_LIMIT = 10  # comments per person per hour
VIEW, VIEW_STAFF, MANAGE, COMMENT = (
    "implementation.view_rounds",
    "implementation.view_rounds_staff",
    "implementation.manage_rounds",
    "implementation.comment_on_round",
)


def _plan(request, slug, **kwargs):
    return get_object_or_404(ActionPlan, slug=slug)


def _round(request, slug, pk, **kwargs):
    return get_object_or_404(
        ReportingRound.objects.select_related("plan", "forum_meeting__plan"), pk=pk, plan__slug=slug
    )


def _form_error(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- Staff ----------------------------------------------------------------------------------------


@permission_required(VIEW_STAFF, _plan)
def staff_list(request, slug, obj):
    plan = obj
    plan_rounds = list(ReportingRound.objects.filter(plan=plan).select_related("plan", "forum_meeting"))
    statuses = rounds.round_statuses(plan_rounds)
    today = clock.today()
    rows = [
        {"round": r, "status": statuses[r.pk], "state": rounds.round_state(r, today), "url": rounds.staff_round_url(r)}
        for r in plan_rounds
    ]
    return render(
        request,
        "implementation/rounds/staff_list.html",
        {"plan": plan, "rows": rows, "can_manage": request.user.has_perm(MANAGE, plan)},
    )


@permission_required(MANAGE, _plan)
def round_new(request, slug, obj):
    plan = obj
    form = RoundForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reporting_round = rounds.round_open(plan=plan, actor=request.user, **data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            if reporting_round.opens_on <= clock.today():
                messages.success(request, _("The reporting round is open and the action holders have been invited."))
            else:
                messages.success(
                    request, _("The reporting round has been saved; the invitations go out on the day it opens.")
                )
            return redirect(rounds.staff_round_url(reporting_round))
    status = 400 if form.errors else 200
    return render(request, "implementation/rounds/round_form.html", {"form": form, "plan": plan}, status=status)


def _staff_round_page(request, reporting_round, *, agenda_form=None, status=200):
    today = clock.today()
    can_manage = request.user.has_perm(MANAGE, reporting_round)
    if agenda_form is None and can_manage:
        agenda_form = AgendaForm(initial={"forum_meeting": reporting_round.forum_meeting_id},
                                 plan=reporting_round.plan)  # fmt: skip
    return render(
        request,
        "implementation/rounds/staff_round.html",
        {
            "round": reporting_round,
            "plan": reporting_round.plan,
            "status": rounds.round_status(reporting_round),
            "state": rounds.round_state(reporting_round, today),
            "comments": rounds.comments_of(reporting_round),
            "agenda_form": agenda_form if can_manage else None,
            "public_url": rounds.round_url(reporting_round),
        },
        status=status,
    )


@permission_required(VIEW_STAFF, _round)
def staff_round(request, slug, pk, obj):
    return _staff_round_page(request, obj)


@require_POST
@permission_required(MANAGE, _round)
def staff_agenda(request, slug, pk, obj):
    form = AgendaForm(request.POST, plan=obj.plan)
    if form.is_valid():
        try:
            rounds.round_agenda_set(reporting_round=obj, meeting=form.cleaned_data["forum_meeting"], actor=request.user)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The agenda has been saved."))
            return redirect(rounds.staff_round_url(obj))
    return _staff_round_page(request, obj, agenda_form=form, status=400)


# --- Public ---------------------------------------------------------------------------------------


@permission_required(VIEW, _plan)
def round_list(request, slug, obj):
    plan = obj
    today = clock.today()
    plan_rounds = ReportingRound.objects.filter(plan=plan).select_related("plan", "forum_meeting__plan")
    rows = [{"round": r, "state": rounds.round_state(r, today), "url": rounds.round_url(r)} for r in plan_rounds]
    return render(request, "implementation/rounds/round_list.html", {"plan": plan, "rows": rows})


def _round_page(request, reporting_round, *, form=None, status=200):
    can_comment = request.user.has_perm(COMMENT, reporting_round)
    if form is None and can_comment:
        form = CommentForm(plan=reporting_round.plan)
    return render(
        request,
        "implementation/rounds/round_detail.html",
        {
            "round": reporting_round,
            "plan": reporting_round.plan,
            "state": rounds.round_state(reporting_round, clock.today()),
            "comments": rounds.comments_of(reporting_round),
            "form": form if can_comment else None,
            "can_see_staff_page": request.user.has_perm(VIEW_STAFF, reporting_round),
            "staff_url": rounds.staff_round_url(reporting_round),
        },
        status=status,
    )


@permission_required(VIEW, _round)
def round_detail(request, slug, pk, obj):
    return _round_page(request, obj)


@require_POST
@permission_required(COMMENT, _round)
def comment(request, slug, pk, obj):
    form = CommentForm(request.POST, plan=obj.plan)
    status = 400
    if form.is_valid():
        if not allow("round-comment", [(f"user:{request.user.pk}", COMMENT_LIMIT), (f"ip:{client_ip(request)}", 50)]):
            form.add_error(None, _("You have sent many comments in a short time. Please try again later."))
            status = 429
        else:
            try:
                added = rounds.forum_comment_add(
                    reporting_round=obj, author=request.user, body=form.cleaned_data["body"],
                    commitment=form.cleaned_data["commitment"],
                )  # fmt: skip
            except ValidationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Thank you: your comment is shown with the round."))
                return redirect(f"{rounds.round_url(obj)}#comment-{added.pk}")
    return _round_page(request, obj, form=form, status=status)
