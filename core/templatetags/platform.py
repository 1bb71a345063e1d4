"""Template helpers available in every template (registered as a builtin in settings)."""

from django import template

from core import pagecache
from core.i18n import localized_value

register = template.Library()


@register.filter
def localized(obj, field: str):
    """``{{ plan|localized:"title" }}``: the field in the active language, Dutch as fallback."""
    return localized_value(obj, field)


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


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        values = [value.resolve(context) for value in self.vary_on]
        return pagecache.fragment(context.get("request"), self.name, values, lambda: self.nodelist.render(context))


@register.tag
def shared_fragment(parser, token):
    """``{% shared_fragment "name" var … %}…{% endshared_fragment %}``: a part of a page that is the
    same for every visitor, given the variables named (and the language and the data, see
    ``core.pagecache.fragment``). Never put anything personal inside: a form with a CSRF token, the
    visitor's own supports, links only staff may see."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("shared_fragment needs a name")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, bits[1].strip("\"'"), [parser.compile_filter(b) for b in bits[2:]])
