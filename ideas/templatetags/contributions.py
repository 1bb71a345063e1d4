from django import template

from ideas.text import render_text

register = template.Library()


@register.filter
def contribution_text(text):
    """Render a contribution's text: a safe Markdown subset, sanitised; typed HTML shows as text."""
    return render_text(text)
