"""Small helpers for requests and responses shared by the apps."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback: str) -> str:
    """The ``next`` address of the request (POST first, then GET) if it leads to a page of this
    site, else ``fallback``. Every view that sends people on to a ``next`` address goes through
    this: an address on another site would make the platform a springboard for phishing, and one
    like ``javascript:…`` is no address at all (``redirect()`` would fail on it with a 500).

    Only a path on this site is kept (``/ideas/12/``): that is all the platform's own forms and
    links put there, and ``redirect()`` would take a bare word for the name of a URL pattern."""
    candidate = (request.POST.get("next") or request.GET.get("next") or "").strip()
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback
