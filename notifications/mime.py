"""The bytes of one outbox message, built directly instead of through Django's ``EmailMessage``.

Django 6 builds an email with the standard library's modern ``email`` API (header objects, a
policy that folds and re-parses every header), which costs ~2.5 ms of CPU per message: half of
what a worker spends on a message. An outbox message always has the same simple shape (a subject,
a plain-text body, usually an HTML alternative, sometimes attachments), so it is assembled here
from strings, with the encoders of the standard library that are written in C (``binascii``).

What comes out is what Django sends for the same message: the same headers (From, To, Date,
Message-ID, Subject, MIME-Version and the message's own headers), ``multipart/alternative`` for
text + HTML inside ``multipart/mixed`` when there are attachments, UTF-8 bodies sent as 7bit or
8bit when every line fits in RFC 5322's 998 octets (quoted-printable otherwise, or when the
server does not announce 8BITMIME), attachments in base64, CRLF line ends. A header that is not
plain ASCII is RFC 2047-encoded (the subject, a display name); ASCII headers are written unfolded
up to 998 characters, so that List-Unsubscribe's long URL stays a plain ``<URL>``.

``Unsupported`` is raised for what this does not handle (an address that is not ASCII, a header
with a line break or a strange name): the caller then sends that message through Django.
"""

import base64
import binascii
import re
import secrets
import urllib.parse
from email.header import Header
from email.utils import formatdate, parseaddr

MAX_LINE = 998
_HEADER_NAME = re.compile(r"^[!-9;-~]+$")  # printable ASCII except ":" (RFC 5322 ftext)
_PLAIN_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$")
_TOKEN = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+/[A-Za-z0-9!#$%&'*+.^_`|~-]+$")  # a MIME type
_PLAIN_FILENAME = re.compile(r"^[ -~]+$")


class Unsupported(ValueError):
    """This message needs Django's general email code."""


def envelope_address(address: str) -> str:
    """The bare address for MAIL FROM / RCPT TO, when it is a plain ASCII address."""
    if not _PLAIN_ADDRESS.match(address):
        raise Unsupported(f"not a plain ASCII address: {address!r}")
    return address


def address_header(value: str) -> str:
    """``Name <address>`` with the name quoted or RFC 2047-encoded as needed."""
    name, address = parseaddr(value)
    envelope_address(address)
    if not name:
        return address
    if name.isascii():
        if _has_break(name):
            raise Unsupported("line break in a display name")
        escaped = name.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}" <{address}>'
    return f"{Header(name, 'utf-8').encode()} <{address}>"


def _has_break(value: str) -> bool:
    return "\n" in value or "\r" in value


def _header(name: str, value: str) -> str:
    if not _HEADER_NAME.match(name):
        raise Unsupported(f"header name {name!r}")
    if _has_break(value):
        raise Unsupported(f"line break in header {name}")
    if value.isascii() and len(name) + 2 + len(value) <= MAX_LINE:
        return f"{name}: {value}\r\n"
    # RFC 2047 encoded words, folded onto lines of at most 76 characters.
    return f"{name}: {Header(value, 'utf-8', header_name=name).encode(linesep=chr(13) + chr(10))}\r\n"


def _text_part(content: str, subtype: str, eight_bit: bool) -> tuple[str, bytes]:
    """The headers and the encoded body of a text/plain or text/html part."""
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    data = text.encode("utf-8")
    fits = max(map(len, data.split(b"\n"))) <= MAX_LINE
    if fits and data.isascii():
        encoding, body = "7bit", data
    elif fits and eight_bit:
        encoding, body = "8bit", data
    else:
        encoding, body = "quoted-printable", binascii.b2a_qp(data, istext=True)
    headers = f'Content-Type: text/{subtype}; charset="utf-8"\r\nContent-Transfer-Encoding: {encoding}\r\n'
    return headers, body.replace(b"\n", b"\r\n")


def _attachment_part(attachment: dict) -> tuple[str, bytes]:
    mimetype = attachment.get("mimetype") or "application/octet-stream"
    if not _TOKEN.match(mimetype):
        raise Unsupported(f"attachment type {mimetype!r}")
    try:
        content = base64.b64decode(attachment["content"], validate=True)
    except (binascii.Error, ValueError) as error:
        raise Unsupported(f"attachment content: {error}") from error
    filename = str(attachment["filename"])
    if _PLAIN_FILENAME.match(filename) and '"' not in filename and "\\" not in filename:
        disposition = f'attachment; filename="{filename}"'
    else:
        disposition = f"attachment; filename*=utf-8''{urllib.parse.quote(filename, safe='')}"
    content_type = mimetype
    if mimetype.startswith("text/"):
        try:
            content.decode("utf-8")
            content_type += '; charset="utf-8"'
        except UnicodeDecodeError:
            pass
    headers = (
        f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: {disposition}\r\n"
    )
    return headers, base64.encodebytes(content).replace(b"\n", b"\r\n")


def _multipart(subtype: str, parts: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    while True:
        boundary = f"=_{secrets.token_hex(16)}"
        marker = boundary.encode()
        if not any(marker in body for _, body in parts):
            break
    chunks = []
    for headers, body in parts:
        # The CRLF before a delimiter belongs to the delimiter (RFC 2046), not to the body.
        chunks += [b"--", marker, b"\r\n", headers.encode(), b"\r\n", body, b"\r\n"]
    chunks += [b"--", marker, b"--\r\n"]
    return f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n', b"".join(chunks)


def build(
    *,
    from_header: str,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    headers: dict | None = None,
    attachments: list | None = None,
    eight_bit: bool = True,
    localtime: bool = False,
) -> bytes:
    """The whole message, ready for ``smtplib.SMTP.sendmail``. ``from_header`` comes from
    ``address_header()`` (computed once per batch)."""
    envelope_address(to)
    extra = dict(headers or {})
    lines = [
        _header("From", extra.pop("From", from_header)),
        _header("To", extra.pop("To", to)),
        _header("Date", extra.pop("Date", formatdate(localtime=localtime))),
    ]
    if "Message-ID" in extra:
        lines.append(_header("Message-ID", extra.pop("Message-ID")))
    lines.append(_header("Subject", " ".join(subject.split())))
    for name, value in extra.items():
        if name.lower() in ("content-type", "content-transfer-encoding", "mime-version"):
            raise Unsupported(f"header {name}")
        lines.append(_header(name, str(value)))
    lines.append("MIME-Version: 1.0\r\n")

    body = _text_part(text, "plain", eight_bit)
    if html:
        body = _multipart("alternative", [body, _text_part(html, "html", eight_bit)])
    if attachments:
        body = _multipart("mixed", [body, *(_attachment_part(a) for a in attachments)])
    part_headers, content = body
    return ("".join(lines) + part_headers + "\r\n").encode("ascii") + content
