import rules

from accounts.roles import is_participant, is_process_owner, is_staff_member, is_superuser

rules.add_perm("accounts.view_profile", is_participant)
rules.add_perm("accounts.access_staff_pages", is_staff_member)

# Django admin: process owners manage organisations and memberships; users only by superusers
# (through ModelBackend), so that nobody hands themselves a role.
rules.add_perm("accounts", is_process_owner | is_superuser)
rules.add_perm("accounts.view_user", is_process_owner)  # to add people to organisations
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"accounts.{action}_organisation", is_process_owner)
    rules.add_perm(f"accounts.{action}_membership", is_process_owner)
