"""The Site of django.contrib.sites follows ``SITE_URL``.

allauth's emails print the Site's domain; our own emails and calendar files use ``SITE_URL``. Both
must name the same address, also when ``make run`` serves on another port (``PORT=8001`` gives
``SITE_URL=http://127.0.0.1:8001``), so every ``migrate`` brings the Site in line with the setting.
"""

from urllib.parse import urlsplit

from django.conf import settings

SITE_NAME = "Open Overheid"


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).netloc or "localhost"


def site_follow_url(*, using: str = "default", apps=None, **kwargs) -> None:
    """post_migrate handler (also callable on its own); changes nothing when already in line."""
    from django.contrib.sites.models import Site

    domain = site_domain()
    site = Site.objects.using(using).filter(pk=settings.SITE_ID).first()
    if site is None:
        Site.objects.using(using).create(pk=settings.SITE_ID, domain=domain, name=SITE_NAME)
    elif site.domain != domain:
        site.domain = domain
        site.save(using=using, update_fields=["domain"])  # also empties the Site cache
