import email.policy
import smtplib

from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPEmailBackend


class ConsoleAndFileBackend(FileBackend):
    """The embedded default: every message goes to the console and to a file under var/mail/.

    The console is where a newcomer running `make run` looks for a login code; the files keep
    the messages to read later.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.console = ConsoleBackend(*args, **kwargs)

    def send_messages(self, email_messages):
        self.console.send_messages(email_messages)
        return super().send_messages(email_messages)


# RFC 5322 allows header lines up to 998 characters. Python's SMTP policy folds at 78, and a long
# header without spaces, such as List-Unsubscribe's signed URL, then comes out RFC 2047-encoded
# ("=?utf-8?q?=3Chttp…"), which mail programs do not recognise as a one-click unsubscribe link.
LONG_LINE_POLICY = email.policy.SMTP.clone(max_line_length=998)


class SMTPBackend(SMTPEmailBackend):
    """Django's SMTP backend, sending headers unencoded up to RFC 5322's line limit."""

    def _send(self, email_message):
        if not email_message.recipients():
            return False
        from_email = self.prep_address(email_message.from_email)
        recipients = [self.prep_address(addr) for addr in email_message.recipients()]
        message = email_message.message(policy=LONG_LINE_POLICY)
        try:
            self.connection.sendmail(from_email, recipients, message.as_bytes())
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True
