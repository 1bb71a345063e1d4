import rules
from django.conf import settings

from core import clock


def platform(request):
    return {
        "platform_today": clock.today(),
        "platform_date_pinned": clock.pinned_date() is not None,
        "staff_mfa_off": not settings.STAFF_REQUIRE_MFA,
        "site_url": settings.SITE_URL,
        # The menu's "Staff" link. The same rule as the staff pages' check, asked of django-rules
        # directly (one query for the person's groups): through the authentication backends,
        # Django's ModelBackend would also read every model permission (two more queries on every
        # page for every logged-in person) for a permission that only the rule grants.
        "show_staff_menu": lambda: rules.has_perm("accounts.access_staff_pages", request.user),
    }
