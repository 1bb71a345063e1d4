import datetime

from accounts.models import Organisation
from stakeholders.models import ForumMember


def seed(ctx):
    orgs = ctx["organisations"]
    ForumMember.objects.update_or_create(
        plan=ctx["plan"],
        user=ctx["users"]["forumlid"],
        defaults={
            "sector": Organisation.Kind.CIVIL_SOCIETY,
            "organisation": orgs["TI-NL"],
            "since": datetime.date(2022, 1, 1),
        },
    )
    # The review rounds (forum-B): after the seats, so that they can review.
    from stakeholders import review_demo

    review_demo.seed(ctx)
