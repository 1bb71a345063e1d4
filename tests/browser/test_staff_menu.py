"""The main menu of a staff member (every link, their own links and logging out) fits one line on
a 1280-pixel screen, in Dutch and in English, and the plan's edit pages have a subnav."""

import os

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.browser

WIDTH = 1280
SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR")  # a directory, to look at the pages


@pytest.fixture
def process_owner(transactional_db):
    from allauth.mfa.models import Authenticator

    from tests.factories import UserFactory

    user = UserFactory(role="process_owner", name="Anna de Vries")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


def _log_in(page, live_server, user, language):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url},
            {"name": "django_language", "value": language, "url": live_server.url},
        ]
    )


def _item_tops(page) -> list[tuple[str, float]]:
    items = page.locator(".site-nav__list > li")
    return [(items.nth(i).inner_text().strip(), items.nth(i).bounding_box()["y"]) for i in range(items.count())]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_staff_menu_fits_one_line_at_1280_pixels(
    page, live_server, process_owner, current_plan, language, assert_accessible
):
    page.set_viewport_size({"width": WIDTH, "height": 900})
    _log_in(page, live_server, process_owner, language)
    for url in (reverse("staff:dashboard"), reverse("staff:plan_phases", args=[current_plan.slug])):
        page.goto(live_server.url + url)
        assert page.locator("html").get_attribute("lang") == language
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/staff-menu-{language}-{url.strip('/').replace('/', '-')}.png")
        tops = _item_tops(page)
        assert len(tops) >= 9, tops  # five public links, staff, my contributions, my profile, log out
        assert len({round(y) for _label, y in tops}) == 1, f"the menu wraps at {WIDTH} px: {tops}"

    # The plan's phases page: the subnav marks it, and the page passes axe-core.
    current = page.locator('nav.subnav a[aria-current="page"]')
    assert current.get_attribute("href") == reverse("staff:plan_phases", args=[current_plan.slug])
    assert_accessible(page)
