"""Contribution text: plain text with a small, safe Markdown subset (emphasis, lists, links,
quotes, code), rendered without any HTML the author typed and then sanitised once more."""

import html

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("zero", {"html": False, "linkify": False, "breaks": True}).enable(
    ["emphasis", "list", "link", "blockquote", "backticks", "newline", "escape"]
)
ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a", "blockquote", "code"}


def render_text(text: str) -> SafeString:
    html = _markdown.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 right above


def plain_text(text: str) -> str:
    """The text a reader sees, without Markdown or HTML, e.g. for a page's description. Not safe:
    the template escapes it."""
    return html.unescape(nh3.clean(render_text(text), tags=set()))
