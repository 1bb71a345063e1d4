from django.core.mail import EmailMessage

from core.mail import ConsoleAndFileBackend


def test_embedded_mail_goes_to_the_console_and_to_a_file(tmp_path, capsys):
    backend = ConsoleAndFileBackend(file_path=str(tmp_path))
    sent = backend.send_messages([EmailMessage("Uw inlogcode", "Code: 123456", "a@example.org", ["b@example.org"])])
    assert sent == 1
    assert "Code: 123456" in capsys.readouterr().out
    files = list(tmp_path.iterdir())
    assert len(files) == 1 and "Code: 123456" in files[0].read_text()
