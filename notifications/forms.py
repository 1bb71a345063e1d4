from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Preferences
from plans.models import ActionPlan


class PreferencesForm(forms.ModelForm):
    plans = forms.ModelMultipleChoiceField(
        queryset=ActionPlan.objects.public(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Action plans I follow"),
        help_text=_("You get announcements about the plans you follow."),
    )

    class Meta:
        model = Preferences
        fields = ["plans", "phase_announcements", "invitations", "weekly_digest"]
