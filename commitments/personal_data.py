"""What a person wrote and decided on commitments, for "download my data" (the registry is
``accounts.personal_data``). No eraser: the versions and status changes are the commitments'
public history and stay; their author and actor are set to nothing with the user row
(``on_delete=SET_NULL``), and their snapshots hold no names."""

from accounts.personal_data import register
from commitments.models import CommitmentVersion, StatusChange


def _export_commitment_work(user) -> dict:
    versions = CommitmentVersion.objects.filter(author=user).select_related("commitment").order_by("created_at")
    changes = StatusChange.objects.filter(actor=user).select_related("commitment").order_by("created_at")
    return {
        "versions_saved": [
            {
                "commitment": v.commitment.identifier,
                "version": v.number,
                "saved_at": v.created_at,
                "changed_fields": v.changed_fields,
            }
            for v in versions
        ],
        "status_changes": [
            {"commitment": c.commitment.identifier, "from": c.from_status, "to": c.to_status, "at": c.created_at}
            for c in changes
        ],
    }


register("commitments", export=_export_commitment_work)
