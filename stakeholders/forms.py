from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.files import validate_document
from plans.forms import DATE, DATETIME
from sessions.forms import SingleLineMixin
from stakeholders.models import ForumMember, ForumTerms, Meeting, MeetingDocument

User = get_user_model()


class SeatForm(SingleLineMixin, forms.ModelForm):
    email = forms.EmailField(label=_("Email address of the member"), help_text=_("The member needs an account."))

    class Meta:
        model = ForumMember
        fields = ["sector", "organisation", "since", "until", "consent_to_show_name"]
        widgets = {"since": DATE, "until": DATE}
        help_texts = {"until": _("Leave empty while the seat lasts; fill in to end it.")}

    field_order = ["email", "sector", "organisation", "since", "until", "consent_to_show_name"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        if self.instance.pk:
            self.fields["email"].initial = self.instance.user.email
            self.fields["email"].disabled = True

    def clean_email(self):
        if self.instance.pk:
            return self.instance.user.email
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("No account has this email address."))
        if ForumMember.objects.filter(plan=self.plan, user=user).exists():
            raise ValidationError(_("This person already has a seat in this forum."))
        self.instance.user = user
        return email

    def clean(self):
        data = super().clean()
        self.instance.plan = self.plan
        return data


class TermsForm(forms.ModelForm):
    class Meta:
        model = ForumTerms
        fields = ["text_nl", "text_en"]
        widgets = {"text_nl": forms.Textarea(attrs={"rows": 12}), "text_en": forms.Textarea(attrs={"rows": 12})}


class MeetingForm(SingleLineMixin, forms.ModelForm):
    publish_minutes = forms.BooleanField(
        label=_("Publish the minutes and documents on the meeting page"), required=False
    )
    file = forms.FileField(
        label=_("Add a document"), required=False, validators=[validate_document],
        help_text=_("PDF, ODT or DOCX; at most 15 MB."),
    )  # fmt: skip
    file_title = forms.CharField(label=_("Description of the document"), required=False, max_length=300)
    remove = forms.ModelMultipleChoiceField(
        label=_("Remove documents"), queryset=MeetingDocument.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    class Meta:
        model = Meeting
        fields = [
            "title_nl", "title_en", "starts_at", "ends_at", "venue", "address", "online_url",
            "agenda_nl", "agenda_en", "minutes_nl", "minutes_en",
        ]  # fmt: skip
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "agenda_nl": forms.Textarea(attrs={"rows": 6}),
            "agenda_en": forms.Textarea(attrs={"rows": 6}),
            "minutes_nl": forms.Textarea(attrs={"rows": 8}),
            "minutes_en": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "online_url": _("Shown only to the forum's current members and the process owners."),
            "minutes_nl": _("Written after the meeting; published when you tick the box below."),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["publish_minutes"].initial = self.instance.minutes_are_published
        if self.instance.pk and self.instance.documents.exists():
            self.fields["remove"].queryset = self.instance.documents.all()
            self.fields["remove"].label_from_instance = lambda d: d.title
        else:
            del self.fields["remove"]

    def clean(self):
        data = super().clean()
        if data.get("file") and not data.get("file_title", "").strip():
            self.add_error("file_title", _("Describe the document, so that everyone knows what it contains."))
        if data.get("publish_minutes") and not (data.get("minutes_nl") or "").strip():
            self.add_error("minutes_nl", _("Write the minutes before publishing them."))
        return data


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(s.pk), f"{s.user.name or s.user.email} ({s.organisation or s.get_sector_display()})") for s in seats
        ]
