import html

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext


class PlatformFormRenderer(TemplatesSetting):
    """Every form renders with an error summary on top and each field with its label, hint and
    error linked by aria-describedby (templates/forms/)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    formset_template_name = "forms/formset.html"


class QuickSelect(forms.Select):
    """Django's ``Select`` with the same HTML, built in Python instead of a template per option: a
    list's filter form has ~60 options, and rendering each through ``select_option.html`` cost
    most of the form's 20 ms (bench/contributions.py, page cache off). Attributes as Django's
    ``attrs.html`` writes them, in their order: True as a bare name, False left out; values escaped."""

    def render(self, name, value, attrs=None, renderer=None):
        # What Select.get_context() and ChoiceWidget.optgroups() work out, without a dict per option.
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        values = self.format_value(value)
        parts = [f'<select name="{_escape(name)}"{_attrs(attrs)}>']
        has_selected = False
        for option_value, option_label in self.choices:
            if isinstance(option_label, (list, tuple)):
                group, options = option_value, option_label
            else:
                group, options = None, [("" if option_value is None else option_value, option_label)]
            if group:
                parts.append(f'<optgroup label="{_escape(group)}">')
            for sub_value, sub_label in options:
                selected = (not has_selected or self.allow_multiple_selected) and str(sub_value) in values
                has_selected |= selected
                shown = " selected" if selected else ""
                parts.append(f'<option value="{_escape(sub_value)}"{shown}>{_escape(sub_label)}</option>')
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("\n  ".join(parts))  # noqa: S308 - every value above is escaped


def _escape(value) -> str:
    """``conditional_escape`` (the same text), without its per-call check for lazy arguments: a
    list's filter form escapes ~150 values."""
    if isinstance(value, Promise):
        value = str(value)
    return str(value.__html__()) if hasattr(value, "__html__") else html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """Attributes as Django's ``attrs.html`` writes them: True as a bare name, False left out."""
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class QuickTextInput(forms.TextInput):
    """Django's ``TextInput`` with the same HTML (``input.html``), built in Python."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{_escape(widget["value"])}"'
        return mark_safe(  # noqa: S308 - every value escaped
            f'<input type="{_escape(widget["type"])}" name="{_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
        )


def field_group(field) -> str:
    """A bound field as templates/forms/field.html renders it (label, hint, errors, the widget with
    aria-describedby and aria-invalid), built in Python for a plain field: a list's filter form
    renders ten of them on every request. Hidden fields, fieldsets and checkboxes go through the
    template. Every value is escaped."""
    if field.is_hidden or field.use_fieldset or field.widget_type == "checkbox":
        return field.as_field_group()
    auto_id = conditional_escape(field.auto_id)
    optional = ""
    if not field.field.required and not getattr(field.form, "all_optional", False):
        optional = f' <span class="form-optional">({conditional_escape(gettext("optional"))})</span>'
    hint = error = ""
    described_by = []
    if field.help_text:
        hint = f'<div class="form-hint" id="{auto_id}_hint">{conditional_escape(field.help_text)}</div>'
        described_by.append(f"{field.auto_id}_hint")
    errors = field.errors
    if errors:
        label = conditional_escape(gettext("Error:"))
        error = "".join(f'<p><span class="visually-hidden">{label} </span>{conditional_escape(e)}</p>' for e in errors)
        error = f'<div class="form-error" id="{auto_id}_error">{error}</div>'
        described_by.append(f"{field.auto_id}_error")
    attrs = {"aria-describedby": " ".join(described_by)} if described_by else {}
    if errors:
        attrs["aria-invalid"] = "true"
    return mark_safe(  # noqa: S308 - every value above is escaped
        f'<div class="form-field{" form-field--invalid" if errors else ""}" id="{auto_id}_group">\n  \n'
        f'    <label class="form-label" for="{auto_id}">{conditional_escape(field.label)}{optional}</label>\n'
        f"    {hint}\n    {error}\n    {field.as_widget(attrs=attrs)}\n  \n</div>"
    )


def render_fields(form) -> str:
    """A form as templates/forms/form.html renders it, each field through ``field_group``."""
    visible = "".join(field_group(f) for f in form.visible_fields())
    hidden = "".join(str(f) for f in form.hidden_fields())
    return mark_safe(f"{visible}\n{hidden}".strip())  # noqa: S308 - escaped above
