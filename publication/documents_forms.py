"""Forms of the document repository: the public filter and the staff upload."""

import django_filters
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.files import validate_document
from plans.forms import DATE
from plans.models import ActionPlan
from publication.documents import Kind
from publication.models import Document


class DocumentFilter(django_filters.FilterSet):
    """The repository's filters, read from GET. The rows come from several apps (a list, not one
    queryset), so the view uses this FilterSet's validated form and ``document_rows`` filters."""

    plan = django_filters.ModelChoiceFilter(
        label=_("Action plan"), queryset=ActionPlan.objects.public(), to_field_name="slug", empty_label=_("All plans")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind of document"), choices=Kind.choices, empty_label=_("All kinds"))
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, empty_label=_("All languages")
    )
    date_from = django_filters.DateFilter(label=_("Published from"), widget=DATE)
    date_to = django_filters.DateFilter(label=_("Published until"), widget=DATE)

    class Meta:
        model = ActionPlan
        fields: list = []


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["plan", "kind", "title_nl", "title_en", "language", "file", "published_on"]
        widgets = {"published_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].validators.append(validate_document)
        self.fields["file"].help_text = _("PDF, ODT or DOCX, at most 15 MB.")
        self.fields["published_on"].help_text = _("The document appears in the repository from this date.")
