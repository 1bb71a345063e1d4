"""Forms of progress reporting: the action holder's report with its evidence, and the process
owner's check. Every refusal is a message next to its field; what was typed stays in the form."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from core import clock
from core.files import validate_document
from implementation.models import Completion, ProgressReport
from implementation.progress import latest_status, open_round
from implementation.services import DocumentEvidence, LinkEvidence
from plans.forms import DATE

LINKS = 3
DOCUMENTS = 2
HTTP_ONLY = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address that starts with http:// or https://.")
)


class ProgressReportForm(forms.Form):
    completion = forms.ChoiceField(
        label=_("Status of the milestone"), choices=Completion.choices, widget=forms.RadioSelect,
        help_text=_("On OGP's completion scale. Withdrawn only with the reason in the explanation."),
        error_messages={"required": _("Choose the status of the milestone.")},
    )  # fmt: skip
    explanation_nl = forms.CharField(
        label=_("Explanation (Dutch)"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000,
        help_text=_("What has been done, and what is still to come. For a withdrawn milestone: why."),
        error_messages={"required": _("Explain the status in Dutch.")},
    )  # fmt: skip
    explanation_en = forms.CharField(
        label=_("Explanation (English)"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000, required=False
    )
    reported_on = forms.DateField(
        label=_("Date of the report"), widget=DATE,
        help_text=_("The day the status applies to: within the plan's term, not in the future."),
        error_messages={"required": _("Enter the date of the report."), "invalid": _("Enter a real date.")},
    )  # fmt: skip
    round = forms.ModelChoiceField(
        label=_("Reporting round"), queryset=None, required=False, empty_label=_("No round"),
        help_text=_("The round this report answers, if any."),
    )  # fmt: skip

    def __init__(self, *args, milestone, **kwargs):
        super().__init__(*args, **kwargs)
        self.milestone = milestone
        self.plan = milestone.commitment.plan
        today = clock.today()
        self.fields["round"].queryset = self.plan.reporting_rounds.filter(opens_on__lte=today).order_by("-opens_on")
        if not self.is_bound:
            self.initial.setdefault("reported_on", today)
            self.initial.setdefault("round", open_round(self.plan, today=today))
        for n in range(1, LINKS + 1):
            self.fields[f"link_{n}_title"] = forms.CharField(
                label=_("Link %(n)s: description") % {"n": n}, max_length=300, required=False
            )
            self.fields[f"link_{n}_url"] = forms.CharField(
                label=_("Link %(n)s: web address") % {"n": n}, max_length=500, required=False,
                validators=[HTTP_ONLY], widget=forms.URLInput(attrs={"placeholder": "https://"}),
            )  # fmt: skip
        for n in range(1, DOCUMENTS + 1):
            self.fields[f"document_{n}_title"] = forms.CharField(
                label=_("Document %(n)s: description") % {"n": n}, max_length=300, required=False
            )
            self.fields[f"document_{n}"] = forms.FileField(
                label=_("Document %(n)s") % {"n": n}, required=False, validators=[validate_document],
                help_text=_("PDF, ODT or DOCX, at most 15 MB. After an error, choose the file again."),
            )  # fmt: skip

    @property
    def withdrawn(self) -> bool:
        """The milestone's latest accepted status is withdrawn: it takes no more reports."""
        if not hasattr(self, "_withdrawn"):
            self._withdrawn = latest_status(self.milestone) == Completion.WITHDRAWN
        return self._withdrawn

    def clean_reported_on(self):
        day = self.cleaned_data["reported_on"]
        if day > clock.today():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        if day < self.plan.term_start:
            raise forms.ValidationError(
                _("The date cannot be before the plan's term starts (%(day)s).")
                % {"day": self.plan.term_start.strftime("%d-%m-%Y")},
                code="before_term",
            )
        return day

    def clean(self):
        data = super().clean()
        if self.withdrawn:
            raise forms.ValidationError(
                _("This milestone has been withdrawn: it takes no more progress reports."), code="withdrawn"
            )
        if "explanation_nl" in self.errors and data.get("completion") == Completion.WITHDRAWN:
            self.errors["explanation_nl"] = self.error_class([_("Give the reason why the milestone is withdrawn.")])
        for n in range(1, LINKS + 1):
            title, url = data.get(f"link_{n}_title", ""), data.get(f"link_{n}_url", "")
            if title and not url and f"link_{n}_url" not in self.errors:
                self.add_error(f"link_{n}_url", _("Enter the web address of this link."))
            if url and not title:
                self.add_error(f"link_{n}_title", _("Describe what the link shows."))
        for n in range(1, DOCUMENTS + 1):
            title, upload = data.get(f"document_{n}_title", ""), data.get(f"document_{n}")
            if title and not upload and f"document_{n}" not in self.errors:
                self.add_error(f"document_{n}", _("Choose the file of this document."))
            if upload and not title:
                self.add_error(f"document_{n}_title", _("Describe what the document is."))
        return data

    def evidence(self) -> list:
        data = self.cleaned_data
        items = [
            LinkEvidence(title=data[f"link_{n}_title"], url=data[f"link_{n}_url"])
            for n in range(1, LINKS + 1)
            if data.get(f"link_{n}_url")
        ]
        items += [
            DocumentEvidence(title=data[f"document_{n}_title"], file=data[f"document_{n}"])
            for n in range(1, DOCUMENTS + 1)
            if data.get(f"document_{n}")
        ]
        return items


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is sent back"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5_000,
        help_text=_("The action holder reads this in an email and can report again."),
        error_messages={"required": _("Say why the report is sent back.")},
    )  # fmt: skip


def report_fields(report: ProgressReport) -> dict:
    """The form's data from an earlier report (to report again after it was sent back)."""
    data = {
        "completion": report.completion,
        "explanation_nl": report.explanation_nl,
        "explanation_en": report.explanation_en,
        "round": report.round_id,
    }
    links = [e for e in report.evidence.all() if e.url]
    for n, item in enumerate(links[:LINKS], start=1):
        data[f"link_{n}_title"], data[f"link_{n}_url"] = item.title, item.url
    return data
