import rules

from accounts.roles import is_process_owner, is_staff_member

# --- check ---
# The OGP minimum-requirements check: staff who moderate or run the process read it.
rules.add_perm("publication.view_ogp_check", is_staff_member)

# --- documents ---
# Process owners upload the repository's own documents (IRM reports, other documents).
rules.add_perm("publication.manage_documents", is_process_owner)

# --- co-creation report ---
# Staff preview the report (it holds nothing that is not public once the plan is published).
rules.add_perm("publication.preview_cocreation_report", is_staff_member)
