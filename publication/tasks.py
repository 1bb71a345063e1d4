"""The PDFs of generated documents, made out of band by Celery: any concrete model that inherits
``publication.models.RenderedPdf`` (the documents of a plan version here, the self-assessment in
implementation) gets its PDF through ``enqueue_pdf(instance)``.

A rendering goes ``pending → rendering → done`` (or ``failed``). Each step is committed as it
happens, so a staff page that polls the row sees the progress (10 when a worker took it, 60 after
the layout, 90 when the PDF is written, 100 when it is stored with its SHA-256, size and pages).

Safe to run twice: a worker renders a row only while it holds a PostgreSQL advisory lock on it
(session-level, so it dies with a killed worker's connection); a second task for the same row
while the first runs finds the lock taken and does nothing, and a task for a row that is done does
nothing either. A rendering that raises leaves the row ``failed`` with a short reason for staff
(the traceback goes to the log only); a lost database connection is retried with backoff. The
sweep (on beat) queues again what was never queued (the broker was down at commit) or whose
worker died, and gives up on a row after a day, so no row stays "being made" for ever.
"""

import hashlib
import logging
import zlib
from contextlib import contextmanager
from datetime import timedelta

from celery import shared_task
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from publication.models import RenderedPdf
from publication.pdf import render_pdf

logger = logging.getLogger(__name__)

Status = RenderedPdf.PdfStatus
# A row queued at commit is left alone by the sweep for this long (its task is on its way).
SWEEP_GRACE = timedelta(minutes=2)
# After this long without a PDF, a row is given up on (failed) instead of queued again.
GIVE_UP_AFTER = timedelta(days=1)
ERROR_LENGTH = 300


def rendered_pdf_models() -> list[type[RenderedPdf]]:
    """Every concrete model with a generated PDF, in every installed app."""
    return [model for model in apps.get_models() if issubclass(model, RenderedPdf)]


def enqueue_pdf(instance: RenderedPdf) -> None:
    """Make the PDF of ``instance`` once the current transaction commits. A row whose rendering
    failed is set back to waiting (so this is also how staff try again)."""
    model = type(instance)
    if instance.pdf_status == Status.FAILED:
        model._default_manager.filter(pk=instance.pk, pdf_status=Status.FAILED).update(
            pdf_status=Status.PENDING, pdf_progress=0, pdf_error=""
        )
        instance.pdf_status, instance.pdf_progress, instance.pdf_error = Status.PENDING, 0, ""
    meta = model._meta
    # robust: with the broker down the publication still stands; the sweep queues it later.
    transaction.on_commit(lambda: render_pdf_document.delay(meta.app_label, meta.model_name, instance.pk), robust=True)


def _model(app_label: str, model_name: str) -> type[RenderedPdf]:
    model = apps.get_model(app_label, model_name)
    if not issubclass(model, RenderedPdf):
        raise ValueError(f"{model._meta.label} has no generated PDF")
    return model


def lock_key(model: type[RenderedPdf], pk: int) -> tuple[int, int]:
    """The two-integer advisory lock key of one row (two-integer keys never meet the one-bigint
    keys of the outbox's locks)."""
    return zlib.crc32(model._meta.label_lower.encode()) & 0x7FFFFFFF, pk & 0x7FFFFFFF


@contextmanager
def rendering_lock(model: type[RenderedPdf], pk: int):
    """Yields True when this process may render the row: no other worker is rendering it.
    Without PostgreSQL (the embedded SQLite of development, one process) always True."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = lock_key(model, pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        locked = cursor.fetchone()[0]
    try:
        yield locked
    finally:
        if locked:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)
            except DatabaseError:
                pass  # the connection is gone, and its locks with it


def _claim(model: type[RenderedPdf], pk: int) -> RenderedPdf | None:
    """The row, now marked as being made; None when it is gone, has its PDF, or failed (it is
    made again only when someone asks: ``enqueue_pdf`` sets it back to waiting). A row "being
    made" is taken over: whoever was making it died, as we hold the lock."""
    with transaction.atomic():
        row = model._default_manager.select_for_update().filter(pk=pk).first()
        if row is None or row.pdf_status not in (Status.PENDING, Status.RENDERING):
            return None
        row.pdf_status, row.pdf_progress, row.pdf_error = Status.RENDERING, 10, ""
        row.save(update_fields=["pdf_status", "pdf_progress", "pdf_error"])
        return row


def _set_progress(model: type[RenderedPdf], pk: int, percent: int) -> None:
    # Outside any transaction in a worker: committed at once, so a polling page sees it.
    model._default_manager.filter(pk=pk, pdf_status=Status.RENDERING).update(pdf_progress=percent)


def _store(row: RenderedPdf, content: bytes) -> str:
    """Write the file under a name of its own (generated/<model>/<pk>/<title>.pdf), replacing
    what an interrupted attempt left there, and return that name."""
    field = row._meta.get_field("pdf")
    name = field.generate_filename(row, f"{slugify(row.title)[:80] or 'document'}.pdf")
    storage = field.storage
    if storage.exists(name):
        storage.delete(name)
    return storage.save(name, ContentFile(content))


def short_error(error: BaseException) -> str:
    """What staff see of a failure: the kind of error and the first line of its message (of a
    file error only its reason, not the server's paths). The traceback goes to the log."""
    message = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    message = message.strip().splitlines()[0] if message.strip() else ""
    return f"{type(error).__name__}: {message}"[:ERROR_LENGTH] if message else type(error).__name__


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    max_retries=5,
    soft_time_limit=600,
    time_limit=660,
)
def render_pdf_document(app_label: str, model_name: str, pk: int) -> str:
    """Make the PDF of one row of any ``RenderedPdf`` model. Returns what happened: "done",
    "failed", "busy" (another worker is on it) or "skipped" (gone, done before, or failed before)."""
    model = _model(app_label, model_name)
    with rendering_lock(model, pk) as mine:
        if not mine:
            return "busy"
        row = _claim(model, pk)
        if row is None:
            return "skipped"
        try:
            result = render_pdf(
                row.html,
                title=row.title,
                language=row.language,
                running_header=row.title,
                progress=lambda percent: _set_progress(model, pk, percent),
            )
            name = _store(row, result.content)
        except (OperationalError, InterfaceError):
            raise  # the database went away: retried (the row stays "being made" meanwhile)
        except Exception as error:
            logger.exception("The PDF of %s %s could not be made", model._meta.label, pk)
            model._default_manager.filter(pk=pk).update(
                pdf_status=Status.FAILED, pdf_progress=0, pdf_error=short_error(error)
            )
            return "failed"
        model._default_manager.filter(pk=pk).update(
            pdf=name,
            sha256=hashlib.sha256(result.content).hexdigest(),
            size=len(result.content),
            pages=result.pages,
            pdf_status=Status.DONE,
            pdf_progress=100,
            pdf_error="",
        )
        return "done"


@shared_task(acks_late=True)
def sweep_pdfs() -> int:
    """Queue every PDF still waiting or being made a while after its row was made (its task was
    lost: broker down at commit, worker killed); a row still without PDF after a day is marked
    failed instead (when no worker is on it), so staff see it and can try again."""
    now = timezone.now()
    queued = 0
    for model in rendered_pdf_models():
        waiting = model._default_manager.filter(
            pdf_status__in=[Status.PENDING, Status.RENDERING], created_at__lt=now - SWEEP_GRACE
        )
        for pk, created_at in waiting.values_list("pk", "created_at")[:200]:
            if created_at < now - GIVE_UP_AFTER:
                with rendering_lock(model, pk) as free:
                    if free:
                        waiting.filter(pk=pk).update(
                            pdf_status=Status.FAILED, pdf_progress=0, pdf_error="Not made within a day."
                        )
                continue
            render_pdf_document.delay(model._meta.app_label, model._meta.model_name, pk)
            queued += 1
    return queued
