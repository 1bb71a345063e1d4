"""The one-click unsubscribe header must reach the mail program as a plain <URL>, not encoded."""

import email
import email.policy
import email.utils
import socket

from aiosmtpd.controller import Controller
from django.core.mail import EmailMessage

from core.mail import SMTPBackend


class Recorder:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.original_content)
        return "250 OK"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_long_list_unsubscribe_header_is_sent_unencoded():
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        url = (
            "https://open-overheid.example/notifications/unsubscribe/"
            + "eyJ1IjoxLCJ0IjoicGhhc2VfYW5ub3VuY2VtZW50cyJ9" * 2
            + "/"
        )
        backend = SMTPBackend(host="127.0.0.1", port=controller.port)
        message = EmailMessage("Één onderwerp – lang genoeg om te vouwen " * 3, "Tekst é", "Ópen Overheid <noreply@example.org>",
                               ["Zoë <iemand@example.org>"],
                               headers={"List-Unsubscribe": f"<{url}>",
                                        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})  # fmt: skip
        assert backend.send_messages([message]) == 1
    finally:
        controller.stop()
    data = recorder.messages[0]
    head = data.split(b"\r\n\r\n", 1)[0].decode("ascii")  # non-ASCII headers are RFC 2047-encoded
    assert f"List-Unsubscribe: <{url}>\r\n" in head  # on one line, not encoded
    assert "=?utf-8?" not in next(line for line in head.split("\r\n") if line.startswith("List-Unsubscribe:"))
    parsed = email.message_from_bytes(data, policy=email.policy.strict)
    assert parsed["Subject"] == "Één onderwerp – lang genoeg om te vouwen " * 3
    assert parsed["From"].addresses[0].display_name == "Ópen Overheid"
    assert parsed["To"].addresses[0].display_name == "Zoë"
    assert parsed.get_content_charset() == "utf-8" and parsed.get_content().rstrip() == "Tekst é"
    assert parsed["Message-ID"] and email.utils.parsedate_to_datetime(parsed["Date"]).tzinfo is not None
