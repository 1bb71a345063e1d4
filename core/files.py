"""Files that belong to rows."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext as _


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


# --- Uploads: one check for every form that takes a file (session reports, forum documents) ----

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
# What a file of each kind starts with, where that is fixed: a name alone proves nothing.
SIGNATURES = {
    "pdf": b"%PDF-",
    "png": b"\x89PNG\r\n\x1a\n",
    "jpg": b"\xff\xd8\xff",
    "jpeg": b"\xff\xd8\xff",
    "webp": b"RIFF",
    **dict.fromkeys(("docx", "pptx", "xlsx", "odt", "odp", "ods"), b"PK\x03\x04"),  # ZIP archives
}


def extension_of(upload) -> str:
    return upload.name.lower().rsplit(".", 1)[-1] if "." in upload.name else ""


def upload_check(
    upload, *, extensions, wrong_type: str, wrong_content: str = "", max_bytes: int = MAX_UPLOAD_BYTES
) -> None:
    """Refuse an upload of another kind than ``extensions``, larger than ``max_bytes``, or whose
    first bytes do not match its kind; each with a message for the field (``wrong_type`` and
    ``wrong_content`` name the kinds this form takes)."""
    extension = extension_of(upload)
    if extension not in extensions:
        raise ValidationError(wrong_type, code="type")
    if upload.size > max_bytes:
        size = max_bytes // (1024 * 1024)
        raise ValidationError(_("The file is larger than %(size)s MB.") % {"size": size}, code="size")
    signature = SIGNATURES.get(extension)
    if signature:
        head = upload.read(len(signature))
        upload.seek(0)
        if head != signature:
            raise ValidationError(wrong_content or _("This file is not what its name says it is."), code="content")


# Documents (forum meetings, the document repository): PDF and the two open/office formats.
DOCUMENT_TYPES = ("pdf", "odt", "docx")


def validate_document(upload) -> None:
    """A form field validator for documents: PDF, ODT or DOCX, checked by name, size and content."""
    upload_check(
        upload,
        extensions=DOCUMENT_TYPES,
        wrong_type=_("This kind of file cannot be added. Use PDF, ODT or DOCX."),
        wrong_content=_("This file is not a real PDF, ODT or DOCX document."),
    )


def download(field_file, *, filename: str, inline: bool = False):
    """Serve a stored upload safely: as an attachment (never rendered by the browser as a page of
    ours) unless ``inline`` (images shown on a page); the type comes from the name, and
    ``X-Content-Type-Options: nosniff`` (SecurityMiddleware) stops the browser from guessing."""
    return FileResponse(field_file.open("rb"), filename=filename, as_attachment=not inline)
