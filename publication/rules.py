import rules

from accounts.roles import is_process_owner

# --- documents ---
# Process owners upload the repository's own documents (IRM reports, other documents).
rules.add_perm("publication.manage_documents", is_process_owner)
