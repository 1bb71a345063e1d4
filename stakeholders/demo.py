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
