import copy

import django_filters
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
_fixed_translated: dict = {}  # language -> FIXED_CHOICES with their labels translated


def fixed_choices(language: str) -> dict:
    """FIXED_CHOICES in the active language ``language``, translated once per process."""
    found = _fixed_translated.get(language)
    if found is None:
        found = {name: [(value, str(label)) for value, label in pairs] for name, pairs in FIXED_CHOICES.items()}
        _fixed_translated[language] = found
    return found


class FilterForm(forms.Form):
    all_optional = True  # every filter is optional: do not mark each one so

    def render(self, template_name=None, context=None, renderer=None):
        """``{{ filter.form }}``: the HTML of templates/forms/form.html, built in Python
        (``core.forms.render_fields``; tests/ideas/test_filter_form.py compares the two)."""
        if template_name is None and context is None and renderer is None:
            return render_fields(self)
        return super().render(template_name, context, renderer)

    __str__ = __html__ = render  # as Django's forms do, to this ``render``


class IdeaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200, widget=QuickTextInput)
    # The plans, themes and sessions: choices from ``ideas.choices`` (read once per site
    # generation), set on the form below; a value that is not among them is an error.
    plan = django_filters.ChoiceFilter(
        label=_("Action plan"), method="filter_listed", widget=QuickSelect, empty_label=_("All plans")
    )
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), method="filter_listed", widget=QuickSelect, empty_label=_("All themes")
    )
    # The other lists: FIXED_CHOICES, also set on the form below (on the filters, django-filter and
    # Django would deep-copy every label of them twice per request).
    kind = django_filters.ChoiceFilter(label=_("Kind"), widget=QuickSelect, empty_label=_("All kinds"))
    outcome = django_filters.ChoiceFilter(
        label=_("Status"), method="filter_outcome", widget=QuickSelect, empty_label=_("All")
    )
    channel = django_filters.ChoiceFilter(label=_("Channel"), widget=QuickSelect, empty_label=_("All channels"))
    session = django_filters.ChoiceFilter(
        label=_("Co-creation session"), method="filter_listed", widget=QuickSelect, empty_label=_("All sessions")
    )
    organisation_kind = django_filters.ChoiceFilter(
        label=_("Submitted on behalf of"), field_name="organisation__kind", widget=QuickSelect, empty_label=_("Anyone"),
    )  # fmt: skip
    in_refresh = django_filters.ChoiceFilter(
        label=_("Round"), method="filter_in_refresh", widget=QuickSelect, empty_label=_("All rounds")
    )
    sort = django_filters.ChoiceFilter(label=_("Sort by"), method="filter_sort", widget=QuickSelect, empty_label=None)

    class Meta:
        model = Idea
        fields = [
            "q", "plan", "theme", "kind", "outcome", "channel", "session", "organisation_kind", "in_refresh", "sort",
        ]  # fmt: skip
        form = FilterForm

    def filter_q(self, queryset, name, value):
        return search(queryset, value) if value.strip() else queryset

    def filter_outcome(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status=Idea.Status.PUBLISHED, outcome="")
        if value == "duplicate":
            return queryset.filter(status=Idea.Status.DUPLICATE)
        return queryset.filter(outcome=value)

    def filter_in_refresh(self, queryset, name, value):
        return queryset.filter(in_refresh=value == "refresh")

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*self._ordering(value))

    def _ordering(self, value):
        fields = SORTS.get(value, SORTS["newest"])
        if (self.form.cleaned_data.get("q") or "").strip():
            # A search: let PostgreSQL start from the full-text index and sort the few matches. In
            # the list's own order it would walk the list's partial index (DESC, NULLS FIRST) and
            # compute to_tsvector for every contribution until it has a page full (0.2 s at
            # 100,000); NULLS LAST, the same order for public contributions, keeps it off that index.
            return [F(f[1:]).desc(nulls_last=True) if f.startswith("-") else F(f).asc() for f in fields]
        return fields

    LISTED = {"plan": "plan_id", "theme": "themes", "session": "session_id"}

    def filter_listed(self, queryset, name, value):
        return queryset.filter(**{self.LISTED[name]: self.lists.pk_of(name, value)})

    @cached_property
    def lists(self):
        return choices.lists(self.request)

    @classmethod
    def get_form_class(cls):
        """The form's class, made once: django-filter makes one per filter set (a new class and
        new fields on every request). Each form still gets its own copies of the fields."""
        form_class = cls.__dict__.get("form_class_made")
        if form_class is None:
            fields = {name: copy.deepcopy(f).field for name, f in cls.base_filters.items()}
            form_class = type(f"{cls.__name__}Form", (FilterForm,), fields)
            cls.form_class_made = form_class
        return form_class

    @property
    def form(self):
        """The form, with the choices of the plans, themes and sessions of ``ideas.choices`` and
        the fixed ones."""
        form = super().form
        if not getattr(form, "choices_listed", False):
            language = get_language()
            for name in self.LISTED:
                form.fields[name].choices = self.lists.choices(name, language)
            for name, pairs in fixed_choices(language).items():
                form.fields[name].choices = pairs
            form.choices_listed = True
        return form

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*self._ordering("newest"))
        return queryset
