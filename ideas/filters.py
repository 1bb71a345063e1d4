import django_filters
from django import forms
from django.db import connection
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.forms import QuickSelect
from ideas.models import Idea
from plans.models import ActionPlan, Theme

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


def _sessions():
    return Idea._meta.get_field("session").related_model


class FilterForm(forms.Form):
    all_optional = True  # every filter is optional: do not mark each one so


class IdeaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    plan = django_filters.ModelChoiceFilter(
        label=_("Action plan"),
        widget=QuickSelect,
        queryset=ActionPlan.objects.public(),
        to_field_name="slug",
        empty_label=_("All plans"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", widget=QuickSelect, queryset=Theme.objects.all(), to_field_name="slug",
        empty_label=_("All themes"),
    )  # fmt: skip
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), widget=QuickSelect, choices=Idea.Kind.choices, empty_label=_("All kinds")
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Status"), method="filter_outcome", widget=QuickSelect, empty_label=_("All"),
        choices=[("open", _("Not answered yet")), *Idea.Outcome.choices, ("duplicate", _("Duplicate"))],
    )  # fmt: skip
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), widget=QuickSelect, choices=Idea.Channel.choices, empty_label=_("All channels")
    )
    # The public sessions through the foreign key (``cocreation.Session``): ideas sits below
    # sessions and does not import it (docs/architecture.md, "Layers").
    session = django_filters.ModelChoiceFilter(
        label=_("Co-creation session"), widget=QuickSelect, queryset=lambda request: _sessions().objects.public(),
        empty_label=_("All sessions"),
    )  # fmt: skip
    organisation_kind = django_filters.ChoiceFilter(
        label=_("Submitted on behalf of"), field_name="organisation__kind", widget=QuickSelect, choices=Organisation.Kind.choices,
        empty_label=_("Anyone"),
    )  # fmt: skip
    in_refresh = django_filters.ChoiceFilter(
        label=_("Round"), method="filter_in_refresh", empty_label=_("All rounds"),
        choices=[("refresh", _("Sent in during the refresh")), ("first", _("Sent in for the plan itself"))],
    )  # fmt: skip
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), method="filter_sort", widget=QuickSelect, empty_label=None,
        choices=[("newest", _("Newest first")), ("supported", _("Most supported first"))],
    )  # fmt: skip

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

    @property
    def form(self):
        """The form, its lists of plans, themes and sessions read once each with a plain query: a
        ``ModelChoiceField`` reads its choices through ``QuerySet.iterator()``, a server-side
        cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips per list and page)."""
        form = super().form
        if not getattr(form, "choices_listed", False):
            for field in form.fields.values():
                if isinstance(field, forms.ModelChoiceField):
                    empty = [] if field.empty_label is None else [("", field.empty_label)]
                    listed = [(field.prepare_value(o), field.label_from_instance(o)) for o in field.queryset]
                    # Django's own setter (django-filter's expects an iterator): a field with choices
                    # set no longer reads its queryset for them; validating still does.
                    forms.ChoiceField.choices.fset(field, empty + listed)
            form.choices_listed = True
        return form

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*self._ordering("newest"))
        return queryset
