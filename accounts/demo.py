"""Demo organisations and one account per role (see `manage.py seed_demo`)."""

from accounts.models import Organisation
from accounts.services import membership_ensure, role_grant, user_ensure

ORGANISATIONS = [
    ("Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "BZK", Organisation.Kind.MINISTRY),
    ("Ministerie van Justitie en Veiligheid", "JenV", Organisation.Kind.MINISTRY),
    ("Vereniging van Nederlandse Gemeenten", "VNG", Organisation.Kind.CO_GOVERNMENT),
    ("Gemeente Utrecht", "", Organisation.Kind.CO_GOVERNMENT),
    ("Unie van Waterschappen", "UvW", Organisation.Kind.CO_GOVERNMENT),
    ("Open State Foundation", "OSF", Organisation.Kind.CIVIL_SOCIETY),
    ("Transparency International Nederland", "TI-NL", Organisation.Kind.CIVIL_SOCIETY),
    ("Universiteit Leiden, Instituut Bestuurskunde", "", Organisation.Kind.ACADEMIA),
    ("Open Data Adviesbureau B.V.", "", Organisation.Kind.PRIVATE_SECTOR),
    ("Nationale ombudsman", "", Organisation.Kind.OTHER),
]

# email, name, password, role, organisation abbreviation or name. The README lists these.
ACCOUNTS = [
    ("deelnemer@example.org", "Sanne de Vries", "deelnemer-demo-2022", None, None),
    ("moderator@example.org", "Mohammed El Amrani", "moderator-demo-2022", "moderator", "BZK"),
    ("proceseigenaar@example.org", "Annelies Bakker", "proceseigenaar-demo-2022", "process_owner", "BZK"),
    ("actiehouder@example.org", "Pieter Jansen", "actiehouder-demo-2022", None, "VNG"),
    ("forumlid@example.org", "Fatima Yilmaz", "forumlid-demo-2022", None, "TI-NL"),
]


def seed(ctx):
    orgs = {}
    for name, short, kind in ORGANISATIONS:
        org, _ = Organisation.objects.update_or_create(name=name, defaults={"short_name": short, "kind": kind})
        orgs[short or name] = org
    ctx["organisations"] = orgs
    users = {}
    for email, name, password, role, org in ACCOUNTS:
        user = user_ensure(email=email, name=name, password=password)
        if role:
            role_grant(user=user, role=role)
        if org:
            membership_ensure(user=user, organisation=orgs[org])
        users[email.split("@")[0]] = user
        ctx.setdefault("credentials", []).append((email, password))
    ctx["users"] = users
