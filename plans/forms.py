from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.concurrency import EditVersionFormMixin
from plans.models import ActionPlan, Event, Phase

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


class ActionPlanForm(EditVersionFormMixin, forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = [
            "number", "slug", "status", "title_nl", "title_en", "summary_nl", "summary_en",
            "term_start", "term_end", "action_holders",
        ]  # fmt: skip
        widgets = {
            "term_start": DATE,
            "term_end": DATE,
            "summary_nl": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
            "action_holders": forms.CheckboxSelectMultiple,
        }


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["kind", "starts_on", "ends_on", "description_nl", "description_en"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "description_nl": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
        }


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["kind", "title_nl", "title_en", "starts_at", "location", "description_nl", "description_en"]
        widgets = {
            "starts_at": DATETIME,
            "description_nl": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
        }


class BasePhaseFormSet(forms.BaseInlineFormSet):
    def clean(self):
        # Checked before Django's own uniqueness check, whose message names no phase.
        kinds = [
            form.cleaned_data["kind"]
            for form in self.forms
            if form.cleaned_data.get("kind") and not form.cleaned_data.get("DELETE")
        ]
        duplicates = {k for k in kinds if kinds.count(k) > 1}
        if duplicates:
            labels = ", ".join(str(Phase.Kind(k).label) for k in sorted(duplicates))
            raise forms.ValidationError(
                _("Each phase can occur once per plan; twice: %(phases)s.") % {"phases": labels}
            )
        super().clean()


PhaseFormSet = inlineformset_factory(
    ActionPlan, Phase, form=PhaseForm, formset=BasePhaseFormSet, extra=1, can_delete=True
)
EventFormSet = inlineformset_factory(ActionPlan, Event, form=EventForm, extra=1, can_delete=True)
