"""The one-click unsubscribe header must reach the mail program as a plain <URL>, not encoded."""

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
        message = EmailMessage("Onderwerp", "Tekst", "noreply@example.org", ["iemand@example.org"],
                               headers={"List-Unsubscribe": f"<{url}>",
                                        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})  # fmt: skip
        assert backend.send_messages([message]) == 1
    finally:
        controller.stop()
    raw = recorder.messages[0].decode()
    assert f"List-Unsubscribe: <{url}>" in raw
    assert "=?utf-8?" not in raw.split("\r\n\r\n", 1)[0]
