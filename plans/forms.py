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


class PlanVersionForm(EditVersionFormMixin, forms.ModelForm):
    """Only the plan's version: the phases and events pages save their rows with the same
    stale-edit check as the plan's own page."""

    class Meta:
        model = ActionPlan
        fields = []


def _first_lower(text: str) -> str:
    # "This field is required." → "this field is required.", but leave "NL-5" or "OGP" alone.
    word = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if len(word) == 1 or word[1:].islower() else text


class NamedRowFormMixin:
    """A row of a formset whose errors say which row they are about ("Phase “Co-creation
    sessions”, ends on: …"): on a page with ten phases, "ends on: …" alone does not tell which.
    The error summary shows the message as it is (``errors_name_their_field``)."""

    errors_name_their_field = True

    def row_name(self) -> str:
        raise NotImplementedError

    def full_clean(self):
        super().full_clean()
        if not self._errors:
            return
        name = self.row_name()
        for field, errors in list(self._errors.items()):
            label = self.fields[field].label if field in self.fields else None
            messages = [
                _("%(row)s, %(field)s: %(error)s")
                % {"row": name, "field": _first_lower(str(label)), "error": _first_lower(str(e))}
                if label
                else _("%(row)s: %(error)s") % {"row": name, "error": _first_lower(str(e))}
                for e in errors
            ]
            self._errors[field] = self.error_class(messages, renderer=self.renderer)


class PhaseForm(NamedRowFormMixin, forms.ModelForm):
    def row_name(self) -> str:
        kind = self.cleaned_data.get("kind") or (self.instance.kind if self.instance.pk else "")
        if kind:
            return _("Phase “%(phase)s”") % {"phase": Phase.Kind(kind).label}
        return _("New phase")

    class Meta:
        model = Phase
        fields = ["kind", "starts_on", "ends_on", "description_nl", "description_en"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "description_nl": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
        }


class EventForm(NamedRowFormMixin, forms.ModelForm):
    def row_name(self) -> str:
        title = self.cleaned_data.get("title_nl") or (self.instance.title_nl if self.instance.pk else "")
        return _("Event “%(event)s”") % {"event": title} if title else _("New event")

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
