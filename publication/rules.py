import rules

from accounts.roles import is_staff_member

# --- check ---
# The OGP minimum-requirements check: staff who moderate or run the process read it.
rules.add_perm("publication.view_ogp_check", is_staff_member)
