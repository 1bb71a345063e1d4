from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Preferences
from plans.models import ActionPlan, Theme


class PreferencesForm(forms.ModelForm):
    plans = forms.ModelMultipleChoiceField(
        queryset=ActionPlan.objects.public(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Action plans I follow"),
        help_text=_("You get announcements about the plans you follow."),
    )

    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Themes I am interested in"),
        help_text=_("We may invite you to co-creation sessions on these themes."),
    )

    class Meta:
        model = Preferences
        fields = ["plans", "themes", "phase_announcements", "invitations", "weekly_digest"]
