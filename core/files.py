"""Files that belong to rows."""

from django.db import transaction


def file_delete_on_commit(field_file) -> None:
    """Delete the stored file once the transaction that removed its row has committed.

    Deleting it inside the transaction would leave, after a rollback, a row that points to a file
    that is gone. After the commit the row is gone for good; a file whose deletion fails then is
    only an orphan on disk, so the error is logged (``robust``) rather than failing the request.
    """
    if not field_file:
        return
    storage, name = field_file.storage, field_file.name
    transaction.on_commit(lambda: storage.delete(name), robust=True)
