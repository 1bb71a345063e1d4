import email
import email.policy

from django.core.mail import EmailMultiAlternatives

from core.mail import ConsoleAndFileBackend


def test_embedded_mail_goes_to_the_console_and_to_a_file_per_message(tmp_path, capsys):
    backend = ConsoleAndFileBackend(file_path=str(tmp_path))
    message = EmailMultiAlternatives("Uw inlogcode", "Code: 123456", "a@example.org", ["b@example.org"])
    message.attach_alternative("<p>Code: 123456</p>", "text/html")
    sent = backend.send_messages(
        [message, EmailMultiAlternatives("Tweede", "Twee", "a@example.org", ["c@example.org"])]
    )
    assert sent == 2
    out = capsys.readouterr().out
    assert "Code: 123456" in out and "Subject: Uw inlogcode" in out
    files = sorted(tmp_path.iterdir())
    assert len(files) == 2 and all(f.suffix == ".eml" for f in files)
    data = next(f.read_bytes() for f in files if b"Uw inlogcode" in f.read_bytes())
    # What the SMTP backend sends: CRLF line ends, a Date and a Message-ID, parsed strictly.
    assert b"\n" not in data.replace(b"\r\n", b"")
    parsed = email.message_from_bytes(data, policy=email.policy.strict)
    assert parsed["Message-ID"] and parsed["Date"].datetime is not None
    assert data.split(b"\r\n\r\n", 1)[0].decode() in out.replace("\n", "\r\n")  # the console shows the same
