import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core import clock
from core.i18n import localized_value
from ideas.models import Report
from plans.models import ActionPlan


class ForumMemberQuerySet(models.QuerySet):
    def current(self, *, on: datetime.date | None = None):
        """Seats held on a day (today by default): started on or before it, not ended before it.
        The one definition of "a current forum seat"; everything that asks goes through it."""
        on = on or clock.today()
        return self.filter(since__lte=on).filter(Q(until__isnull=True) | Q(until__gte=on))


class ForumMember(models.Model):
    """A seat in the stakeholder forum of one action plan, for a period."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="forum_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_seats")
    sector = models.CharField(_("sector"), max_length=20, choices=Organisation.Kind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="forum_seats"
    )
    since = models.DateField(_("member since"))
    until = models.DateField(_("member until"), null=True, blank=True)
    consent_to_show_name = models.BooleanField(
        _("name may be shown"), default=False,
        help_text=_("The member agreed that the public forum page shows their name."),
    )  # fmt: skip

    objects = ForumMemberQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "sector", "user__name"]
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="stakeholders_one_seat_per_plan"),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")), name="stakeholders_seat_dates"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_sector_display()})"

    def clean(self):
        if self.until and self.since and self.until < self.since:
            raise ValidationError({"until": _("A seat cannot end before it starts.")})


# --- Forum and meetings ---


class ForumTerms(models.Model):
    """The forum's terms of reference for one plan: bilingual text that staff edit."""

    plan = models.OneToOneField(ActionPlan, on_delete=models.CASCADE, related_name="forum_terms")
    text_nl = models.TextField(_("terms of reference (Dutch)"), max_length=20_000)
    text_en = models.TextField(_("terms of reference (English)"), max_length=20_000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("terms of reference")
        verbose_name_plural = _("terms of reference")

    def __str__(self):
        return str(self.plan)

    @property
    def text(self) -> str:
        return localized_value(self, "text")


class Meeting(models.Model):
    """A meeting of a plan's forum. Its calendar file is made by ``sessions.ical`` (the same
    attribute names as a session: ``title``, ``description``, ``is_online``, ``venue``...)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="forum_meetings")
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    agenda_nl = models.TextField(_("agenda (Dutch)"), max_length=20_000, blank=True)
    agenda_en = models.TextField(_("agenda (English)"), max_length=20_000, blank=True)
    minutes_nl = models.TextField(_("minutes (Dutch)"), max_length=50_000, blank=True)
    minutes_en = models.TextField(_("minutes (English)"), max_length=50_000, blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    is_cancelled = False  # for sessions.ical
    calendar_page_label = _("Meeting page")

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("forum meeting")
        verbose_name_plural = _("forum meetings")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="stakeholders_meeting_order"),
            models.CheckConstraint(
                condition=~Q(venue="") | ~Q(online_url=""), name="stakeholders_meeting_place_or_link"
            ),
        ]

    def __str__(self):
        return self.title_nl

    def get_absolute_url(self):
        return reverse("stakeholders:meeting", kwargs={"slug": self.plan.slug, "pk": self.pk})

    @property
    def calendar_uid(self) -> str:
        # Not "session-<pk>": a meeting and a session with the same number are different events.
        return f"forum-meeting-{self.pk}"

    @property
    def title(self) -> str:
        return localized_value(self, "title")

    @property
    def description(self) -> str:
        return self.agenda

    @property
    def agenda(self) -> str:
        return localized_value(self, "agenda")

    @property
    def minutes(self) -> str:
        return localized_value(self, "minutes")

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.venue

    @property
    def minutes_are_published(self) -> bool:
        return self.minutes_published_at is not None

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A meeting ends after it starts.")})
        if not self.venue.strip() and not self.online_url:
            raise ValidationError({"venue": _("Give a place, an online meeting link, or both.")})


def meeting_document_path(instance, filename):
    return f"forum/{instance.meeting_id}/{filename}"


class MeetingDocument(models.Model):
    """A document of a meeting (PDF, ODT, DOCX). Public with the minutes; before that only staff
    and the plan's current members may download it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=meeting_document_path, max_length=300)
    title = models.CharField(_("description"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self):
        return self.title

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class MeetingAttendance(models.Model):
    """Whether a member was at a meeting (one row per member the staff checked)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(ForumMember, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="stakeholders_one_attendance")]

    def __str__(self):
        return f"{self.member} @ {self.meeting}"


# --- Review rounds ---

# The default criteria, each scored 1–4 with an explanation (key, label, what it asks).
CRITERIA = [
    ("clarity", _("Clarity"), _("Is it clear what the commitment does and for whom?")),
    ("verifiability", _("Verifiability"), _("Are there dated milestones with outputs that can be checked?")),
    (
        "relevance",
        _("Relevance to the OGP values"),
        _("Does it advance transparency, participation or accountability?"),
    ),
    ("ambition", _("Ambition"), _("Does it go beyond what is already being done?")),
    ("social_value", _("Social added value"), _("What does it change for citizens and society?")),
]
CRITERION_KEYS = [key for key, _label, _help in CRITERIA]
SCORE_MIN, SCORE_MAX = 1, 4


def criterion_label(key: str) -> str:
    return str(next((label for k, label, _help in CRITERIA if k == key), key))


class ReviewRound(models.Model):
    """A forum review of some commitments of one plan, until a deadline."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="review_rounds")
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"), help_text=_("The last day on which reviews can be submitted."))
    criteria = models.JSONField(_("criteria"), default=list)
    public_consultation = models.BooleanField(
        _("also open to everyone"), default=False,
        help_text=_("Signed-in participants can comment on the drafts; their comments are moderated."),
    )  # fmt: skip
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["plan", "-opens_on", "-pk"]
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("stakeholders_review:round", kwargs={"slug": self.plan.slug, "pk": self.pk})

    def is_closed(self, today) -> bool:
        """Closed by a process owner, or the deadline has passed."""
        return self.closed_at is not None or today > self.deadline

    @property
    def decision_log_url(self):
        return reverse("stakeholders_review:decision_log", kwargs={"slug": self.plan.slug, "pk": self.pk})

    def criteria_labels(self):
        return [(key, criterion_label(key)) for key in self.criteria]


class RoundCommitment(models.Model):
    """One commitment in a round: the version that was reviewed, and who reviews it (nobody
    chosen: the whole forum)."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="items")
    commitment = models.ForeignKey("commitments.Commitment", on_delete=models.PROTECT, related_name="review_items")
    reviewed_version = models.ForeignKey(
        "commitments.CommitmentVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewed version")
    )
    reviewers = models.ManyToManyField(ForumMember, blank=True, related_name="review_items")

    class Meta:
        ordering = ["round", "commitment__sequence"]
        constraints = [
            models.UniqueConstraint(fields=["round", "commitment"], name="stakeholders_commitment_once_per_round")
        ]

    def __str__(self):
        return f"{self.round} – {self.commitment.identifier}"


class Review(models.Model):
    """One forum member's scores for one commitment in a round."""

    item = models.ForeignKey(RoundCommitment, on_delete=models.CASCADE, related_name="reviews")
    # A deleted account leaves its scores and remarks in the decision log (the forum's reasoned
    # response), no longer linked to anyone (stakeholders/personal_data.py).
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="forum_reviews"
    )
    seat = models.ForeignKey(ForumMember, on_delete=models.SET_NULL, null=True, related_name="reviews")
    # {criterion: {"score": 1..4, "explanation": "..."}}
    scores = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "submitted_at"]
        constraints = [models.UniqueConstraint(fields=["item", "reviewer"], name="stakeholders_one_review_per_member")]

    def __str__(self):
        return f"{self.item} – {self.reviewer}"


class Remark(models.Model):
    """A remark on a commitment in a round, by a forum member (with a review) or, in a public
    consultation, by a participant (moderated). Every remark gets an answer with a reason."""

    class Answer(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        PARTLY = "partly", _("Partly adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    class Moderation(models.TextChoices):
        APPROVED = "approved", _("Approved")
        PENDING = "pending", _("Awaiting moderation")
        REJECTED = "rejected", _("Rejected")

    item = models.ForeignKey(RoundCommitment, on_delete=models.CASCADE, related_name="remarks")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, null=True, blank=True, related_name="remarks")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="forum_remarks"
    )
    is_public = models.BooleanField(default=False)  # from the public consultation
    moderation = models.CharField(max_length=10, choices=Moderation.choices, default=Moderation.APPROVED)
    field = models.CharField(_("about the field"), max_length=40, blank=True)
    milestone = models.ForeignKey(
        "commitments.Milestone", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("about the milestone"),
    )  # fmt: skip
    text = models.TextField(_("remark"), max_length=5_000)
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.CharField(_("answer"), max_length=12, choices=Answer.choices, blank=True)
    reason = models.TextField(_("reason"), max_length=5_000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item", "created_at", "pk"]
        verbose_name = _("remark")
        verbose_name_plural = _("remarks")
        constraints = [
            models.CheckConstraint(condition=Q(answer="") | ~Q(reason=""), name="stakeholders_answer_has_reason"),
        ]

    def __str__(self):
        return self.text[:80]


class RemarkReport(models.Model):
    """A report of a published comment from the public consultation, with the contributions'
    reasons (``ideas.Report.Reason``); a moderator keeps or rejects the comment."""

    remark = models.ForeignKey(Remark, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Report.Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["remark", "created_at"]

    def __str__(self):
        return f"{self.remark_id}: {self.reason}"
