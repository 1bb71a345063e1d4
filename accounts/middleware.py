import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from accounts.roles import is_staff_member

# What a person with a staff role but no second factor may still reach: the pages to set one up
# (allauth asks to reauthenticate before it shows the TOTP page), the ways in and out, the
# language switch and the health check. Named by URL name, not by path, so that a moved URL stays
# exempt and every other page, including one added later, is guarded without being listed.
# Static files never get here: WhiteNoise answers them before this middleware.
MFA_EXEMPT_VIEW_NAMES = frozenset(
    {
        "account_login",
        "account_logout",
        "account_request_login_code",
        "account_confirm_login_code",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
        "mfa_activate_totp",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_trust",
        "set_language",
        "healthz",
    }
)

# When a staff member's session ends (seconds since the epoch), set at login.
STAFF_SESSION_EXPIRES_KEY = "staff_session_expires_at"


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def staff_session_start(request) -> None:
    """Start the clock of a staff session: it ends STAFF_SESSION_AGE seconds from now."""
    request.session[STAFF_SESSION_EXPIRES_KEY] = time.time() + settings.STAFF_SESSION_AGE


def start_staff_session_on_login(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: every login of a staff member starts the clock again."""
    if request is not None and hasattr(request, "session") and is_staff_member(user):
        staff_session_start(request)
        request.session.set_expiry(0)


class StaffMFAMiddleware:
    """Everyone with a staff role (superuser, moderator, process owner) must have a second factor
    (TOTP) for every request, public pages included, except those in MFA_EXEMPT_VIEW_NAMES; and
    their sessions are shorter than participants' (STAFF_SESSION_AGE).

    The second factor is on with production settings; only the embedded demo may switch it off
    (STAFF_REQUIRE_MFA), and then every page shows a banner saying so.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and is_staff_member(request.user):
            expires_at = request.session.get(STAFF_SESSION_EXPIRES_KEY)
            if expires_at is not None and time.time() > expires_at:
                # The request goes on as an anonymous one: a public page is shown, a page that
                # needs a login sends them to it.
                logout(request)
                messages.info(request, _("Your staff session has ended. Please log in again."))
        response = self.get_response(request)
        # After the view, so that the response of the login itself carries the right cookie.
        if request.user.is_authenticated and is_staff_member(request.user):
            self.keep_staff_session_short(request)
        return response

    @staticmethod
    def keep_staff_session_short(request) -> None:
        """A staff session ends when the browser closes, and STAFF_SESSION_AGE after login at the latest.

        The cookie alone cannot do both (a cookie without a lifetime still lives on the server
        for SESSION_COOKIE_AGE), so the end is kept in the session and checked on every request.
        allauth's "remember me" sets a lifetime of its own after the login; it is undone here.
        """
        session = request.session
        if STAFF_SESSION_EXPIRES_KEY not in session:
            # Became staff during this session, or logged in before this rule: the clock starts now.
            staff_session_start(request)
        if not session.get_expire_at_browser_close():
            session.set_expiry(0)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            settings.STAFF_REQUIRE_MFA
            and request.user.is_authenticated
            and request.resolver_match.view_name not in MFA_EXEMPT_VIEW_NAMES
            and is_staff_member(request.user)
            and not has_second_factor(request.user)
        ):
            messages.warning(
                request, _("Everyone with a staff role needs two-factor authentication. Set it up before you continue.")
            )
            if getattr(request, "htmx", False):
                # htmx would follow a redirect and swap the setup page into a fragment of the page.
                return HttpResponseClientRedirect(reverse("mfa_activate_totp"))
            return redirect("mfa_activate_totp")
        return None
