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
