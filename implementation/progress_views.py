"""Pages of progress reporting: the public progress of a plan, the action holder's report form and
their list of milestones to report on, the process owners' checks, and evidence documents."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from commitments.models import Commitment, Milestone
from commitments.rules import organisation_ids
from core.files import download
from core.permissions import permission_required
from implementation import open_data
from implementation.models import Evidence, ProgressReport
from implementation.progress import CommitmentProgress, MilestoneProgress, accepted_history, plan_progress
from implementation.progress_forms import ProgressReportForm, ReturnForm, report_fields
from implementation.services import ReportRefused, accept_report, return_report, submit_report
from plans.models import ActionPlan
from publication import open_data as publication_open_data


def _plan(request, slug):
    return get_object_or_404(ActionPlan, slug=slug)


@permission_required("plans.read_plan", _plan)
def plan_progress_page(request, slug, obj):
    """Every published commitment of the plan with its completion, last report and whether a
    report is overdue; the completion per theme. Only accepted reports count."""
    return render(request, "implementation/progress/plan_progress.html", {"plan": obj, "progress": plan_progress(obj)})


def _milestone(request, pk):
    return get_object_or_404(Milestone.objects.select_related("commitment__plan", "commitment__lead_organisation"),
                             pk=pk)  # fmt: skip


@permission_required("implementation.report_progress", _milestone)
def report_form(request, pk, obj):
    milestone = obj
    initial = {}
    again = request.GET.get("again")
    if request.method == "GET" and again and again.isdigit():
        earlier = ProgressReport.objects.filter(pk=again, milestone=milestone).prefetch_related("evidence").first()
        if earlier is not None:
            initial = report_fields(earlier)
    form = ProgressReportForm(request.POST or None, request.FILES or None, milestone=milestone, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                submit_report(
                    milestone=milestone,
                    author=request.user,
                    completion=data["completion"],
                    explanation_nl=data["explanation_nl"],
                    explanation_en=data["explanation_en"],
                    reported_on=data["reported_on"],
                    reporting_round=data["round"],
                    evidence=form.evidence(),
                )
            except ReportRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request, _("Your report has been sent. Staff check it before it appears on the public pages.")
                )
                return redirect("implementation_progress:progress_mine")
        status = 400
    history = accepted_history([milestone.pk]).get(milestone.pk, [])
    return render(
        request,
        "implementation/progress/report_form.html",
        {"form": form, "milestone": milestone, "commitment": milestone.commitment, "history": history},
        status=status,
    )


@permission_required("implementation.view_my_progress")
def my_progress(request):
    """The published commitments of the person's organisations, each milestone with its status
    and a link to report on it; their organisations' reports waiting for a check or sent back."""
    commitments = list(
        Commitment.objects.published()
        .filter(lead_organisation_id__in=organisation_ids(request.user))
        .select_related("plan", "lead_organisation")
        .prefetch_related("milestones")
        .order_by("-plan__number", "sequence")
    )
    history = accepted_history(m.pk for c in commitments for m in c.milestones.all())
    rows = [
        CommitmentProgress(
            commitment=c,
            milestones=[MilestoneProgress(milestone=m, history=history.get(m.pk, [])) for m in c.milestones.all()],
        )
        for c in commitments
    ]
    pending = list(
        ProgressReport.objects.filter(milestone__commitment__in=commitments)
        .exclude(review=ProgressReport.Review.ACCEPTED)
        .select_related("milestone__commitment")
        .order_by("-created_at", "-pk")[:50]
    )
    return render(request, "implementation/progress/my_progress.html", {"rows": rows, "pending": pending})


@permission_required("implementation.view_progress_checks")
def checks(request):
    """Reports waiting for a check, oldest first; the last checked ones below."""
    reports = ProgressReport.objects.select_related("milestone__commitment__plan", "author").prefetch_related(
        "evidence"
    )
    waiting = list(reports.filter(review=ProgressReport.Review.SUBMITTED).order_by("created_at", "pk"))
    checked = list(reports.exclude(review=ProgressReport.Review.SUBMITTED).order_by("-reviewed_at", "-pk")[:20])
    return render(request, "implementation/progress/checks.html", {"waiting": waiting, "checked": checked})


def _report(request, pk):
    return get_object_or_404(
        ProgressReport.objects.select_related("milestone__commitment__plan", "author", "reviewed_by", "round")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))),
        pk=pk,
    )  # fmt: skip


@permission_required("implementation.review_progress", _report)
def check(request, pk, obj):
    report = obj
    decision = request.POST.get("decision")
    return_form = ReturnForm(request.POST if decision == "return" else None)
    status = 200
    if request.method == "POST":
        try:
            if decision == "accept":
                accept_report(report=report, actor=request.user)
                messages.success(
                    request, _("The report has been accepted and is now public. The author has been told.")
                )
                return redirect("implementation_progress:progress_checks")
            if decision == "return" and return_form.is_valid():
                return_report(report=report, actor=request.user, reason=return_form.cleaned_data["reason"])
                messages.success(request, _("The report has been sent back. The author has been told why."))
                return redirect("implementation_progress:progress_checks")
        except ReportRefused as refusal:
            # Checked by someone else in the meantime: the page shows its check now.
            messages.error(request, str(refusal))
            return redirect("implementation_progress:progress_check", pk=report.pk)
        status = 400
    return render(
        request,
        "implementation/progress/check.html",
        {"report": report, "form": return_form, "commitment": report.milestone.commitment},
        status=status,
    )


def _evidence(request, pk):
    return get_object_or_404(
        Evidence.objects.select_related("report__milestone__commitment__plan").exclude(file=""), pk=pk
    )


@permission_required("implementation.view_evidence", _evidence)
def evidence_file(request, pk, obj):
    if not obj.file:
        raise Http404
    return download(obj.file, filename=obj.file.name.rsplit("/", 1)[-1])


def progress_csv(request):
    return publication_open_data.csv_response(open_data.progress_rows(), open_data.PROGRESS_FIELDS, "progress.csv")


def progress_json(request):
    return publication_open_data.json_response(open_data.progress_rows())
