from django.conf import settings
from django.db import connections, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.i18n import Bilingual
from plans.models import ActionPlan, Theme


class BuildingBlockQuerySet(models.QuerySet):
    def public(self):
        """Building blocks the public may see: those of a public plan."""
        return self.filter(plan__status=ActionPlan.Status.PUBLIC)


class BuildingBlock(Bilingual, models.Model):
    """A bouwsteen: process owners group contributions under it; commitments draw on it."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="building_blocks")
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_nl = models.TextField(_("summary (Dutch)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="building_blocks", verbose_name=_("themes"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BuildingBlockQuerySet.as_manager()

    class Meta:
        ordering = ["title_nl"]
        verbose_name = _("building block")
        verbose_name_plural = _("building blocks")

    def __str__(self):
        return self.localized("title")

    def get_absolute_url(self):
        return reverse("ideas:building_block", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        """The row's answer to ``BuildingBlock.objects.public()`` (select the plan with it)."""
        return self.plan.status == ActionPlan.Status.PUBLIC


# The statuses shown publicly. The partial indexes of the public list are on exactly this
# condition (an index condition cannot reach into the plan's row); IdeaQuerySet.public adds the
# plan's status to it.
PUBLIC_STATUSES = ["published", "duplicate"]
PUBLIC = Q(status__in=PUBLIC_STATUSES)


def _public_plan_ids(vendor: str):
    """The ids of public plans, as a subquery. On PostgreSQL behind ``OFFSET 0``, an optimisation
    fence: flattened into a join, the plan's status made the planner expect a handful of rows and
    sort every contribution of a theme instead of reading the list's partial index in order (72 ms
    against 2 ms at 100,000; bench/contributions.py, page cache off). SQLite has no such fence
    (nor the need)."""
    if vendor == "postgresql":
        table = ActionPlan._meta.db_table
        # The table name is our own model's, the status a parameter: nothing from outside.
        return RawSQL(f"SELECT id FROM {table} WHERE status = %s OFFSET 0", [ActionPlan.Status.PUBLIC])  # noqa: S608, S611
    return ActionPlan.objects.filter(status=ActionPlan.Status.PUBLIC).values("id")


class IdeaQuerySet(models.QuerySet):
    def published(self):
        """Published, in any plan: for staff pages. Public pages use ``public()``."""
        return self.filter(status=Idea.Status.PUBLISHED)

    def public(self):
        """What the public may see: published contributions and duplicates (shown with a link to
        the contribution they duplicate) of a public plan. A plan that is still a draft is for
        staff only, and so is everything in it. Every public page, filter, feed and export reads
        through this; ``Idea.is_public`` is the same test for one row."""
        return self.filter(PUBLIC, plan_id__in=_public_plan_ids(connections[self.db].vendor))

    def in_queue(self):
        return self.filter(Q(status=Idea.Status.NEW) | Q(status=Idea.Status.PUBLISHED, needs_review=True))


class Idea(models.Model):
    """A contribution to a plan: an idea, a suggestion or a critical note."""

    class Kind(models.TextChoices):
        IDEA = "idea", _("Idea")
        SUGGESTION = "suggestion", _("Suggestion")
        CRITICAL_NOTE = "critical_note", _("Critical note")

    class Status(models.TextChoices):
        NEW = "new", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not published")
        DUPLICATE = "duplicate", _("Duplicate")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        SESSION = "session", _("Co-creation session")
        EMAIL = "email", _("Email")
        MEETING = "meeting", _("Meeting")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        BUILDING_BLOCK = "building_block", _("Taken up in a building block")
        COMMITMENT = "commitment", _("Taken up in a commitment")
        PARTLY = "partly", _("Partly taken up")
        NOT_TAKEN_UP = "not_taken_up", _("Not taken up")
        OUT_OF_SCOPE = "out_of_scope", _("Outside the plan's scope")

    class RejectionReason(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("Contains personal data of others")
        OFFENSIVE = "offensive", _("Offensive or discriminatory")
        OFF_TOPIC = "off_topic", _("Not about open government")
        SPAM = "spam", _("Advertising or spam")
        OTHER = "other", _("Other reason")

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="contributions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.IDEA)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=10_000)
    original_text = models.TextField(
        _("original text (staff only)"), blank=True, help_text=_("Kept when personal data is redacted from the text.")
    )
    themes = models.ManyToManyField(Theme, related_name="contributions", verbose_name=_("themes"))

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="contributions"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="contributions",
        verbose_name=_("on behalf of"),
    )  # fmt: skip
    show_name = models.BooleanField(_("show my name with this contribution"), default=False)
    # Staff who enter a contribution received by email, in a session or in a meeting.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitter_name = models.CharField(_("name of the submitter"), max_length=150, blank=True)
    submitter_email = models.EmailField(_("email address of the submitter"), blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    # The day staff received a contribution they enter (an email, a session, a meeting); empty for
    # online ones, which are received when they are submitted (``received_date``).
    received_on = models.DateField(_("received on"), null=True, blank=True)
    session = models.ForeignKey(
        "cocreation.Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="contributions",
        verbose_name=_("co-creation session"),
    )  # fmt: skip

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    needs_review = models.BooleanField(_("reported, to be reviewed"), default=False)
    rejection_reason = models.CharField(_("reason"), max_length=20, choices=RejectionReason.choices, blank=True)
    rejection_text = models.TextField(_("explanation for the author"), blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates",
        verbose_name=_("duplicate of"),
    )  # fmt: skip
    building_block = models.ForeignKey(
        BuildingBlock, on_delete=models.SET_NULL, null=True, blank=True, related_name="contributions",
        verbose_name=_("building block"),
    )  # fmt: skip

    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    response = models.TextField(_("public answer"), blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # Sent in during the plan's mid-term refresh (its REFRESH phase), set once by the services.
    in_refresh = models.BooleanField(_("sent in during the refresh"), default=False)
    support_count = models.PositiveIntegerField(_("supports"), default=0)  # kept by services, for sorting
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="ideas_public_newest"),
            models.Index(fields=["status", "-support_count", "-id"], name="ideas_public_supported"),
            models.Index(fields=["status", "created_at"], name="ideas_queue"),
            # The public list (published and duplicates, IdeaQuerySet.public) sorted newest or most
            # supported first: partial indexes in the list's order, so PostgreSQL reads only the
            # first page's rows instead of sorting every public contribution (bench/contributions.py).
            # They include the plan, so that counting the public ones (in public plans) reads the index alone.
            models.Index(
                fields=["-published_at", "-id"], condition=PUBLIC, include=["plan"], name="ideas_public_list_newest"
            ),
            models.Index(
                fields=["-support_count", "-id"], condition=PUBLIC, include=["plan"], name="ideas_public_list_supported"
            ),
            # The full-text index (PostgreSQL, Dutch configuration) is created in migration 0002,
            # on PostgreSQL only: SQLite, the embedded default, searches with a plain LIKE.
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="duplicate") | Q(duplicate_of__isnull=False), name="ideas_duplicate_has_original"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ideas:detail", kwargs={"pk": self.pk})

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remembers the status as read, so that the page cache can tell a contribution that
        leaves the public pages (ideas/pages.py) from one that changes on them."""
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.__dict__.get("status", "unknown")  # deferred: not known
        return instance

    @property
    def is_public(self) -> bool:
        """The row's answer to ``Idea.objects.public()`` (select the plan with the idea)."""
        return self.status in PUBLIC_STATUSES and self.plan.status == ActionPlan.Status.PUBLIC

    def duplicates_shown(self) -> list:
        """The contributions marked as duplicates of this one (one query)."""
        return list(self.duplicates.filter(status=Idea.Status.DUPLICATE).only("pk", "title", "duplicate_of"))

    @property
    def public_author_name(self) -> str:
        """The author's name only where they allowed it; never an email address."""
        if not self.show_name:
            return ""
        if self.author_id and self.author.name:
            return self.author.name
        return self.submitter_name

    @property
    def received_date(self):
        """The day the contribution reached us: the date staff entered for one received elsewhere,
        else the day it was submitted online."""
        return self.received_on or timezone.localtime(self.created_at).date()

    @property
    def public_byline(self) -> str:
        """Exactly what the public page says under "From" (templates/ideas/idea_detail.html)."""
        if self.public_author_name:
            name = self.public_author_name
        elif self.by_former_participant:
            name = _("A former participant")
        else:
            name = _("A participant")
        return f"{name} ({self.organisation.name})" if self.organisation_id else str(name)

    @property
    def by_former_participant(self) -> bool:
        """Sent online by someone who has since deleted their account. An online contribution
        always has an author (staff enter the other channels, with a submitter's name or none),
        so an online one without an author lost it when the account went."""
        return self.author_id is None and self.channel == self.Channel.ONLINE


class Support(models.Model):
    """ "This matters to me": once per person and contribution."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="ideas_support_once")]

    def __str__(self):
        return f"{self.user_id} → {self.idea_id}"


class Report(models.Model):
    class Reason(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("It contains personal data")
        OFFENSIVE = "offensive", _("It is offensive or discriminatory")
        SPAM = "spam", _("It is advertising or spam")
        OTHER = "other", _("Something else")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    text = models.TextField(_("explanation"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            # One voice per person: a person's reports on a contribution count once. Reports whose
            # reporter deleted their account (NULL) are kept, all of them.
            models.UniqueConstraint(
                fields=["idea", "reporter"], condition=Q(reporter__isnull=False), name="ideas_report_once_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.idea_id})"


class ModerationLog(models.Model):
    """Who did what to a contribution, and when."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="log")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=30)
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.action} #{self.idea_id}"

    def describe(self) -> str:
        """The entry as a sentence in the active language. ``action`` and ``detail`` stay stored as
        codes (``entered`` / ``channel=email``, ``duplicate`` / ``of #6``) so that the history reads
        in either language."""
        detail = self.detail
        if self.action == "entered":
            channel = detail.removeprefix("channel=")
            return _("Entered by staff, received by: %(channel)s") % {"channel": _label(Idea.Channel, channel)}
        if self.action == "rejected":
            reason, _sep, text = detail.partition(": ")
            sentence = _("Not published: %(reason)s") % {"reason": _label(Idea.RejectionReason, reason)}
            return f"{sentence} ({text})" if text else sentence
        if self.action == "duplicate":
            return _("Marked as a duplicate of contribution %(number)s") % {"number": detail.removeprefix("of ")}
        if self.action == "reported":
            return _("Reported: %(reason)s") % {"reason": _label(Report.Reason, detail)}
        if self.action == "answered":
            return _("Answered: %(outcome)s") % {"outcome": _label(Idea.Outcome, detail)}
        sentences = {
            "submitted": _("Submitted online"),
            "edited": _("Edited by the author"),
            "withdrawn": _("Withdrawn by the author"),
            "published": _("Published by a moderator"),
            "redacted": _("Personal data removed from the text"),
        }
        if self.action in sentences:
            return str(sentences[self.action])
        return f"{self.action} ({detail})" if detail else self.action


def _label(choices, value: str) -> str:
    """The label of a stored choice, or the value itself for one that no longer exists."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value
