"""Server-side permission checks for views: one decorator, one rule for every page.

An anonymous visitor without the permission goes to the login page; a signed-in person without
it gets 403. Permissions are django-rules permissions, defined in each app's ``rules.py``.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def check_permission(request, perm: str, obj=None):
    """None if allowed; the login redirect for an anonymous visitor; PermissionDenied otherwise.
    For views whose permission is chosen at run time; the decorator below uses it too."""
    if request.user.has_perm(perm, obj):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def permission_required(perm: str, get_object=None):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            obj = get_object(request, *args, **kwargs) if get_object else None
            if denied := check_permission(request, perm, obj):
                return denied
            if get_object:
                kwargs["obj"] = obj
            return view(request, *args, **kwargs)

        # What the page checks, for tests that walk every web address (tests/security): functools.wraps
        # copies these onto every decorator above this one.
        wrapped.permission = perm
        wrapped.get_object = get_object
        return wrapped

    return decorator
