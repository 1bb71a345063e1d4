"""Post the edit page the way a browser would: every field as the page shows it, plus changes."""

from django.urls import reverse


def _field_values(form, data):
    for name in form.fields:
        bound = form[name]
        value = bound.value()
        key = bound.html_name
        if value is None or value is False:
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[key] = str(getattr(value, "pk", value))


def edit_data(client, commitment, **changes):
    """The edit form of ``commitment`` as served now (with its version), with ``changes`` applied.
    Milestone fields are named like ``milestones-0-description_nl``."""
    response = client.get(reverse("commitments:edit", args=[commitment.identifier]))
    assert response.status_code == 200, response.status_code
    context = response.context
    data = {"version": str(context["version"])}
    _field_values(context["form"], data)
    formset = context["milestones"]
    for key, value in formset.management_form.initial.items():
        data[f"{formset.prefix}-{key}"] = str(value)
    for form in formset.forms:
        _field_values(form, data)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data
