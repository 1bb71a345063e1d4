"""Implementation's part of "download my data" and "delete my account" (the registry is
``accounts.personal_data``). Each part of the app keeps its sections in a block of its own."""

from accounts.personal_data import register
from implementation.models import ForumComment

# --- rounds: the forum's comments on reporting rounds ---
# No eraser: the comment is the forum's, kept with its round (OGP Standard 5); when the account
# goes, its author becomes empty (SET_NULL) and the page shows "a forum member".


def _export_forum_comments(user) -> list[dict]:
    comments = ForumComment.objects.filter(author=user).select_related("round", "commitment").order_by("created_at")
    return [
        {
            "reporting_round": comment.round.title_nl,
            "commitment": comment.commitment.identifier if comment.commitment else None,
            "comment": comment.body,
            "created_at": comment.created_at,
        }
        for comment in comments
    ]


register("forum_comments_on_progress", export=_export_forum_comments)
# --- end of rounds ---
