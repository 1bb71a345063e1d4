"""Stand-in: the "pdf" part writes the real task (``render_pdf_document``) and ``enqueue_pdf``."""


def enqueue_pdf(instance):
    pass
