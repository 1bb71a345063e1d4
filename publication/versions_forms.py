"""Forms of the published versions: publishing a version, the plan document's own texts, and the
choice of two versions to compare."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.dates import show_date
from plans.forms import DATE
from publication.models import PlanText, PlanVersion


class PublishForm(forms.ModelForm):
    class Meta:
        model = PlanVersion
        fields = ["number", "language", "label_nl", "label_en", "published_on", "changes_nl", "changes_en"]
        widgets = {"published_on": DATE}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["number"].validators.append(MinValueValidator(1))
        self.fields["number"].widget.attrs["min"] = 1
        self.fields["number"].help_text = _("Each version of a plan has its own number; a published version keeps it.")
        self.fields["language"].help_text = _("The language of the plan document in this version.")
        self.fields["published_on"].help_text = _("The version appears on the public pages from this date.")
        self.fields["label_nl"].help_text = _("For example: “Nederlandse publieksversie”.")
        self.fields["label_en"].help_text = _("For example: “English version submitted to OGP”.")

    def clean_number(self):
        number = self.cleaned_data["number"]
        if PlanVersion.objects.filter(plan=self.plan, number=number).exists():
            raise forms.ValidationError(
                _("Version %(number)s of this plan has already been published. Choose another number."),
                params={"number": number},
            )
        return number

    def _post_clean(self):
        # The service creates the version (with its plan); the model's own validation of the
        # instance here would only complain about the missing plan.
        pass


class PlanTextForm(forms.ModelForm):
    class Meta:
        model = PlanText
        fields = ["introduction_nl", "introduction_en", "context_nl", "context_en"]


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    b = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.number, f"{v.number}: {v.localized('label')} ({show_date(v.published_on)})") for v in versions]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
