import rules

from accounts.roles import is_moderator, is_participant, is_process_owner, is_staff_member, is_superuser


@rules.predicate
def is_public_session(user, session):
    return session is None or session.is_public


# Public pages: sessions of public plans; staff also see those of draft plans.
rules.add_perm("cocreation.read_session", is_public_session | is_staff_member)
rules.add_perm("cocreation.register", is_participant & is_public_session)
# Process owners run sessions: create, change, cancel, invite, publish the report.
rules.add_perm("cocreation.manage_sessions", is_process_owner | is_superuser)
# Moderators and process owners see sign-ups, check people in, export participants and enter the
# session's outcomes as contributions (they go through moderation like any other).
rules.add_perm("cocreation.follow_sessions", is_moderator | is_process_owner | is_superuser)

# Django admin: process owners may look at and correct registrations and sessions.
rules.add_perm("cocreation", is_process_owner)
for model in ("session", "registration", "sessioninvitation", "sessionreport", "sessionattachment"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"cocreation.{action}_{model}", is_process_owner)
