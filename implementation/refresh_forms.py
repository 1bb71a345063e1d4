"""Forms of the mid-term refresh: starting it, amending a published commitment, the forum's
comment and the plan's new published version."""

from django import forms
from django.conf import settings
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from commitments.forms import DATE, MilestoneForm
from commitments.models import REQUIRED_PROSE, Commitment, Milestone
from core import clock
from implementation.refresh import AMENDABLE_PROSE, check_call_dates


def _textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class RefreshStartForm(forms.Form):
    reason_nl = forms.CharField(label=_("Why the plan is refreshed (Dutch)"), max_length=5_000, widget=_textarea())
    reason_en = forms.CharField(label=_("Why the plan is refreshed (English)"), max_length=5_000, widget=_textarea())
    call_opens_on = forms.DateField(label=_("The call for input opens on"), widget=DATE)
    call_closes_on = forms.DateField(label=_("The call for input closes on"), widget=DATE)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("call_opens_on"), data.get("call_closes_on")
        if opens_on and closes_on:
            for field, message in check_call_dates(self.plan, opens_on, closes_on).items():
                self.add_error(field, message)
        return data


class AmendmentForm(forms.Form):
    """The reason and the template's texts, filled in with what the commitment (or the draft
    amendment) says now."""

    reason_nl = forms.CharField(label=_("Reason for the amendment (Dutch)"), max_length=5_000, widget=_textarea(3))
    reason_en = forms.CharField(label=_("Reason for the amendment (English)"), max_length=5_000, widget=_textarea(3))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in AMENDABLE_PROSE:
            for lang in ("nl", "en"):
                field = Commitment._meta.get_field(f"{name}_{lang}").formfield()
                field.required = name in REQUIRED_PROSE  # a published commitment keeps these filled in
                if isinstance(field.widget, forms.Textarea):
                    field.widget = _textarea(4)
                self.fields[f"{name}_{lang}"] = field

    def text_values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if not name.startswith("reason_")}


AmendmentMilestoneFormSet = inlineformset_factory(
    Commitment, Milestone, form=MilestoneForm, extra=1, can_delete=False, can_order=False
)


class AmendmentCommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=5_000, widget=_textarea(4))


class PlanVersionForm(forms.Form):
    number = forms.IntegerField(label=_("Version number"), min_value=1, max_value=32_000)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    label_nl = forms.CharField(label=_("Name (Dutch)"), max_length=200)
    label_en = forms.CharField(label=_("Name (English)"), max_length=200)
    published_on = forms.DateField(label=_("Publication date"), widget=DATE, initial=clock.today)
    changes_nl = forms.CharField(label=_("What changed (Dutch)"), max_length=20_000, widget=_textarea(8))
    changes_en = forms.CharField(label=_("What changed (English)"), max_length=20_000, widget=_textarea(8))
