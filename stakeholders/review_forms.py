"""Forms of the review rounds. Errors come back next to their fields with everything typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commitments.content import SNAPSHOT_FIELDS, field_label
from stakeholders.models import CRITERIA, SCORE_MAX, SCORE_MIN, Remark

REMARK_SLOTS = 3
SCORE_CHOICES = [(n, str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]


def target_choices(commitment):
    choices = [("", _("The commitment as a whole"))]
    choices += [(f"field:{f}", field_label(f)) for f in SNAPSHOT_FIELDS if f != "milestones"]
    for n, milestone in enumerate(commitment.milestones.all(), 1):
        choices.append(
            (f"milestone:{milestone.pk}", _("Milestone %(n)s: %(text)s") % {"n": n, "text": str(milestone)[:60]})
        )
    return choices


def parse_target(value: str) -> dict:
    kind, _sep, rest = (value or "").partition(":")
    if kind == "field":
        return {"field": rest}
    if kind == "milestone" and rest.isdigit():
        return {"milestone": int(rest)}
    return {}


class ReviewForm(forms.Form):
    def __init__(self, *args, criteria, commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        helps = {key: (label, help_text) for key, label, help_text in CRITERIA}
        for key in criteria:
            label, help_text = helps.get(key, (key, ""))
            self.fields[f"score_{key}"] = forms.TypedChoiceField(
                label=label, help_text=help_text, choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect,
                error_messages={
                    "required": _("Give a score from 1 to 4."),
                    "invalid_choice": _("Give a score from 1 to 4."),
                },
            )  # fmt: skip
            self.fields[f"explanation_{key}"] = forms.CharField(
                label=_("Explanation of the score for “%(criterion)s”") % {"criterion": label},
                required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip
        targets = target_choices(commitment)
        for n in range(1, REMARK_SLOTS + 1):
            self.fields[f"remark_{n}_text"] = forms.CharField(
                label=_("Remark %(n)s") % {"n": n}, required=False, max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )  # fmt: skip
            self.fields[f"remark_{n}_target"] = forms.ChoiceField(
                label=_("Remark %(n)s is about") % {"n": n}, required=False, choices=targets
            )

    def scores(self) -> dict:
        return {
            key: {
                "score": self.cleaned_data.get(f"score_{key}"),
                "explanation": self.cleaned_data.get(f"explanation_{key}"),
            }
            for key in self.criteria
        }

    def remarks(self) -> list[dict]:
        return [
            {
                "text": self.cleaned_data.get(f"remark_{n}_text"),
                **parse_target(self.cleaned_data.get(f"remark_{n}_target")),
            }
            for n in range(1, REMARK_SLOTS + 1)
        ]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"), choices=Remark.Answer.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the remark was adopted, partly adopted or not adopted.")},
    )  # fmt: skip
    reason = forms.CharField(
        label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for this answer.")},
    )  # fmt: skip


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    commitments = forms.ModelMultipleChoiceField(
        label=_("Commitments ready for review"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    criteria = forms.MultipleChoiceField(
        label=_("Criteria"), choices=[(k, label) for k, label, _h in CRITERIA], widget=forms.CheckboxSelectMultiple,
        initial=[k for k, _l, _h in CRITERIA],
    )  # fmt: skip
    public_consultation = forms.BooleanField(label=_("Also open to everyone (public consultation)"), required=False)

    def __init__(self, *args, plan, seats, **kwargs):
        super().__init__(*args, **kwargs)
        from commitments.models import Commitment

        ready = Commitment.objects.filter(plan=plan, status=Commitment.Status.READY)
        self.fields["commitments"].queryset = ready
        self.ready = list(ready)
        self.seat_choices = [(s.pk, str(s)) for s in seats]
        self.seats = {s.pk: s for s in seats}
        for commitment in self.ready:
            self.fields[f"reviewers_{commitment.pk}"] = forms.TypedMultipleChoiceField(
                label=_("Reviewers of %(identifier)s (none chosen: the whole forum)") % {"identifier": commitment.identifier},
                choices=self.seat_choices, coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
            )  # fmt: skip

    def reviewers(self) -> dict:
        return {c.pk: [self.seats[pk] for pk in self.cleaned_data.get(f"reviewers_{c.pk}") or []] for c in self.ready}


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your comment.")},
    )  # fmt: skip
