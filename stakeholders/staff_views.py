"""Staff pages of the forum (process owners): seats, terms of reference, meetings with their
documents, invitations, attendance and minutes, and the OGP meeting rhythm."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import clock
from core.permissions import permission_required
from plans.models import ActionPlan
from stakeholders import selectors, services
from stakeholders.forms import AttendanceForm, MeetingForm, SeatForm, TermsForm
from stakeholders.models import ForumMember, ForumTerms, Meeting, MeetingAttendance

MANAGE = "stakeholders.manage_forum"


def _plan(request, slug):
    return get_object_or_404(ActionPlan, slug=slug)


def _meeting(request, pk):
    return get_object_or_404(Meeting.objects.select_related("plan"), pk=pk)


def _seat(request, pk):
    return get_object_or_404(ForumMember.objects.select_related("plan", "user"), pk=pk)


@permission_required(MANAGE, _plan)
def plan_forum(request, slug, obj):
    seats = ForumMember.objects.filter(plan=obj).select_related("user", "organisation").order_by("-until", "sector")
    meetings = list(Meeting.objects.filter(plan=obj).order_by("-starts_at"))
    today = clock.today()
    return render(
        request,
        "stakeholders/staff/forum.html",
        {
            "plan": obj,
            "seats": seats,
            "meetings": meetings,
            "rhythm": selectors.rhythm(obj, meetings, today),
            "today": today,
            "terms": ForumTerms.objects.filter(plan=obj).first(),
        },
    )


@permission_required(MANAGE, _plan)
def seat_new(request, slug, obj):
    form = SeatForm(request.POST or None, plan=obj)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The seat has been added."))
        return redirect("stakeholders:staff_plan", slug=obj.slug)
    return render(
        request, "stakeholders/staff/seat_form.html", {"form": form, "plan": obj}, status=400 if form.errors else 200
    )


@permission_required(MANAGE, _seat)
def seat_edit(request, pk, obj):
    form = SeatForm(request.POST or None, instance=obj, plan=obj.plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The seat has been saved."))
        return redirect("stakeholders:staff_plan", slug=obj.plan.slug)
    return render(
        request,
        "stakeholders/staff/seat_form.html",
        {"form": form, "plan": obj.plan, "seat": obj},
        status=400 if form.errors else 200,
    )


@permission_required(MANAGE, _plan)
def terms_edit(request, slug, obj):
    terms = ForumTerms.objects.filter(plan=obj).first()
    form = TermsForm(request.POST or None, instance=terms)
    if request.method == "POST" and form.is_valid():
        services.terms_save(plan=obj, text_nl=form.cleaned_data["text_nl"], text_en=form.cleaned_data["text_en"])
        messages.success(request, _("The terms of reference have been saved."))
        return redirect("stakeholders:staff_plan", slug=obj.slug)
    return render(
        request, "stakeholders/staff/terms_form.html", {"form": form, "plan": obj}, status=400 if form.errors else 200
    )


def _meeting_form(request, plan, meeting):
    form = MeetingForm(request.POST or None, request.FILES or None, instance=meeting, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("file")
        saved = services.meeting_save(
            meeting=form.instance,
            new_files=[(upload, data["file_title"].strip())] if upload else [],
            remove_ids=[d.pk for d in data.get("remove") or []],
            publish_minutes=data["publish_minutes"],
        )
        messages.success(request, _("The meeting has been saved."))
        return redirect("stakeholders:staff_meeting", pk=saved.pk)
    return render(
        request,
        "stakeholders/staff/meeting_form.html",
        {"form": form, "plan": plan, "meeting": meeting},
        status=400 if form.errors else 200,
    )


@permission_required(MANAGE, _plan)
def meeting_new(request, slug, obj):
    return _meeting_form(request, obj, None)


@permission_required(MANAGE, _meeting)
def meeting_edit(request, pk, obj):
    return _meeting_form(request, obj.plan, obj)


@require_POST
@permission_required(MANAGE, _meeting)
def meeting_invite(request, pk, obj):
    n = services.meeting_invite(meeting=obj)
    if n:
        messages.success(
            request,
            ngettext(
                "%(n)d member has been invited, with a calendar file.",
                "%(n)d members have been invited, with a calendar file.",
                n,
            )
            % {"n": n},
        )
    else:
        messages.info(request, _("Every current member has been invited already."))
    return redirect("stakeholders:staff_meeting", pk=obj.pk)


@permission_required(MANAGE, _meeting)
def meeting_attendance(request, pk, obj):
    seats = list(
        selectors.current_seats(obj.plan, clock.localdate(obj.starts_at)).select_related("user", "organisation")
    )
    present = MeetingAttendance.objects.filter(meeting=obj, present=True).values_list("member_id", flat=True)
    form = AttendanceForm(request.POST or None, seats=seats, initial={"present": [str(p) for p in present]})
    if request.method == "POST" and form.is_valid():
        services.attendance_set(meeting=obj, present_member_ids=[int(p) for p in form.cleaned_data["present"]])
        messages.success(request, _("The attendance has been saved."))
        return redirect("stakeholders:staff_meeting", pk=obj.pk)
    return render(
        request,
        "stakeholders/staff/attendance.html",
        {"form": form, "meeting": obj, "plan": obj.plan, "seats": seats},
        status=400 if form.errors else 200,
    )
