from django.forms.renderers import TemplatesSetting


class PlatformFormRenderer(TemplatesSetting):
    """Every form renders with an error summary on top and each field with its label, hint and
    error linked by aria-describedby (templates/forms/)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    formset_template_name = "forms/formset.html"
