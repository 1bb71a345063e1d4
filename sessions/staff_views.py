"""Staff pages for sessions, under /sessions/staff/: process owners create, change, cancel and
invite and publish the report; moderators and process owners follow sign-ups, check people in,
export participants and enter the session's outcomes as contributions."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import csvexport
from core.permissions import permission_required
from sessions import selectors, services
from sessions.forms import InvitationForm, OutcomeForm, ReportForm, SessionCancelForm, SessionForm
from sessions.models import Registration, Session, SessionReport


def _session(request, slug, **kwargs):
    return get_object_or_404(Session.objects.select_related("plan"), slug=slug)


@permission_required("cocreation.follow_sessions")
def dashboard(request):
    rows = selectors.dashboard_rows()
    totals = {
        "confirmed": sum(s.confirmed_count for s in rows),
        "waitlisted": sum(s.waitlisted_count for s in rows),
        "checked_in": sum(s.checked_in_count for s in rows),
    }
    return render(request, "sessions/staff/dashboard.html", {"sessions": rows, "totals": totals})


def _edit(request, session: Session | None):
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.session_save(session=session, data=form.cleaned_data)
        except services.CapacityTooLow as error:
            form.add_error("capacity", str(error))
        else:
            messages.success(request, _("The session “%(title)s” has been saved.") % {"title": saved.title})
            return redirect("sessions:staff_edit", slug=saved.slug)
    return render(
        request,
        "sessions/staff/session_form.html",
        {"form": form, "session": session},
        status=400 if form.errors else 200,
    )


@permission_required("cocreation.manage_sessions")
def session_create(request):
    return _edit(request, None)


@permission_required("cocreation.manage_sessions", _session)
def session_edit(request, slug, obj):
    return _edit(request, obj)


@permission_required("cocreation.manage_sessions", _session)
def session_cancel(request, slug, obj):
    if obj.is_cancelled:
        messages.info(request, _("This session has been cancelled already."))
        return redirect("sessions:staff_dashboard")
    form = SessionCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        told = services.session_cancel(session=obj, note=form.cleaned_data["note"])
        messages.success(
            request,
            _("The session has been cancelled; %(count)d registered people are being told.") % {"count": told},
        )
        return redirect("sessions:staff_dashboard")
    return render(
        request,
        "sessions/staff/session_cancel.html",
        {"form": form, "session": obj},
        status=400 if form.errors else 200,
    )


@permission_required("cocreation.follow_sessions", _session)
def attendance(request, slug, obj):
    """The check-in list: one button per person, large enough for a phone, no JavaScript needed."""
    if request.method == "POST":
        registration = get_object_or_404(Registration, pk=request.POST.get("registration"), session=obj)
        present = request.POST.get("present") == "1"
        try:
            services.attendance_set(registration=registration, present=present, by=request.user)
        except services.SessionError as error:
            messages.error(request, str(error))
        else:
            name = registration.person.name or registration.person.email
            if present:
                messages.success(request, _("%(name)s is checked in.") % {"name": name})
            else:
                messages.success(request, _("%(name)s is no longer checked in.") % {"name": name})
        query = request.POST.get("q", "")
        url = reverse("sessions:staff_attendance", args=[obj.slug]) + (f"?{urlencode({'q': query})}" if query else "")
        return redirect(f"{url}#registration-{registration.pk}")
    query = request.GET.get("q", "").strip()
    rows = [r for r in selectors.participants(obj) if r.status == Registration.Status.CONFIRMED]
    if query:
        needle = query.lower()
        rows = [r for r in rows if needle in (r.person.name or "").lower() or needle in r.person.email.lower()]
    checked_in = sum(1 for r in rows if r.checked_in_at)
    return render(
        request,
        "sessions/staff/attendance.html",
        {"session": obj, "rows": rows, "query": query, "checked_in": checked_in},
    )


CSV_COLUMNS = [
    gettext_lazy("Name"), gettext_lazy("Email"), gettext_lazy("Organisation"), gettext_lazy("Takes part as"),
    gettext_lazy("Status"), gettext_lazy("Waitlist position"), gettext_lazy("Registered at"),
    gettext_lazy("Checked in at"), gettext_lazy("Accessibility needs"), gettext_lazy("Dietary wishes"),
]  # fmt: skip


@permission_required("cocreation.follow_sessions", _session)
def participants_csv(request, slug, obj):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{obj.slug}-participants.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csvexport.writer(response)  # cells safe for spreadsheets
    writer.writerow([str(label) for label in CSV_COLUMNS])
    kinds = dict(Registration.ORGANISATION_KINDS)
    for r in selectors.participants(obj):
        writer.writerow(
            (
                r.person.name, r.person.email, r.organisation_name, kinds.get(r.organisation_kind, ""),
                r.get_status_display(), r.position or "",
                timezone.localtime(r.registered_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(r.checked_in_at).strftime("%Y-%m-%d %H:%M") if r.checked_in_at else "",
                r.accessibility_needs, r.dietary_wishes,
            )
        )  # fmt: skip
    return response


@permission_required("cocreation.follow_sessions", _session)
def participants(request, slug, obj):
    rows = selectors.participants(obj)
    waitlist = [r for r in rows if r.status == Registration.Status.WAITLISTED]
    return render(
        request,
        "sessions/staff/participants.html",
        {
            "session": obj,
            "rows": rows,
            "waitlist": waitlist,
            "seats_free": obj.capacity - sum(1 for r in rows if r.status == Registration.Status.CONFIRMED),
            "can_change": obj.registration_changeable(),
        },
    )


@require_POST
@permission_required("cocreation.manage_sessions", _session)
def registration_change(request, slug, obj):
    """Staff move a registration: give a waitlisted person a seat, move a confirmed one to the
    waitlist (their seat going to someone on the waitlist), or cancel it on the person's behalf.
    Everyone concerned is emailed by the services."""
    pk, seat_pk = request.POST.get("registration", ""), request.POST.get("seat_to", "")
    if not pk.isdigit() or not (seat_pk == "" or seat_pk.isdigit()):
        # A form that lost its hidden fields (or a hand-made request): nothing to do, say so.
        messages.error(request, _("Choose a registration to change."))
        return redirect("sessions:staff_participants", slug=obj.slug)
    registration = get_object_or_404(Registration.objects.select_related("person"), pk=pk, session=obj)
    name = registration.person.name or registration.person.email
    action = request.POST.get("action")
    try:
        if action == "confirm":
            services.registration_promote(registration=registration, by=request.user)
            messages.success(request, _("%(name)s now has a seat.") % {"name": name})
        elif action == "waitlist":
            seat_to = None
            if seat_pk:
                seat_to = Registration.objects.filter(session=obj, pk=seat_pk).first()
                if seat_to is None:
                    raise services.SessionError(_("The seat can only go to someone on the waitlist of this session."))
            promoted = services.registration_demote(registration=registration, by=request.user, seat_to=seat_to)
            text = _("%(name)s is now on the waitlist.") % {"name": name}
            if promoted:
                names = ", ".join(r.person.name or r.person.email for r in promoted)
                text += " " + _("The seat went to %(names)s.") % {"names": names}
            messages.success(request, text)
        elif action == "cancel" and request.POST.get("confirm") == "yes":
            promoted = services.registration_cancel_for(registration=registration, by=request.user)
            text = _("The registration of %(name)s has been cancelled.") % {"name": name}
            if promoted:
                names = ", ".join(r.person.name or r.person.email for r in promoted)
                text += " " + _("The seat went to %(names)s.") % {"names": names}
            messages.success(request, text)
        else:
            messages.error(request, _("Nothing was changed: choose what to do with the registration."))
    except services.SessionError as error:
        messages.error(request, str(error))
    return redirect(reverse("sessions:staff_participants", args=[obj.slug]) + f"#registration-{registration.pk}")


@permission_required("cocreation.manage_sessions", _session)
def report_edit(request, slug, obj):
    report = SessionReport.objects.filter(session=obj).first()
    initial = {"summary": report.summary, "publish": report.is_published} if report else {}
    form = ReportForm(request.POST or None, request.FILES or None, report=report, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("file")
        saved = services.report_save(
            session=obj,
            summary=data["summary"],
            publish=data["publish"],
            new_files=[(upload, data["file_title"].strip())] if upload else [],
            remove_ids=[a.pk for a in data.get("remove") or []],
        )
        if saved.is_published:
            messages.success(request, _("The report has been saved and is published on the session page."))
        else:
            messages.success(request, _("The report has been saved; it is not published yet."))
        return redirect("sessions:staff_report", slug=obj.slug)
    return render(
        request,
        "sessions/staff/report_form.html",
        {"form": form, "session": obj, "report": report, "attendance": selectors.attendance_by_kind(obj)},
        status=400 if form.errors else 200,
    )


@permission_required("cocreation.follow_sessions", _session)
def outcomes(request, slug, obj):
    """Enter what came out of the session as contributions: they start in the moderation queue
    and get a reasoned response like online input."""
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.outcome_create(
            session=obj,
            entered_by=request.user,
            kind=data["kind"],
            title=data["title"],
            text=data["text"],
            themes=data["themes"],
            submitter_name=data["submitter_name"],
        )
        messages.success(request, _("The outcome has been added; it now awaits moderation."))
        return redirect("sessions:staff_outcomes", slug=obj.slug)
    return render(
        request,
        "sessions/staff/outcomes.html",
        {"form": form, "session": obj, "outcomes": selectors.session_outcomes(obj)},
        status=400 if form.errors else 200,
    )


@permission_required("cocreation.manage_sessions")
def invite(request):
    initial = {}
    if request.GET.get("session"):
        initial["sessions"] = Session.objects.filter(slug=request.GET["session"]).values_list("pk", flat=True)
    form = InvitationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = services.invitations_send(
            sessions=data["sessions"],
            group=data["group"],
            invited_by=request.user,
            theme=data.get("theme"),
            addresses=data["address_list"],
        )
        text = _("%(people)d people invited (%(invitations)d invitations).") % {
            "people": result.people,
            "invitations": result.invitations,
        }
        if result.already:
            text += " " + _("%(n)d were left out because that person was invited to that session before.") % {
                "n": result.already
            }
        messages.success(request, text)
        return redirect("sessions:staff_invite")
    return render(request, "sessions/staff/invite.html", {"form": form}, status=400 if form.errors else 200)
