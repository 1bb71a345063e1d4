from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core import clock
from plans.models import ActionPlan, Theme


def parse_reminder_days(value: str) -> list[int]:
    """ "7, 1" → [7, 1] (largest first); an empty value means no reminders."""
    parts = [p.strip() for p in (value or "").split(",") if p.strip()]
    return sorted({int(p) for p in parts}, reverse=True)


def validate_reminder_days(value: str) -> None:
    try:
        days = parse_reminder_days(value)
    except ValueError:
        days = None
    if days is None or any(d < 1 or d > 60 for d in days):
        raise ValidationError(_("Enter whole numbers of days between 1 and 60, separated by commas, e.g. “7, 1”."))


@dataclass(frozen=True)
class SignupState:
    """Whether and how one can sign up for a session, as the list and the session page show it.

    One computation for both, so that they cannot disagree (the list once offered seats of a
    session whose deadline had passed)."""

    CANCELLED = "cancelled"
    PAST = "past"  # the session has ended
    STARTED = "started"  # under way: registration closed
    CLOSED = "closed"  # the registration deadline has passed
    OPEN = "open"  # seats left
    FULL = "full"  # open, but only the waitlist

    kind: str
    seats_left: int

    @property
    def is_open(self) -> bool:
        return self.kind in (self.OPEN, self.FULL)

    @property
    def label(self) -> str:
        if self.kind == self.OPEN:
            return ngettext("%(counter)s seat left", "%(counter)s seats left", self.seats_left) % {
                "counter": self.seats_left
            }
        return {
            self.CANCELLED: gettext("Cancelled"),
            self.PAST: gettext("Took place"),
            self.STARTED: gettext("Registration has closed: the session has started."),
            self.CLOSED: gettext("Registration has closed: the deadline has passed."),
            self.FULL: gettext("Full: you can join the waitlist"),
        }[self.kind]


class SessionQuerySet(models.QuerySet):
    def public(self):
        """Sessions the public may see: those of a public plan (``Session.is_public`` for one row).
        Every public page, filter choice and calendar feed reads through this."""
        return self.filter(plan__status=ActionPlan.Status.PUBLIC)

    def with_counts(self):
        """Annotate confirmed, waitlisted and checked-in registrations (one query, no N+1)."""
        confirmed = Q(registrations__status="confirmed")
        return self.annotate(
            confirmed_count=Count("registrations", filter=confirmed, distinct=True),
            waitlisted_count=Count("registrations", filter=Q(registrations__status="waitlisted"), distinct=True),
            checked_in_count=Count(
                "registrations", filter=confirmed & Q(registrations__checked_in_at__isnull=False), distinct=True
            ),
        )


class Session(models.Model):
    """A co-creation session (meedenksessie) of a plan, in person or online."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="sessions")
    slug = models.SlugField(_("web address"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="sessions", verbose_name=_("themes"))
    language = models.CharField(_("language of the session"), max_length=2, choices=settings.LANGUAGES, default="nl")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("form"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    venue_accessibility = models.TextField(
        _("accessibility of the venue"), blank=True,
        help_text=_("For example: step-free entrance, lift, accessible toilet, hearing loop."),
    )  # fmt: skip
    online_url = models.URLField(_("meeting link"), blank=True, help_text=_("Shown only to confirmed participants."))
    capacity = models.PositiveIntegerField(_("number of seats"))
    registration_deadline = models.DateTimeField(_("registration closes at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reminder_days = models.CharField(
        _("reminders (days before)"), max_length=30, default="7, 1", blank=True,
        validators=[validate_reminder_days],
        help_text=_("Confirmed participants get a reminder this many days before the session, e.g. “7, 1”. "
                    "Leave empty for no reminders."),
    )  # fmt: skip
    cancellation_note = models.TextField(
        _("message about the cancellation"), blank=True, help_text=_("Sent to everyone registered.")
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("co-creation session")
        verbose_name_plural = _("co-creation sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="cocreation_session_time_order"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="cocreation_session_capacity_positive"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sessions:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        """The row's answer to ``Session.objects.public()`` (select the plan with the session)."""
        return self.plan.status == ActionPlan.Status.PUBLIC

    @property
    def reminder_days_list(self) -> list[int]:
        return parse_reminder_days(self.reminder_days)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return self.mode == self.Mode.ONLINE

    def has_started(self, now=None) -> bool:
        return (now or clock.now()) >= self.starts_at

    def registration_open(self, now=None) -> bool:
        """Registration closes at the deadline, when the session starts, or when it is cancelled."""
        now = now or clock.now()
        return not self.is_cancelled and now < self.registration_deadline and now < self.starts_at

    def signup_state(self, now=None) -> SignupState:
        """The sign-up state at ``now``; uses the ``confirmed_count`` annotation when there is one,
        so a list of sessions from ``with_counts()`` costs no query per session."""
        now = now or clock.now()
        if self.is_cancelled:
            return SignupState(SignupState.CANCELLED, 0)
        if now >= self.ends_at:
            return SignupState(SignupState.PAST, 0)
        if self.has_started(now):
            return SignupState(SignupState.STARTED, 0)
        if now >= self.registration_deadline:
            return SignupState(SignupState.CLOSED, 0)
        left = self.seats_left()
        return SignupState(SignupState.OPEN if left else SignupState.FULL, left)

    @property
    def signup(self) -> SignupState:
        """The sign-up state now, for templates (computed once per object)."""
        if "_signup" not in self.__dict__:
            self.__dict__["_signup"] = self.signup_state()
        return self.__dict__["_signup"]

    def registration_changeable(self, now=None) -> bool:
        """Registrations can be moved or cancelled until the session starts (not once cancelled)."""
        return not self.is_cancelled and not self.has_started(now)

    def seats_left(self, confirmed: int | None = None) -> int:
        if confirmed is None:
            confirmed = getattr(self, "confirmed_count", None)
        if confirmed is None:
            confirmed = self.registrations.filter(status=Registration.Status.CONFIRMED).count()
        return max(self.capacity - confirmed, 0)


class Registration(models.Model):
    """A person's place in a session: confirmed, on the waitlist, or cancelled.

    ``arrival`` numbers the registrations of a session in the order they were taken, under a lock
    on the session row; the waitlist is served in that order. Registering again after cancelling
    reuses the row with a new arrival number (one row per person and session).
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    INDIVIDUAL = "individual"
    ORGANISATION_KINDS = [(INDIVIDUAL, _("Private individual")), *Organisation.Kind.choices]

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_registrations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    arrival = models.PositiveIntegerField(_("order of registration"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_kind = models.CharField(
        _("you take part as"), max_length=20, choices=ORGANISATION_KINDS, default=INDIVIDUAL
    )
    accessibility_needs = models.TextField(
        _("accessibility needs"), max_length=2000, blank=True,
        help_text=_("For example a sign language interpreter, wheelchair access or large print. Only staff see this."),
    )  # fmt: skip
    dietary_wishes = models.CharField(
        _("dietary wishes"), max_length=300, blank=True, help_text=_("Only staff see this.")
    )
    registered_at = models.DateTimeField(_("registered at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["session", "arrival"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="cocreation_registration_once"),
            models.UniqueConstraint(fields=["session", "arrival"], name="cocreation_registration_arrival"),
        ]
        indexes = [models.Index(fields=["session", "status", "arrival"])]

    def __str__(self):
        return f"{self.person} – {self.session}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED


class SessionInvitation(models.Model):
    """One invitation of one person (an account or a bare address) to one session."""

    class Group(models.TextChoices):
        FORUM = "forum", _("All members of the stakeholder forum")
        ACTION_HOLDERS = "action_holders", _("All people of the action holders")
        THEME = "theme", _("Everyone interested in a theme")
        ADDRESSES = "addresses", _("A list of email addresses")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="session_invitations"
    )
    group = models.CharField(_("invited as"), max_length=20, choices=Group.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "created_at", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint("session", Lower("email"), name="cocreation_invitation_once"),
        ]

    def __str__(self):
        return f"{self.email} – {self.session}"


class SessionReport(models.Model):
    """What happened in a session, published on its page afterwards."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="report")
    summary = models.TextField(_("summary"), max_length=20_000)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("session report")
        verbose_name_plural = _("session reports")

    def __str__(self):
        return str(self.session)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


def attachment_path(instance, filename):
    return f"sessions/{instance.report.session_id}/{filename}"


class SessionAttachment(models.Model):
    """A photo or document with a session report."""

    report = models.ForeignKey(SessionReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    title = models.CharField(
        _("description"), max_length=300,
        help_text=_("What the file shows or contains; for a photo this is its text alternative."),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]

    @property
    def is_image(self) -> bool:
        return self.filename.lower().rsplit(".", 1)[-1] in {"jpg", "jpeg", "png", "webp", "gif"}
