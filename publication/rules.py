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
# --- versions ---
# Process owners write the plan document's own texts and publish versions of a plan.
rules.add_perm("publication.publish_version", is_process_owner)
rules.add_perm("publication.edit_plan_text", is_process_owner)


@rules.predicate
def version_is_out(user, version):
    """A version is public once its plan is public and its publication date has come."""
    from core import clock

    return version.plan.status == version.plan.Status.PUBLIC and version.published_on <= clock.today()


# Staff read every version, also of a draft plan or dated ahead (to check it before its day).
rules.add_perm("publication.read_version", version_is_out | is_staff_member)
