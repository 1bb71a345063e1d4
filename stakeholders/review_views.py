"""Pages of the forum's review rounds: open a round, review a commitment, answer remarks, close,
the public decision log, and the optional public consultation with its moderation."""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commitments.content import field_label
from commitments.models import PROSE_FIELDS
from commitments.services import TransitionRefused
from core import clock
from core.permissions import permission_required
from core.ratelimit import allow, client_ip
from plans.models import ActionPlan
from stakeholders import selectors, services
from stakeholders.models import Remark, RemarkReport, ReviewRound, RoundCommitment
from stakeholders.review_forms import AnswerForm, CommentForm, ReviewForm, RoundForm
from stakeholders.rules import seat_of

COMMENT_LIMIT = 10  # public comments per person per hour


def _round(request, slug, pk, **kwargs):
    return get_object_or_404(ReviewRound.objects.select_related("plan"), pk=pk, plan__slug=slug)


def _item(request, slug, pk, identifier, **kwargs):
    return get_object_or_404(
        RoundCommitment.objects.select_related("round__plan", "commitment__lead_organisation", "reviewed_version"),
        round_id=pk, round__plan__slug=slug, commitment__identifier=identifier,
    )  # fmt: skip


def _form_error(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@permission_required("stakeholders.open_round")
def round_new(request, slug):
    plan = get_object_or_404(ActionPlan, slug=slug)
    seats = list(selectors.current_seats(plan, clock.today()).select_related("user"))
    form = RoundForm(request.POST or None, plan=plan, seats=seats)
    if request.method == "POST" and form.is_valid():
        # The commitments' own rule for start_review (process owner, forum review phase current).
        refused = [
            c.identifier
            for c in form.cleaned_data["commitments"]
            if not request.user.has_perm("commitments.start_review_commitment", c)
        ]
        if refused:
            form.add_error(
                "commitments",
                _(
                    "The forum review cannot start now for %(identifiers)s: the plan's forum review phase is not current."
                )
                % {"identifiers": ", ".join(refused)},
            )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review_round = services.round_open(
                plan=plan, title=data["title"], deadline=data["deadline"], commitments=list(data["commitments"]),
                criteria=data["criteria"], reviewers=form.reviewers(),
                public_consultation=data["public_consultation"], actor=request.user,
            )  # fmt: skip
        except ValidationError as error:
            _form_error(form, error)
        except TransitionRefused as refused:
            form.add_error("commitments", str(refused))
        else:
            messages.success(request, _("The review round is open and the reviewers have been invited."))
            return redirect(review_round)
    status = 400 if form.errors else 200
    return render(request, "stakeholders/round_form.html", {"form": form, "plan": plan}, status=status)


@permission_required("stakeholders.view_round", _round)
def round_detail(request, slug, pk, obj):
    review_round = obj
    items = selectors.round_items(review_round)
    seat = seat_of(request.user, review_round.plan)  # read by the permission check already
    rows = []
    for item in items:
        item.round = review_round
        mine = next((r for r in item.reviews.all() if r.reviewer_id == request.user.pk), None)
        rows.append(
            {
                "item": item,
                "reviewers": list(item.reviewers.all()),
                "reviews": len(item.reviews.all()),
                "remarks": len(item.remarks.all()),
                "unanswered": sum(1 for r in item.remarks.all() if not r.answer),
                "mine": mine,
                "can_review": not mine
                and not review_round.is_closed(clock.today())
                and selectors.assigned_to(item, seat),
            }
        )
    return render(
        request,
        "stakeholders/round_detail.html",
        {
            "round": review_round,
            "rows": rows,
            "closed": review_round.is_closed(clock.today()),
            "can_manage": request.user.has_perm("stakeholders.manage_round", review_round),
            "can_moderate": review_round.public_consultation
            and request.user.has_perm("stakeholders.moderate_round", review_round),
        },
    )


def _remark_rows(item, *, user, bound=None):
    can_answer = user.has_perm("stakeholders.answer_item", item)
    rows = []
    for remark in item.remarks.all():
        form = None
        if can_answer:
            if bound is not None and bound[0] == remark.pk:
                form = bound[1]
            else:
                initial = {"answer": remark.answer, "reason": remark.reason} if remark.answer else None
                form = AnswerForm(initial=initial, prefix=f"r{remark.pk}")
        rows.append({"remark": remark, "target": _target_label(remark), "form": form})
    return rows


def _target_label(remark: Remark) -> str:
    if remark.milestone_id:
        return _("Milestone: %(text)s") % {"text": str(remark.milestone)}
    if remark.field:
        try:
            return field_label(remark.field)
        except FieldDoesNotExist:  # a field that no longer exists: the name is better than nothing
            return remark.field
    return ""


def _item_page(request, item, *, bound=None, status=200):
    items = selectors.round_items(item.round)
    full = next(i for i in items if i.pk == item.pk)
    full.round = item.round
    latest = selectors.latest_snapshots([full])
    return render(
        request,
        "stakeholders/review_item.html",
        {
            "round": item.round,
            "item": full,
            "commitment": full.commitment,
            "remarks": _remark_rows(full, user=request.user, bound=bound),
            "diff": selectors.item_diff(full, latest.get(full.commitment_id)),
            "averages": [
                (key, label, avg, n)
                for (key, avg, n), (_k, label) in zip(
                    selectors.averages(full, item.round.criteria), item.round.criteria_labels(), strict=True
                )
            ],
            "can_review": request.user.has_perm("stakeholders.review_item", full)
            and not item.round.is_closed(clock.today())
            and not any(r.reviewer_id == request.user.pk for r in full.reviews.all()),
        },  # fmt: skip
        status=status,
    )


def _item_permission(perm):
    def get(request, slug, pk, identifier, **kwargs):
        return _item(request, slug, pk, identifier)

    return permission_required(perm, get)


@_item_permission("stakeholders.view_round")
def item_detail(request, slug, pk, identifier, obj):
    return _item_page(request, obj)


@_item_permission("stakeholders.review_item")
def review_form(request, slug, pk, identifier, obj):
    item = obj
    form = ReviewForm(request.POST or None, criteria=item.round.criteria, commitment=item.commitment)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_submit(item=item, reviewer=request.user, scores=form.scores(), remarks=form.remarks())
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Thank you: your review has been submitted."))
            return redirect(services.item_url(item))
    status = 400 if form.errors else 200
    already = request.method == "GET" and item.reviews.filter(reviewer=request.user).exists()
    closed = request.method == "GET" and item.round.is_closed(clock.today())
    return render(
        request,
        "stakeholders/review_form.html",
        {"form": form, "item": item, "round": item.round, "already": already, "closed": closed},
        status=status,
    )


def _remark(request, slug, pk, remark_pk, **kwargs):
    return get_object_or_404(Remark.objects.select_related("item__round__plan", "item__commitment"),
                             pk=remark_pk, item__round_id=pk, item__round__plan__slug=slug)  # fmt: skip


def _remark_item(request, slug, pk, remark_pk, **kwargs):
    """The permission is about the remark's commitment in the round (answer_item)."""
    return _remark(request, slug, pk, remark_pk).item


@require_POST
@permission_required("stakeholders.answer_item", _remark_item)
def remark_answer(request, slug, pk, remark_pk, obj):
    item = obj
    remark = _remark(request, slug, pk, remark_pk)
    form = AnswerForm(request.POST, prefix=f"r{remark.pk}")
    if form.is_valid():
        try:
            services.remark_answer(
                remark=remark,
                answer=form.cleaned_data["answer"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your answer has been saved."))
            return redirect(f"{services.item_url(item)}#remark-{remark.pk}")
    return _item_page(request, item, bound=(remark.pk, form), status=400)


@require_POST
@permission_required("stakeholders.manage_round", _round)
def round_close(request, slug, pk, obj):
    services.round_close(review_round=obj, actor=request.user)
    messages.success(request, _("The round has been closed; its decision log is public."))
    return redirect(obj)


@permission_required("stakeholders.view_decision_log", _round)
def decision_log(request, slug, pk, obj):
    review_round = obj
    items = selectors.round_items(review_round)
    latest = selectors.latest_snapshots(items)
    labels = dict(review_round.criteria_labels())
    entries = []
    for item in items:
        item.round = review_round
        entries.append(
            {
                "item": item,
                "averages": [(labels[k], avg, n) for k, avg, n in selectors.averages(item, review_round.criteria)],
                "remarks": [{"remark": r, "target": _target_label(r)} for r in item.remarks.all()],
                "diff": selectors.item_diff(item, latest.get(item.commitment_id)),
            }
        )
    return render(request, "stakeholders/decision_log.html", {"round": review_round, "entries": entries})


def consultation(request, slug, pk, identifier):
    """The draft under public consultation, with a comment form for signed-in participants."""
    item = _item(request, slug, pk, identifier)
    review_round = item.round
    is_open = review_round.public_consultation and not review_round.is_closed(clock.today())
    if not review_round.public_consultation:
        return render(request, "404.html", status=404)
    form = CommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.path}")
        if form.is_valid():
            if not allow(
                "forum-consultation", [(f"user:{request.user.pk}", COMMENT_LIMIT), (f"ip:{client_ip(request)}", 50)]
            ):
                form.add_error(None, _("You have sent many comments in a short time. Please try again later."))
                status = 429
            else:
                try:
                    services.consultation_comment(item=item, author=request.user, text=form.cleaned_data["text"])
                except ValidationError as error:
                    _form_error(form, error)
                else:
                    messages.success(request, _("Thank you! A moderator checks your comment before it is published."))
                    return redirect(request.path)
        status = status if status != 200 else 400
    lang = "en" if (get_language() or "nl").startswith("en") else "nl"
    snapshot = item.reviewed_version.snapshot

    def text(name):
        return snapshot.get(f"{name}_{lang}") or snapshot.get(f"{name}_nl") or ""

    draft = {
        "title": text("title"),
        "fields": [(label, text(name)) for name, label in PROSE_FIELDS if name != "title" and text(name)],
        "milestones": [
            {**m, "description": m.get(f"description_{lang}") or m.get("description_nl"),
             "output": m.get(f"expected_output_{lang}") or m.get("expected_output_nl")}
            for m in snapshot.get("milestones", [])
        ],
    }  # fmt: skip
    comments = list(
        item.remarks.filter(is_public=True, moderation=Remark.Moderation.APPROVED).select_related("answered_by")
    )
    return render(
        request,
        "stakeholders/round_consultation.html",
        {"item": item, "round": review_round, "commitment": item.commitment,
         "draft": draft, "form": form, "report_reasons": RemarkReport._meta.get_field("reason").choices, "is_open": is_open, "comments": comments},
        status=status,
    )  # fmt: skip


def _login_url():
    return reverse("account_login")


@permission_required("stakeholders.moderate_round", _round)
def moderation(request, slug, pk, obj):
    if request.method == "POST":
        remark = get_object_or_404(Remark, pk=request.POST.get("remark"), item__round=obj, is_public=True)
        services.consultation_moderate(
            remark=remark, approve=request.POST.get("decision") == "approve", actor=request.user
        )
        messages.success(request, _("The comment has been moderated."))
        return redirect(request.path)
    return render(
        request,
        "stakeholders/round_moderation.html",
        {
            "round": obj,
            "pending": selectors.pending_consultation(obj),
            "reported": selectors.reported_consultation(obj),
        },
    )


@require_POST
def consultation_report(request, slug, pk, identifier, remark_pk):
    """Report a published comment (signed in, rate-limited); it goes back to the moderators."""
    item = _item(request, slug, pk, identifier)
    remark = get_object_or_404(Remark, pk=remark_pk, item=item, is_public=True, moderation=Remark.Moderation.APPROVED)
    back = reverse("stakeholders_review:consultation", args=[slug, pk, identifier])
    if not request.user.is_authenticated:
        return redirect(f"{_login_url()}?next={back}")
    if not allow("forum-report", [(f"user:{request.user.pk}", 20)]):
        messages.error(request, _("You have sent many reports in a short time. Please try again later."))
        return redirect(back)
    try:
        services.consultation_report(remark=remark, reporter=request.user, reason=request.POST.get("reason", ""))
    except ValidationError:
        messages.error(request, _("Choose why you report this comment."))
    else:
        messages.success(request, _("Thank you: a moderator will look at this comment."))
    return redirect(f"{back}#comment-{remark.pk}")
