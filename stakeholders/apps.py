from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    """The stakeholder forum: its members, meetings and review rounds."""

    name = "stakeholders"
    verbose_name = _("Stakeholder forum")
    # The public forum page lists the review rounds with their decision logs.
    page_cache_models = ["ReviewRound"]

    def ready(self):
        # Names the role for the profile page (accounts.roles.register_role).
        import stakeholders.roles  # noqa: F401
        from plans import forum
        from stakeholders.models import ForumMember

        # Lower apps (commitments, sessions) ask plans.forum who has a seat.
        forum.register(lambda on: ForumMember.objects.current(on=on))
        # commitments is below stakeholders: its "revise" step asks its registry, which the forum
        # fills in (every remark answered first).
        from commitments.workflow import register_guard
        from stakeholders.services import revise_guard

        register_guard("revise", revise_guard)
