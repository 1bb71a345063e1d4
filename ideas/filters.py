from django import forms
from django.db import connection
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.forms import QuickSelect, QuickTextInput, render_fields
from ideas import choices
from ideas.models import Idea

SORTS = {"newest": ("-published_at", "-pk"), "supported": ("-support_count", "-pk")}

# Exactly the expression of the GIN index of migration ideas/0002, so PostgreSQL can use it.
SEARCH_VECTOR = (
    "to_tsvector('dutch'::regconfig, coalesce(\"ideas_idea\".\"title\", '') || ' ' || "
    'coalesce("ideas_idea"."text", \'\'))'
)
SEARCH_SQL = SEARCH_VECTOR + " @@ websearch_to_tsquery('dutch'::regconfig, %s)"


def search(queryset, text: str):
    if connection.vendor == "postgresql":
        return queryset.filter(RawSQL(SEARCH_SQL, [text], output_field=BooleanField()))  # noqa: S611 - text is a parameter
    # The embedded SQLite default: a plain substring match on every word.
    for word in text.split()[:10]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(text__icontains=word))
    return queryset


FIXED_CHOICES = {
    "kind": Idea.Kind.choices,
    "outcome": [("open", _("Not answered yet")), *Idea.Outcome.choices, ("duplicate", _("Duplicate"))],
    "channel": Idea.Channel.choices,
    "organisation_kind": Organisation.Kind.choices,
    "in_refresh": [("refresh", _("Sent in during the refresh")), ("first", _("Sent in for the plan itself"))],
    "sort": [("newest", _("Newest first")), ("supported", _("Most supported first"))],
}
# The first option of each list: "all" (a filter left empty), none for the sort.
EMPTY_LABELS = {
    "plan": _("All plans"),
    "theme": _("All themes"),
    "kind": _("All kinds"),
    "outcome": _("All"),
    "channel": _("All channels"),
    "session": _("All sessions"),
    "organisation_kind": _("Anyone"),
    "in_refresh": _("All rounds"),
}
_fixed_translated: dict = {}  # language -> FIXED_CHOICES with their labels translated


def fixed_choices(language: str) -> dict:
    """FIXED_CHOICES in the active language ``language``, translated once per process."""
    found = _fixed_translated.get(language)
    if found is None:
        found = {name: [(value, str(label)) for value, label in pairs] for name, pairs in FIXED_CHOICES.items()}
        _fixed_translated[language] = found
    return found


def _choice(label):
    """A list filter: optional, its choices set per request (``IdeaFilter.form``), so that a form
    does not deep-copy them; a value that is not among them is an error."""
    return forms.ChoiceField(label=label, required=False, widget=QuickSelect)


class FilterForm(forms.Form):
    """The list's filters, every one a plain GET parameter. The plans, themes and sessions come
    from ``ideas.choices`` (read once per site generation), the other lists from FIXED_CHOICES."""

    all_optional = True  # every filter is optional: do not mark each one so

    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=QuickTextInput)
    plan = _choice(_("Action plan"))
    theme = _choice(_("Theme"))
    kind = _choice(_("Kind"))
    outcome = _choice(_("Status"))
    channel = _choice(_("Channel"))
    session = _choice(_("Co-creation session"))
    organisation_kind = _choice(_("Submitted on behalf of"))
    in_refresh = _choice(_("Round"))
    sort = _choice(_("Sort by"))

    def render(self, template_name=None, context=None, renderer=None):
        """``{{ filter.form }}``: the HTML of templates/forms/form.html, built in Python
        (``core.forms.render_fields``; tests/ideas/test_filter_form.py compares the two)."""
        if template_name is None and context is None and renderer is None:
            return render_fields(self)
        return super().render(template_name, context, renderer)

    __str__ = __html__ = render  # as Django's forms do, to this ``render``


class IdeaFilter:
    """The list's filter form and what each of its values does to the contributions. (A plain
    form, not a django-filter ``FilterSet``: that deep-copies every filter and field, and makes
    the form's class anew, on every request.)"""

    NAMES = tuple(FilterForm.base_fields)
    LISTED = {"plan": "plan_id", "theme": "themes", "session": "session_id"}

    def __init__(self, data, queryset, *, request=None):
        self.data, self.queryset, self.request = data, queryset, request

    @cached_property
    def lists(self):
        return choices.lists(self.request)

    @cached_property
    def form(self):
        """The form, with the choices of the plans, themes and sessions of ``ideas.choices`` and
        the fixed ones, each list after its "all" option."""
        form = FilterForm(self.data)
        language = get_language()
        lists = {name: self.lists.choices(name, language) for name in self.LISTED} | fixed_choices(language)
        for name, pairs in lists.items():
            empty = EMPTY_LABELS.get(name)
            form.fields[name].choices = pairs if empty is None else [("", str(empty)), *pairs]
        return form

    def is_valid(self) -> bool:
        return self.form.is_valid()

    @property
    def errors(self):
        return self.form.errors

    @cached_property
    def qs(self):
        """The contributions the form's values select, in the chosen order."""
        data = self.form.cleaned_data
        queryset = self.queryset
        if (data.get("q") or "").strip():
            queryset = search(queryset, data["q"])
        for name, field in self.LISTED.items():
            if data.get(name):
                queryset = queryset.filter(**{field: self.lists.pk_of(name, data[name])})
        for name in ("kind", "channel"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("organisation_kind"):
            queryset = queryset.filter(organisation__kind=data["organisation_kind"])
        if outcome := data.get("outcome"):
            if outcome == "open":
                queryset = queryset.filter(status=Idea.Status.PUBLISHED, outcome="")
            elif outcome == "duplicate":
                queryset = queryset.filter(status=Idea.Status.DUPLICATE)
            else:
                queryset = queryset.filter(outcome=outcome)
        if data.get("in_refresh"):
            queryset = queryset.filter(in_refresh=data["in_refresh"] == "refresh")
        return queryset.order_by(*self._ordering(data.get("sort") or "newest"))

    def _ordering(self, value):
        fields = SORTS.get(value, SORTS["newest"])
        if (self.form.cleaned_data.get("q") or "").strip():
            # A search: let PostgreSQL start from the full-text index and sort the few matches. In
            # the list's own order it would walk the list's partial index (DESC, NULLS FIRST) and
            # compute to_tsvector for every contribution until it has a page full (0.2 s at
            # 100,000); NULLS LAST, the same order for public contributions, keeps it off that index.
            return [F(f[1:]).desc(nulls_last=True) if f.startswith("-") else F(f).asc() for f in fields]
        return fields
