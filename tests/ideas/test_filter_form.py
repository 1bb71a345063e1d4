"""The list's filter form, built in Python (``core.forms.render_fields``), is the HTML that
templates/forms/form.html and field.html render for it: labels, hints, errors, selected values,
aria attributes, everything from the database escaped, in both languages."""

import pytest
from django import forms
from django.http import QueryDict
from django.utils import translation

from core.forms import QuickSelect, QuickTextInput, render_fields
from ideas.filters import IdeaFilter
from ideas.selectors import public_ideas
from tests.ideas.factories import ThemeFactory


def filter_form(query: str):
    filterset = IdeaFilter(QueryDict(query), queryset=public_ideas())
    filterset.is_valid()
    return filterset.form


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    "query",
    ["", "theme=lobby&kind=idea&sort=supported&q=open+%3Cdata%3E", "theme=bestaat-niet&q=" + "x" * 201 + "&kind=no"],
)
def test_the_filter_form_is_what_the_field_templates_render(language, query):
    ThemeFactory(slug="lobby", name_nl="Lobby & <invloed>", name_en="Lobbying & <influence>")
    with translation.override(language):
        form = filter_form(query)
        built = str(form)
        assert built == form.render(template_name="forms/form.html")
    assert "&lt;invloed&gt;" in built if language == "nl" else "&lt;influence&gt;" in built
    if "bestaat-niet" in query:
        assert built.count('aria-invalid="true"') == 3 and 'aria-describedby="id_theme_error"' in built
    if "lobby" in query:
        assert 'value="open &lt;data&gt;"' in built and '<option value="lobby" selected>' in built


class Sample(forms.Form):
    name = forms.CharField(label="Naam <echt>", help_text="Zoals op <je> kaart", widget=QuickTextInput)
    colour = forms.ChoiceField(
        label="Kleur", required=False, choices=[("r", "Rood")], widget=QuickSelect, help_text="Mag leeg"
    )
    note = forms.CharField(required=False, widget=forms.Textarea)
    agree = forms.BooleanField(label="Akkoord", required=False)
    secret = forms.CharField(required=False, widget=forms.HiddenInput)


@pytest.mark.parametrize("data", [None, {"name": "", "colour": "x", "secret": "s"}, {"name": "A & B", "colour": "r"}])
def test_any_field_is_what_the_field_template_renders(data):
    with translation.override("nl"):
        form = Sample(data)
        form.is_valid()
        assert render_fields(form) == form.render(template_name="forms/form.html")
