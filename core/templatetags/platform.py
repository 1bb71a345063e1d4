"""Template helpers available in every template (registered as a builtin in settings)."""

from django import template
from django.utils.html import format_html

from core import dates
from core.i18n import localized_value

register = template.Library()


@register.filter
def localized(obj, field: str):
    """``{{ plan|localized:"title" }}``: the field in the active language, Dutch as fallback."""
    return localized_value(obj, field)


@register.filter
def day(value):
    """``{{ idea.created_at|day }}``: the local date in the platform's one date format."""
    return dates.show_date(value)


@register.filter
def moment(value):
    """``{{ version.created_at|moment }}``: local date and time in the platform's one format."""
    return dates.show_datetime(value)


@register.filter
def clock(value):
    """``{{ session.ends_at|clock }}``: the local time of day (``14:30``)."""
    return dates.show_time(value)


@register.filter
def iso_local(value):
    """``2022-09-21T01:30:00+02:00``: a ``<time datetime>`` value, local, without microseconds."""
    return dates.iso_local(value)


@register.simple_tag
def time_tag(value, show="auto"):
    """``{% time_tag value %}``: ``<time datetime="…">…</time>``, the text in the platform's format.
    ``show`` is "auto" (date for a date, date and time for a moment), "date" or "time"."""
    if not value:
        return ""
    text = {"date": dates.show_date, "time": dates.show_time}.get(show, dates.show_datetime)(value)
    return format_html('<time datetime="{}">{}</time>', dates.iso_local(value), text)


@register.filter
def accessible_widget(field):
    """Render a bound field's widget with aria-describedby pointing at its hint and errors."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_hint")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
    attrs = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def other_language(context):
    """The language a visitor can switch to: (code, name in that language)."""
    current = context.get("LANGUAGE_CODE", "nl")[:2]
    return ("en", "English") if current == "nl" else ("nl", "Nederlands")


@register.filter
def make_list_of_one(value):
    return [value]


@register.filter
def forms_errors(forms):
    """(anchor, label, message) for every error in the given forms and formsets, in page order."""
    rows = []
    for form in forms:
        if form is None:
            continue
        if hasattr(form, "forms"):  # a formset
            rows += [(None, None, e) for e in form.non_form_errors()]
            rows += forms_errors(form.forms)
            continue
        if not form.is_bound:
            continue
        rows += [(None, None, e) for e in form.non_field_errors()]
        for name, errors in form.errors.items():
            if name == "__all__":
                continue
            bound = form[name]
            # A formset row whose messages already name the row and the field (plans.forms).
            label = None if getattr(form, "errors_name_their_field", False) else bound.label
            rows += [(f"{bound.auto_id}_group", label, e) for e in errors]
    return rows


@register.filter
def add_forms(forms, more):
    return [*forms, more]
