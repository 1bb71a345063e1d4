"""A person's contributions, supports and reports, for "download my data" and "delete my account"
(the registry is ``accounts.personal_data``)."""

from django.db.models import F, Q

from accounts.personal_data import address_q, register
from core import pagecache
from ideas.models import Idea, Report, Support


def _theirs(user) -> Q:
    """Their online contributions, and those that staff entered for them from their address."""
    return Q(author=user) | address_q("submitter_email", user)


def _export_contributions(user) -> list[dict]:
    ideas = (
        Idea.objects.filter(_theirs(user))
        .select_related("plan", "organisation", "session")
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": idea.pk,
            "plan": idea.plan.title_nl,
            "kind": idea.kind,
            "title": idea.title,
            "text": idea.text,
            "themes": [theme.name_nl for theme in idea.themes.all()],
            "on_behalf_of": idea.organisation.name if idea.organisation else None,
            "show_name": idea.show_name,
            "channel": idea.channel,
            "session": idea.session.title if idea.session else None,
            "submitter_name": idea.submitter_name,
            "submitter_email": idea.submitter_email,
            "status": idea.status,
            "rejection_reason": idea.rejection_reason,
            "rejection_text": idea.rejection_text,
            "outcome": idea.outcome,
            "response": idea.response,
            "submitted_at": idea.created_at,
            "published_at": idea.published_at,
            "answered_at": idea.responded_at,
        }
        for idea in ideas
    ]


def _erase_contributions(user) -> None:
    """Contributions stay, as part of the public record of the plan, without the person: the
    author link goes (the public byline then says "a former participant", ``Idea.by_former_
    participant``), and so do a name and address that staff typed in for them."""
    Idea.objects.filter(author=user).update(author=None, show_name=False)
    Idea.objects.filter(address_q("submitter_email", user)).update(
        submitter_email="", submitter_name="", show_name=False
    )
    pagecache.invalidate()  # update() sends no signals


def _export_supports(user) -> list[dict]:
    supports = Support.objects.filter(user=user).select_related("idea").order_by("created_at", "pk")
    return [{"contribution": s.idea_id, "title": s.idea.title, "at": s.created_at} for s in supports]


def _erase_supports(user) -> None:
    # One support per person and contribution, so each contribution counts one fewer. The count
    # goes down with an F() update like support_remove, never below zero.
    idea_ids = list(Support.objects.filter(user=user).values_list("idea_id", flat=True))
    Support.objects.filter(user=user).delete()
    Idea.objects.filter(pk__in=idea_ids, support_count__gt=0).update(support_count=F("support_count") - 1)
    pagecache.invalidate()


def _export_reports(user) -> list[dict]:
    reports = Report.objects.filter(reporter=user).select_related("idea").order_by("created_at", "pk")
    return [
        {
            "contribution": r.idea_id,
            "title": r.idea.title,
            "reason": r.reason,
            "text": r.text,
            "at": r.created_at,
            "resolved_at": r.resolved_at,
        }
        for r in reports
    ]


def _erase_reports(user) -> None:
    # A report stays for the moderators (the contribution may still need their look), without
    # who sent it. The moderation log keeps the action ("reported") and loses its actor.
    Report.objects.filter(reporter=user).update(reporter=None)


register("contributions", export=_export_contributions, erase=_erase_contributions)
register("supports", export=_export_supports, erase=_erase_supports)
register("reports", export=_export_reports, erase=_erase_reports)
