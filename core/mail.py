"""The project's email backends. Both turn a Django ``EmailMessage`` into bytes with
``message_bytes()``, so the file that ``make run`` saves under var/mail/ is what SMTP sends."""

import datetime
import email.headerregistry
import email.policy
import itertools
import os
import smtplib
import sys

from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPEmailBackend


class CachedHeaderRegistry(email.headerregistry.HeaderRegistry):
    """The standard library's registry makes a new class (``type(…)``) for every header it
    creates, a tenth of the CPU of building an email; the class depends only on the header's name,
    so it is made once per name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.classes = {}

    def __getitem__(self, name):
        key = name.lower()
        cls = self.classes.get(key)
        if cls is None:
            cls = self.classes[key] = super().__getitem__(name)
        return cls


# RFC 5322 allows header lines up to 998 characters. Python's SMTP policy folds at 78, and a long
# header without spaces, such as List-Unsubscribe's signed URL, then comes out RFC 2047-encoded
# ("=?utf-8?q?=3Chttp…"), which mail programs do not recognise as a one-click unsubscribe link.
LONG_LINE_POLICY = email.policy.SMTP.clone(max_line_length=998, header_factory=CachedHeaderRegistry())
# For a server that does not announce 8BITMIME: non-ASCII bodies go quoted-printable or base64.
SEVEN_BIT_POLICY = LONG_LINE_POLICY.clone(cte_type="7bit")


def message_bytes(email_message, *, eight_bit: bool = True) -> bytes:
    """The message as it goes over SMTP (after DATA): CRLF line ends, headers unfolded up to 998
    characters, a Date and a Message-ID (Django adds them when the message has none)."""
    return email_message.message(policy=LONG_LINE_POLICY if eight_bit else SEVEN_BIT_POLICY).as_bytes()


class ConsoleAndFileBackend(FileBackend):
    """The embedded default: every message goes to the console and to a file of its own under
    var/mail/ (``<time>-<pid>-<n>.eml``), which holds exactly the bytes the SMTP backend would send.

    The console is where a newcomer running `make run` looks for a login code; the files keep
    the messages to read later, or to open in a mail program.
    """

    _counter = itertools.count(1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.console = kwargs.get("stream") or sys.stdout

    def open(self):
        return False  # no stream to open: each message gets its file in write_message

    def close(self):
        pass

    def write_message(self, message):
        data = message_bytes(message)  # built once: the console shows what the file holds
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        name = os.path.join(self.file_path, f"{stamp}-{os.getpid()}-{next(self._counter)}.eml")
        with open(name, "xb") as file:
            file.write(data)
        self.console.write(data.decode("utf-8", errors="replace").replace("\r\n", "\n") + "-" * 79 + "\n")
        self.console.flush()

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        with self._lock:
            for message in email_messages:
                self.write_message(message)
        return len(email_messages)


class SMTPBackend(SMTPEmailBackend):
    """Django's SMTP backend, sending headers unencoded up to RFC 5322's line limit, and 8-bit
    bodies only to a server that announces 8BITMIME (declared with ``BODY=8BITMIME``)."""

    def _send(self, email_message):
        if not email_message.recipients():
            return False
        from_email = self._sender(email_message.from_email)
        recipients = [self.prep_address(addr) for addr in email_message.recipients()]
        try:
            self.connection.ehlo_or_helo_if_needed()
            eight_bit = self.connection.has_extn("8bitmime")
            data = message_bytes(email_message, eight_bit=eight_bit)
            options = ["BODY=8BITMIME"] if eight_bit and not data.isascii() else []
            # smtplib resets the session (RSET) after a refusal, or closes it after a 421.
            self.connection.sendmail(from_email, recipients, data, mail_options=options)
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True

    def _sender(self, address):
        """``prep_address`` of the sender, parsed once while it stays the same (it is
        DEFAULT_FROM_EMAIL for every message of an outbox batch)."""
        if getattr(self, "sender_address", None) != address:
            self.sender_envelope, self.sender_address = self.prep_address(address), address
        return self.sender_envelope
