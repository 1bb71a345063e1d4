import rules

from accounts.roles import is_process_owner

# Django admin: process owners appoint forum members.
rules.add_perm("stakeholders", is_process_owner)
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"stakeholders.{action}_forummember", is_process_owner)
