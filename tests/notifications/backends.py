"""Email backends that behave like a mail server refusing or deferring, for unit tests.
The integration tests use a real SMTP server (aiosmtpd) instead."""

import smtplib

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(EmailBackend):
    """Refuses addresses starting with "weigert" (550), delivers the rest to mail.outbox."""

    def send_messages(self, messages):
        for message in messages:
            refused = [a for a in message.to if a.startswith("weigert")]
            if refused:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, (550, b"5.1.1 Mailbox does not exist")))
        return super().send_messages(messages)


class BusyBackend(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPDataError(451, b"4.3.0 Try again later")


__all__ = ["RefusingBackend", "BusyBackend", "mail"]
