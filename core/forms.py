from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.html import format_html
from django.utils.safestring import mark_safe


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
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html('<option value="{}"{}>{}</option>', str(o["value"]), _attrs(o["attrs"]), o["label"])
                for o in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("\n  ".join(parts))  # noqa: S308 - every part above is escaped by format_html


def _attrs(attrs: dict) -> str:
    return mark_safe(  # noqa: S308 - each name and value escaped by format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
            for name, value in attrs.items()
            if value is not False
        )
    )
