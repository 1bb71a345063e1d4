"""On a phone the contributions come first and their filters are folded behind a "Filters"
button (a <details>, no JavaScript needed); on a wide screen the filters are open beside them."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_ideas import call_open, listed  # noqa: F401 - fixtures
from tests.browser.test_journey import expect_language

pytestmark = pytest.mark.browser


def top(locator) -> float:
    return locator.bounding_box()["y"]


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_results_come_first_and_the_filters_open_on_a_click(browser, live_server, listed, javascript):  # noqa: F811
    lobby, _ = listed
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, java_script_enabled=javascript, locale="en-GB"
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("ideas:list"))
        expect_language(page, "nl")
        results, fold = page.locator("#results"), page.locator("main details.filters-fold")
        summary, theme = fold.locator("summary"), page.locator("main form[role=search] select[name=theme]")
        expect(page.locator("#results .idea-card")).to_have_count(5)
        expect(summary).to_be_visible()
        expect(theme).to_be_hidden()  # folded
        assert top(results) < top(summary)  # the results first
        summary.click()
        expect(theme).to_be_visible()
        theme.select_option(lobby.slug)
        if not javascript:
            page.locator("main form[role=search] button[type=submit]").click()
        expect(page.locator("#results .idea-card")).to_have_count(3)
    finally:
        context.close()


def test_on_a_wide_screen_the_filters_are_open_beside_the_results(page, live_server, listed, assert_accessible):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + reverse("ideas:list"))
    results, fold = page.locator("#results"), page.locator("main details.filters-fold")
    theme = page.locator("main form[role=search] select[name=theme]")
    expect(theme).to_be_visible()
    expect(fold.locator("summary")).to_be_hidden()
    filters_box, results_box = fold.bounding_box(), results.bounding_box()
    assert filters_box["x"] + filters_box["width"] <= results_box["x"]  # a column to the left
    assert abs(filters_box["y"] - results_box["y"]) < 5
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 740})
    assert_accessible(page)
