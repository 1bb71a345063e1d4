"""The Content-Security-Policy: sent on every page, and nothing inline in our page templates for
it to refuse. The browser tests (tests/browser) fail on any violation that happens in Chromium."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


# Emails are not pages: no browser applies a Content-Security-Policy to them. Each app keeps its
# emails in templates/<app>/email/ (and allauth's overrides in templates/account/email/).
def is_email_template(relative: str) -> bool:
    return "/email/" in f"/{relative}"


INLINE = {
    "a style attribute": re.compile(r"""\sstyle\s*=""", re.I),
    "a <style> element": re.compile(r"<style[\s>]", re.I),
    "an inline <script>": re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    "an event handler attribute": re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I),
    "an hx-on attribute (needs eval)": re.compile(r"\s(data-)?hx-on", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "ideas:list", "account_login", "admin:login"])
def test_every_page_carries_the_policy(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == POLICY


@pytest.mark.django_db
def test_the_not_found_page_carries_the_policy(client):
    response = client.get("/deze-pagina-bestaat-niet/")
    assert response.status_code == 404
    assert response.headers["Content-Security-Policy"] == POLICY


def page_templates():
    root = Path(settings.BASE_DIR) / "templates"
    for path in sorted(root.rglob("*.html")):
        relative = path.relative_to(root).as_posix()
        if not is_email_template(relative):
            yield relative, path.read_text()


def test_page_templates_have_nothing_inline_that_the_policy_refuses():
    found = [
        f"{name}: {what}" for name, text in page_templates() for what, pattern in INLINE.items() if pattern.search(text)
    ]
    assert not found, "move these into static/ (site.css or a script file):\n" + "\n".join(found)


def test_the_check_above_finds_what_it_looks_for():
    samples = [
        '<ul style="padding:0">',
        "<style>p { color: red }</style>",
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<div hx-on:click="go()">',
        '<a href="javascript:go()">',
    ]
    for sample, (what, pattern) in zip(samples, INLINE.items(), strict=True):
        assert pattern.search(sample), what
    assert INLINE["an hx-on attribute (needs eval)"].search('<div data-hx-on:click="go()">')
    assert not INLINE["an inline <script>"].search('<script src="/static/vendor/htmx.min.js" defer></script>')
