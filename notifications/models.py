from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import ActionPlan


class MessageQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(status=Message.Status.PENDING, next_attempt_at__lte=now)


class Message(models.Model):
    """One email in the outbox, written in the same transaction as the change that causes it.

    ``key`` is the idempotency key (for example ``session-reminder:{registration}:{days}``): a
    second message with the same key is never created, so a job that runs twice sends once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        HELD = "held", _("Held for the weekly digest")
        SENT = "sent", _("Sent")
        DIGESTED = "digested", _("Sent in a digest")
        FAILED = "failed", _("Failed")

    class Category(models.TextChoices):
        TRANSACTIONAL = "transactional", _("Transactional (login codes, confirmations)")
        ANNOUNCEMENT = "announcement", _("Announcement (can be unsubscribed from)")

    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    to_email = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=2, default="nl")
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(default=list, blank=True, help_text="[{filename, mimetype, content (base64)}]")
    # An account email (login code, confirmation code, password-reset link): its body is wiped in
    # the statement that marks it sent or failed, never shown in the admin, and never sent again.
    secret = models.BooleanField(
        _("contains a secret"), default=False, db_default=False,  # db_default: old code may insert while migrating
        help_text=_("An account email with a code or link: its content is deleted once it is sent."),
    )  # fmt: skip
    plan = models.ForeignKey(ActionPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("email message")
        verbose_name_plural = _("outbox")
        indexes = [
            models.Index(fields=["next_attempt_at"], name="notif_msg_pending_idx", condition=Q(status="pending")),
            models.Index(fields=["recipient", "status"]),
            # The daily retention job (services.message_bodies_expire) finds the bodies still kept.
            models.Index(fields=["created_at"], name="notif_msg_body_kept_idx", condition=~Q(body_text="")),
        ]

    def __str__(self):
        return f"{self.kind} → {self.to_email}"


class Preferences(models.Model):
    """Which announcements a person gets, and whether as a weekly digest.

    Transactional messages (login codes, confirmations, answers to one's own contribution) are
    always sent; these settings cover announcements only.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    phase_announcements = models.BooleanField(
        _("when a phase of a plan I follow opens"), default=True,
        help_text=_("For example when the call for input or the co-creation sessions start."),
    )  # fmt: skip
    invitations = models.BooleanField(_("invitations to sessions and meetings"), default=True)
    weekly_digest = models.BooleanField(
        _("one weekly digest instead of separate emails"), default=False,
        help_text=_("Announcements are collected and sent together on Monday morning."),
    )  # fmt: skip
    plans = models.ManyToManyField(ActionPlan, blank=True, related_name="followers", verbose_name=_("plans I follow"))
    themes = models.ManyToManyField(
        "plans.Theme", blank=True, related_name="followers", verbose_name=_("themes I am interested in"),
        help_text=_("You may be invited to sessions and consultations on these themes."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("email preferences")
        verbose_name_plural = _("email preferences")

    def __str__(self):
        return str(self.user)

    FLAGS = ("phase_announcements", "invitations")
    TOPICS = (*FLAGS, "all")  # what an unsubscribe link can switch off; "all" = every announcement

    def wants(self, topic: str) -> bool:
        if topic == "all":
            return any(getattr(self, flag) for flag in self.FLAGS)
        return getattr(self, topic)

    def switch_off(self, topic: str) -> list[str]:
        flags = list(self.FLAGS) if topic == "all" else [topic]
        for flag in flags:
            setattr(self, flag, False)
        return flags


class Suppression(models.Model):
    """An address without an account that unsubscribed from a kind of announcement (for example
    invitations sent to a pasted list of addresses)."""

    email = models.EmailField()
    topic = models.CharField(max_length=30)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["email", "topic"], name="notifications_suppression_once")]

    def __str__(self):
        return f"{self.email}: {self.topic}"
