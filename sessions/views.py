"""Public pages of the co-creation sessions: the list, a page per session with registration,
calendar files, and cancelling through the signed link in the email."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import is_staff_member
from core import clock
from core.files import download
from core.http import safe_next
from core.permissions import permission_required
from plans.models import ActionPlan
from sessions import ical, selectors, services
from sessions.forms import RegistrationForm
from sessions.models import Registration, Session, SessionAttachment


def _session(request, slug, **kwargs):
    try:
        return selectors.session_detail(slug=slug)
    except Session.DoesNotExist as error:
        raise Http404 from error


def session_list(request):
    sessions = selectors.session_list(include_drafts=request.user.has_perm("cocreation.follow_sessions"))
    mine = selectors.registrations_for(request.user, sessions.upcoming + sessions.past)
    for session in sessions.upcoming + sessions.past:
        session.my_registration = mine.get(session.pk)
    plans = {s.plan_id: s.plan for s in sessions.upcoming + sessions.past}
    return render(
        request,
        "sessions/session_list.html",
        {"upcoming": sessions.upcoming, "past": sessions.past, "plans": list(plans.values())},
    )


def _registration_initial(user) -> dict:
    membership = user.memberships.select_related("organisation").first() if user.is_authenticated else None
    if membership is None:
        return {"organisation_kind": Registration.INDIVIDUAL}
    return {"organisation_kind": membership.organisation.kind, "organisation_name": membership.organisation.name}


def _detail_context(request, session, form=None) -> dict:
    registration = None
    if request.user.is_authenticated:
        registration = Registration.objects.filter(session=session, person=request.user).first()
        if registration is not None and not registration.is_active:
            registration = None
    report = getattr(session, "report", None)  # None when there is no report yet
    show_report = report is not None and report.is_published
    now = clock.now()
    signup = session.signup_state(now)  # the same state the list shows
    return {
        "session": session,
        "registration": registration,
        "position": services.waitlist_position(registration) if registration else None,
        "signup": signup,
        "registration_open": signup.is_open,
        "closed_reason": services.closed_reason(session, now),
        "seats_left": signup.seats_left,
        "form": form if form is not None else RegistrationForm(initial=_registration_initial(request.user)),
        "report": report if show_report else None,
        "attendance": selectors.attendance_by_kind(session) if show_report else [],
    }


@permission_required("cocreation.read_session", _session)
def session_detail(request, slug, obj):
    return render(request, "sessions/session_detail.html", _detail_context(request, obj))


@require_POST
@permission_required("cocreation.register", _session)
def register(request, slug, obj):
    form = RegistrationForm(request.POST)
    if not form.is_valid():
        return render(request, "sessions/session_detail.html", _detail_context(request, obj, form), status=400)
    try:
        registration = services.registration_create(session=obj, person=request.user, **form.cleaned_data)
    except services.AlreadyRegistered as error:
        messages.error(request, str(error))
        return redirect(obj.get_absolute_url())
    except services.RegistrationClosed as error:
        messages.error(request, str(error))
        return redirect(obj.get_absolute_url())
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("You are registered. We have sent you a confirmation by email."))
    else:
        messages.success(
            request,
            _("The session is full. You are on the waitlist, number %(position)d. We email you when a seat is free.")
            % {"position": services.waitlist_position(registration)},
        )
    return redirect(obj.get_absolute_url())


@require_http_methods(["GET", "POST"])
@permission_required("cocreation.read_session", _session)
def cancel(request, slug, obj):
    """Cancel one's own registration, after a confirmation: the session page asks in a
    ``<details>`` with a second button, and anything that arrives here without that answer (a GET,
    such as the link on "my activity", or an old form) gets the question as a page of its own.
    Works without JavaScript. ``next`` (a page of this site) is where the person goes back to."""
    if not request.user.is_authenticated:
        return redirect(obj.get_absolute_url())
    back = safe_next(request, obj.get_absolute_url())
    registration = Registration.objects.filter(session=obj, person=request.user).first()
    if registration is None or not registration.is_active:
        messages.error(request, _("You are not registered for this session."))
        return redirect(back)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        context = {"session": obj, "registration": registration, "next": back}
        return render(request, "sessions/cancel_link_confirm.html", context)
    try:
        services.registration_cancel(registration=registration)
    except services.SessionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect(back)


def cancel_link(request, token):
    """Cancel without logging in: the signed token in the email is the authorisation. A GET only
    asks for confirmation (mail programs open links to scan them); the POST cancels."""
    try:
        registration = services.registration_from_token(token)
    except services.CancelLinkExpired:
        return render(request, "sessions/cancel_link_invalid.html", {"expired": True}, status=400)
    except services.CancelLinkInvalid:
        return render(request, "sessions/cancel_link_invalid.html", {"expired": False}, status=400)
    session = registration.session
    context = {"registration": registration, "session": session, "token": token}
    if not registration.is_active:
        return render(request, "sessions/cancel_link_done.html", {**context, "already": True})
    if session.has_started():
        return render(request, "sessions/cancel_link_invalid.html", {"started": True, "session": session}, status=400)
    if request.method == "POST":
        services.registration_cancel(registration=registration)
        return render(request, "sessions/cancel_link_done.html", context)
    return render(request, "sessions/cancel_link_confirm.html", context)


@permission_required("cocreation.read_session", _session)
def session_ics(request, slug, obj):
    own = (
        request.user.is_authenticated
        and Registration.objects.filter(session=obj, person=request.user, status=Registration.Status.CONFIRMED).exists()
    )
    return _ics_response(ical.session_calendar(obj, with_online_link=own), ical.filename(obj))


def plan_ics(request, slug):
    plan = get_object_or_404(ActionPlan, slug=slug)
    if not request.user.has_perm("plans.read_plan", plan):
        raise Http404
    sessions = Session.objects.filter(plan=plan).order_by("starts_at", "pk")
    if not is_staff_member(request.user):  # staff also read a draft plan's feed
        sessions = sessions.public()
    return _ics_response(ical.plan_calendar(plan, sessions), f"{plan.slug}-sessions.ics")


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required("cocreation.read_session", _session)
def attachment(request, slug, pk, obj):
    item = get_object_or_404(SessionAttachment.objects.select_related("report"), pk=pk, report__session=obj)
    if not item.report.is_published and not request.user.has_perm("cocreation.follow_sessions"):
        raise Http404
    return download(item.file, filename=item.filename, inline=item.is_image)
