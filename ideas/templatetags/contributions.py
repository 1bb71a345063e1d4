from django import template
from django.utils.text import Truncator

from ideas.text import plain_text, render_text

register = template.Library()


@register.filter
def contribution_text(text):
    """Render a contribution's text: a safe Markdown subset, sanitised; typed HTML shows as text."""
    return render_text(text)


@register.filter
def contribution_summary(text, words=30):
    """The first words of a contribution as plain text (``<meta name="description">``)."""
    return Truncator(" ".join(plain_text(text).split())).words(int(words))
