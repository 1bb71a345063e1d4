import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

from core import clock
from core.files import upload_check
from ideas.models import Idea
from plans.forms import DATETIME
from plans.models import ActionPlan, Theme
from sessions.models import Registration, Session, SessionAttachment, SessionInvitation

# Paths under /sessions/ that a session's web address may not take.
RESERVED_SLUGS = {"staff", "plans", "cancel"}
MAX_ADDRESSES = 1000
ALLOWED_EXTENSIONS = {"pdf", "jpg", "jpeg", "png", "webp", "docx", "pptx", "xlsx", "odt", "odp", "ods", "txt"}


def validate_single_line(value) -> None:
    # splitlines() knows every line break, not only CR and LF (also U+2028 and the like).
    if isinstance(value, str) and "".join(value.splitlines()) != value:
        raise ValidationError(_("Enter this on one line, without line breaks."), code="line_break")


class SingleLineMixin:
    """Refuse a line break in any one-line field (everything but a text area): a title with a
    line break ends up in email subjects and calendar lines. As a field validator the error is
    at the field, the form is shown again with the text as typed, and the form's own checks
    across fields see the field as missing, as with any other invalid field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea):
                field.validators.append(validate_single_line)


class SessionForm(SingleLineMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "plan", "title", "slug", "description", "themes", "language", "starts_at", "ends_at",
            "registration_deadline", "capacity", "mode", "venue", "address", "venue_accessibility", "online_url",
            "reminder_days",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "venue_accessibility": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
            "mode": forms.RadioSelect,
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "registration_deadline": DATETIME,
        }
        help_texts = {
            "slug": _("Lower-case letters, digits and hyphens, e.g. “meedenksessie-utrecht”."),
            "venue": _("Required for a session in person."),
            "address": _("Required for a session in person."),
            "online_url": _("Required for an online session. Shown only to confirmed participants."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = ActionPlan.objects.order_by("-number")
        self.fields["themes"].queryset = Theme.objects.filter(is_active=True) | Theme.objects.filter(
            pk__in=self.instance.themes.all() if self.instance.pk else []
        )
        self.fields["capacity"].widget.attrs["min"] = 1

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("This web address is reserved; choose another."))
        return slug

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk:
            confirmed = self.instance.registrations.filter(status=Registration.Status.CONFIRMED).count()
            if capacity < confirmed:
                raise ValidationError(
                    _("%(count)d people are already confirmed; the number of seats cannot be lower.")
                    % {"count": confirmed}
                )
        return capacity

    def clean(self):
        data = super().clean()
        starts, ends, deadline = data.get("starts_at"), data.get("ends_at"), data.get("registration_deadline")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        if starts and deadline and deadline > starts:
            self.add_error("registration_deadline", _("Registration must close before the session starts."))
        mode = data.get("mode")
        if mode == Session.Mode.IN_PERSON:
            for name in ("venue", "address"):
                if not data.get(name) and name not in self.errors:  # not when refused already
                    self.add_error(name, _("Required for a session in person."))
        elif mode == Session.Mode.ONLINE and not data.get("online_url"):
            self.add_error("online_url", _("Required for an online session."))
        return data


class RegistrationForm(SingleLineMixin, forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["organisation_kind", "organisation_name", "accessibility_needs", "dietary_wishes"]
        widgets = {
            "organisation_kind": forms.RadioSelect,
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"organisation_name": _("The organisation you represent, if any.")}

    def clean(self):
        data = super().clean()
        kind = data.get("organisation_kind")
        if kind and kind != Registration.INDIVIDUAL and not data.get("organisation_name", "").strip():
            self.add_error("organisation_name", _("Name the organisation you take part for."))
        return data


class SessionCancelForm(forms.Form):
    note = forms.CharField(
        label=_("Message to everyone registered"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Why the session is cancelled and what happens instead."),
    )
    confirm = forms.BooleanField(label=_("Yes, cancel this session and close registration"))


class InvitationForm(forms.Form):
    sessions = forms.ModelMultipleChoiceField(
        label=_("Sessions"), queryset=Session.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    group = forms.ChoiceField(label=_("Invite"), choices=SessionInvitation.Group.choices, widget=forms.RadioSelect)
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), required=False,
        help_text=_("For “Everyone interested in a theme”."),
    )  # fmt: skip
    addresses = forms.CharField(
        label=_("Email addresses"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For “A list of email addresses”: one per line, or separated by commas."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].queryset = (
            Session.objects.filter(status=Session.Status.SCHEDULED, starts_at__gt=clock.now())
            .select_related("plan")
            .order_by("starts_at")
        )
        self.fields["sessions"].label_from_instance = lambda s: f"{s.title} ({_date(s.starts_at)})"

    def clean(self):
        data = super().clean()
        group = data.get("group")
        if group == SessionInvitation.Group.THEME and not data.get("theme"):
            self.add_error("theme", _("Choose the theme whose followers you invite."))
        data["address_list"] = []
        if group == SessionInvitation.Group.ADDRESSES:
            raw = data.get("addresses", "")
            parts = [p for p in re.split(r"[\s,;]+", raw) if p]
            if not parts:
                self.add_error("addresses", _("Paste at least one email address."))
            elif len(parts) > MAX_ADDRESSES:
                self.add_error("addresses", _("At most %(n)d addresses at a time.") % {"n": MAX_ADDRESSES})
            else:
                validate = EmailValidator()
                wrong = []
                for part in parts:
                    try:
                        validate(part)
                    except ValidationError:
                        wrong.append(part)
                if wrong:
                    self.add_error(
                        "addresses",
                        _("These are not email addresses: %(list)s") % {"list": ", ".join(wrong[:20])},
                    )
                data["address_list"] = parts
        return data


def _date(moment):
    from core.dates import show_datetime

    return show_datetime(moment)


class ReportForm(SingleLineMixin, forms.Form):
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20_000,
        help_text=_("What was discussed and what came out of it. Plain text; blank lines start a new paragraph."),
    )  # fmt: skip
    file = forms.FileField(
        label=_("Add a photo or document"), required=False,
        help_text=_("PDF, an image, or an office document; at most 15 MB."),
    )  # fmt: skip
    file_title = forms.CharField(
        label=_("Description of the file"), required=False, max_length=300,
        help_text=_("What the file shows or contains; for a photo this is its text alternative."),
    )  # fmt: skip
    remove = forms.ModelMultipleChoiceField(
        label=_("Remove attachments"), queryset=SessionAttachment.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    publish = forms.BooleanField(label=_("Publish the report on the session page"), required=False)

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        if report is not None and report.pk and report.attachments.exists():
            self.fields["remove"].queryset = report.attachments.all()
            self.fields["remove"].label_from_instance = lambda a: a.title
        else:
            del self.fields["remove"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            upload_check(
                upload,
                extensions=ALLOWED_EXTENSIONS,
                wrong_type=_("This kind of file cannot be added. Use PDF, an image or an office document."),
            )
        return upload

    def clean(self):
        data = super().clean()
        if data.get("file") and not data.get("file_title", "").strip():
            self.add_error("file_title", _("Describe the file, so that everyone knows what it contains."))
        return data


class OutcomeForm(SingleLineMixin, forms.ModelForm):
    class Meta:
        model = Idea
        fields = ["kind", "title", "text", "themes", "submitter_name"]
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 6}),
            "themes": forms.CheckboxSelectMultiple,
        }
        labels = {"submitter_name": _("Name of whoever brought it in")}
        help_texts = {
            "submitter_name": _("Only with their consent: the name is shown with the contribution."),
            "text": _("The outcome as it was formulated in the session."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(is_active=True)
        self.fields["themes"].required = True
