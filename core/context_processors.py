from django.conf import settings

from core import clock


def platform(request):
    return {
        "platform_today": clock.today(),
        "platform_date_pinned": clock.pinned_date() is not None,
        "staff_mfa_off": not settings.STAFF_REQUIRE_MFA,
        "site_url": settings.SITE_URL,
    }
