from django import template
from django.urls import NoReverseMatch

register = template.Library()


@register.filter
def url_or_empty(obj) -> str:
    """The object's page, or "" while that page does not exist yet (building blocks and
    contributions get their pages in the ideas app)."""
    try:
        return obj.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        return ""


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def commitments_drawing_on(building_block=None, contribution=None):
    """``{% commitments_drawing_on contribution=idea as drawn_on_by %}``: the back-links of point 3,
    one query, published commitments of public plans only."""
    from commitments.selectors import commitments_drawing_on as select

    return select(building_block=building_block, contribution=contribution)
