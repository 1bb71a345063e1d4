import rules
from django.conf import settings
from django.contrib.auth.context_processors import PermWrapper

from core import clock, pagecache


class _RulesFirst:
    """The person as ``{{ perms }}`` asks them: a permission that a django-rules rule defines (all of
    the platform's own) is answered by the rule, without Django's ModelBackend, which would read the
    person's model permissions and their groups' (two queries on every signed-in page that shows a
    staff link). Other permissions (the admin's model permissions) go to the person as usual, and a
    superuser has every permission, as Django says."""

    def __init__(self, user):
        self.user = user

    def has_perm(self, perm, obj=None):
        if self.user.is_active and self.user.is_superuser:
            return True
        if rules.perm_exists(perm):
            return rules.has_perm(perm, self.user, obj)
        return self.user.has_perm(perm, obj)

    def has_module_perms(self, app_label):
        return self.user.has_module_perms(app_label)


def platform(request):
    user = getattr(request, "user", None)
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
    if user is not None:
        # Instead of the one of django.contrib.auth's context processor, which runs before this one.
        context["perms"] = PermWrapper(_RulesFirst(user))
    if getattr(request, "_pagecache_member", False):
        # A page kept for every signed-in person (``members=True`` in core/pagecache.py): the
        # forms get a placeholder, replaced by the person's own token on every request. (Django's
        # own CSRF context processor runs before this one.)
        context["csrf_token"] = pagecache.csrf_placeholder()
    return context
