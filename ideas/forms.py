from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core import clock
from ideas.models import BuildingBlock, Idea, Report
from plans.models import Theme


class IdeaForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        label=_("Themes"),
        help_text=_("Choose one or more."),
        error_messages={"required": _("Choose at least one theme.")},
    )

    class Meta:
        model = Idea
        fields = ["kind", "title", "text", "themes", "organisation", "show_name"]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "title": _("At most 200 characters."),
            "text": _(
                "At most 10,000 characters. You may use *italics*, **bold**, lists and links; other formatting is "
                "shown as text."
            ),
            "organisation": _("Only if you submit this for an organisation you belong to."),
            "show_name": _("If you do not tick this, your contribution is published without your name."),
        }
        error_messages = {
            "title": {"max_length": _("The title can be at most 200 characters (it has %(show_value)d).")},
            "text": {"max_length": _("The text can be at most 10,000 characters (it has %(show_value)d).")},
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Idea.Kind.choices
        organisations = Organisation.objects.filter(memberships__user=user) if user else Organisation.objects.none()
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = _("Only myself")
        if not organisations.exists():
            del self.fields["organisation"]
        for name in ("title", "text"):
            self.fields[name].strip = True


class StaffEntryForm(IdeaForm):
    """Staff enter a contribution received outside the website."""

    received_on = forms.DateField(
        label=_("Received on"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("The day the contribution reached us, e.g. the date of the email or the session. Not in the future."),
        error_messages={"invalid": _("Fill in a date, e.g. 2022-09-20.")},
    )  # fmt: skip

    class Meta(IdeaForm.Meta):
        fields = ["channel", "session", "received_on", "submitter_name", "submitter_email", "kind", "title", "text",
                  "themes", "organisation", "show_name"]  # fmt: skip
        labels = {"show_name": _("The submitter agreed to have their name shown publicly")}
        help_texts = {
            **IdeaForm.Meta.help_texts,
            "submitter_name": _("Shown publicly only if you tick the consent box below."),
            "submitter_email": _(
                "Optional. The submitter is told about the answer by email; the address is never published "
                "and is deleted once the plan is published."
            ),
            "show_name": _(
                "Ticked: the public page shows the name of the submitter typed above (and the organisation, if "
                "chosen). Not ticked: it shows “A participant” (and the organisation, if chosen). The email address "
                "is never shown."
            ),
            "organisation": _("If the contribution was made on behalf of an organisation; its name is shown publicly."),
        }

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [c for c in Idea.Channel.choices if c[0] != Idea.Channel.ONLINE]
        self.fields["organisation"] = forms.ModelChoiceField(
            queryset=Organisation.objects.all(), required=False, label=_("On behalf of"), empty_label=_("Nobody")
        )
        # The sessions through the foreign key: ideas sits below sessions and does not import it.
        sessions = self.fields["session"].queryset
        self.fields["session"].queryset = sessions.filter(plan=plan) if plan else sessions.none()
        self.fields["received_on"].initial = clock.today
        self.fields["received_on"].widget.attrs["max"] = clock.today().isoformat()

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"] or clock.today()  # left empty: received today
        if received_on > clock.today():
            raise forms.ValidationError(_("The day it was received cannot be in the future."))
        return received_on

    def clean(self):
        data = super().clean()
        if data.get("channel") == Idea.Channel.SESSION and not data.get("session"):
            self.add_error("session", _("Choose the session this came from."))
        if data.get("show_name") and not (data.get("submitter_name") or "").strip():
            self.add_error(
                "submitter_name",
                _(
                    "You ticked that the name may be shown, but no name is filled in. Fill in the name or untick the box."
                ),
            )
        return data


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *Idea.RejectionReason.choices])
    text = forms.CharField(
        label=_("Explanation for the author"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text=_("Sent to the author by email."),
    )  # fmt: skip


class DuplicateForm(forms.Form):
    """The original is chosen with a button in the search results or the suggestions; its number
    travels in a hidden field, nobody types it."""

    original = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, idea=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.idea = idea

    def clean_original(self):
        pk = self.cleaned_data["original"]
        original = Idea.objects.filter(pk=pk, status=Idea.Status.PUBLISHED).first()
        if original is None or (self.idea and original.plan_id != self.idea.plan_id):
            raise forms.ValidationError(_("That contribution is not a published contribution of this plan (any more)."))
        if self.idea and (original.pk == self.idea.pk or original.duplicate_of_id == self.idea.pk):
            raise forms.ValidationError(_("A contribution cannot duplicate itself."))
        return original

    def clean(self):
        data = super().clean()
        if self.idea and self.idea.status != Idea.Status.PUBLISHED:
            raise forms.ValidationError(
                _("Only a published contribution can be marked as a duplicate. Publish or reject it first.")
            )
        return data


class RedactForm(forms.Form):
    text = forms.CharField(
        label=_("Public text without personal data"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10_000,
        help_text=_("The original text stays visible to staff only."),
    )  # fmt: skip


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "text"]
        widgets = {"reason": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = Report.Reason.choices


class RespondForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Idea.Outcome.choices])
    response = forms.CharField(
        label=_("Public answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
        help_text=_("Say what was done with the contribution and why. It is published and sent to the author."),
    )  # fmt: skip
    building_block = forms.ModelChoiceField(
        queryset=BuildingBlock.objects.all(), required=False, label=_("Building block"), empty_label=_("None"),
    )  # fmt: skip

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["building_block"].queryset = BuildingBlock.objects.filter(plan=plan)

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Idea.Outcome.BUILDING_BLOCK and not data.get("building_block"):
            self.add_error("building_block", _("Choose the building block it was taken up in."))
        return data


class BuildingBlockForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple, required=False, label=_("Themes")
    )

    class Meta:
        model = BuildingBlock
        fields = ["title_nl", "title_en", "summary_nl", "summary_en", "themes"]
        widgets = {"summary_nl": forms.Textarea(attrs={"rows": 4}), "summary_en": forms.Textarea(attrs={"rows": 4})}
