import rules
from django.conf import settings

from core import clock, pagecache


def platform(request):
    context = {
        "platform_today": clock.today(),
        "platform_date_pinned": clock.pinned_date() is not None,
        "staff_mfa_off": not settings.STAFF_REQUIRE_MFA,
        "site_url": settings.SITE_URL,
        # The menu's "Staff" link. The same rule as the staff pages' check, asked of django-rules
        # directly (one query for the person's groups): through the authentication backends,
        # Django's ModelBackend would also read every model permission (two more queries on every
        # page for every logged-in person) for a permission that only the rule grants.
        "show_staff_menu": lambda: (
            request.user.is_authenticated and rules.has_perm("accounts.access_staff_pages", request.user)
        ),
        # For the shared parts of a page, ``{% cache page_cache_seconds "name" page_generation
        # LANGUAGE_CODE … using=page_cache_using %}`` (core/pagecache.py). Called only by a template
        # that uses it, and read from the cache once per request. With the page cache off, no cache
        # (``CACHES["off"]``): a fragment kept for 0 seconds would cost a get and a delete in Redis.
        "page_generation": lambda: pagecache.generation(request),
        "page_cache_seconds": settings.PAGE_CACHE_SECONDS,
        "page_cache_using": "pages" if settings.PAGE_CACHE_SECONDS > 0 else "off",
    }
    if getattr(request, "_pagecache_member", False):
        # A page kept for every signed-in person (``members=True`` in core/pagecache.py): the
        # forms get a placeholder, replaced by the person's own token on every request. (Django's
        # own CSRF context processor runs before this one.)
        context["csrf_token"] = pagecache.csrf_placeholder()
    return context
