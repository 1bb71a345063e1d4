"""Forms of the reporting rounds: open a round, put it on a forum meeting's agenda, and the forum's
comment. The checks across fields and rows (dates, overlap, seats) are the services'
(``implementation.rounds``); their errors come back next to the fields, with everything typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment
from plans.forms import DATE
from sessions.forms import SingleLineMixin
from stakeholders.models import Meeting


def _meetings(plan):
    return Meeting.objects.filter(plan=plan).order_by("starts_at", "pk")


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        from core.dates import show_datetime

        return f"{obj.title} ({show_datetime(obj.starts_at)})"


class RoundForm(SingleLineMixin, forms.Form):
    title_nl = forms.CharField(
        label=_("Title (Dutch)"), max_length=200, help_text=_("For example “Voortgangsrapportage voorjaar 2024”."),
        error_messages={"required": _("Give the round a Dutch title.")},
    )  # fmt: skip
    title_en = forms.CharField(
        label=_("Title (English)"), max_length=200, help_text=_("For example “Progress report spring 2024”."),
        error_messages={"required": _("Give the round an English title.")},
    )  # fmt: skip
    opens_on = forms.DateField(
        label=_("Opens on"), widget=DATE,
        help_text=_("The action holders are invited on this day."),
        error_messages={"required": _("Give the day the round opens."), "invalid": _("Give a date, such as 2024-05-01.")},
    )  # fmt: skip
    deadline = forms.DateField(
        label=_("Deadline"), widget=DATE,
        help_text=_("The last day to report. Reminders go out 14 and 3 days before."),
        error_messages={"required": _("Give the deadline."), "invalid": _("Give a date, such as 2024-05-31.")},
    )  # fmt: skip
    forum_meeting = MeetingChoiceField(
        label=_("On the agenda of forum meeting"), queryset=Meeting.objects.none(), required=False,
        empty_label=_("Not on an agenda (yet)"),
        help_text=_("The forum discusses the progress of this round at this meeting (optional)."),
    )  # fmt: skip

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum_meeting"].queryset = _meetings(plan)


class AgendaForm(forms.Form):
    forum_meeting = MeetingChoiceField(
        label=_("On the agenda of forum meeting"), queryset=Meeting.objects.none(), required=False,
        empty_label=_("Not on an agenda (yet)"),
    )  # fmt: skip

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum_meeting"].queryset = _meetings(plan)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment on the progress"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write your comment.")},
    )  # fmt: skip
    commitment = forms.ModelChoiceField(
        label=_("About commitment"), queryset=Commitment.objects.none(), required=False,
        empty_label=_("The round as a whole"),
    )  # fmt: skip

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = Commitment.objects.published().filter(plan=plan).order_by("sequence")
