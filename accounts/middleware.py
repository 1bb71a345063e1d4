from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.roles import is_staff_member

STAFF_PREFIXES = ("/staff/", "/admin/", "/ideas/staff/", "/sessions/staff/", "/commitments/staff/")


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMFAMiddleware:
    """Staff must set up a second factor (TOTP) before they reach staff pages or the admin.

    On with production settings; only the embedded demo may switch it off (STAFF_REQUIRE_MFA),
    and then every page shows a banner saying so.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_REQUIRE_MFA
            and request.path.startswith(STAFF_PREFIXES)
            and request.user.is_authenticated
            and is_staff_member(request.user)
            and not has_second_factor(request.user)
        ):
            messages.warning(request, _("Set up two-factor authentication before you continue to the staff pages."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)
