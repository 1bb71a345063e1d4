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


class AccountDeleteForm(forms.Form):
    """Deleting an account cannot be undone: the person types their email address to confirm."""

    email = forms.EmailField(
        label=_("Type your email address to confirm"),
        help_text=_("The address you log in with."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email.lower() != self.user.email.lower():
            raise forms.ValidationError(
                _("This is not the email address of your account. Your account has not been deleted.")
            )
        return email
