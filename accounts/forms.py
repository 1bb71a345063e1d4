from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]
        help_texts = {
            "name": _("Optional. Shown only where you allow it, for example with a contribution."),
            "language": _("Emails from the platform are sent in this language."),
        }


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, saying plainly that the password may stay empty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password1" in self.fields:
            self.fields["password1"].help_text = _(
                "You can leave this empty: you then log in with a code that we send by email. "
                "A password needs at least 10 characters and may not be a common password."
            )
