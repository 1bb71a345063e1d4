from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    """The stakeholder forum: its members, and later its meetings and review rounds."""

    name = "stakeholders"
    verbose_name = _("Stakeholder forum")

    def ready(self):
        # Names the role for the profile page (accounts.roles.register_role).
        import stakeholders.roles  # noqa: F401
        from plans import forum
        from stakeholders.models import ForumMember

        # Lower apps (commitments, sessions) ask plans.forum who has a seat.
        forum.register(lambda on: ForumMember.objects.current(on=on))
