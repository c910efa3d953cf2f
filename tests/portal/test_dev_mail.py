"""Development mail: one readable .eml per message and decoded links on the console."""

import email
import io
from email import policy

from django.core.mail import EmailMultiAlternatives

from portal.mail import ConsoleAndFileBackend

# Long, with "=" and "-": quoted-printable would break and escape it.
LINK = (
    "http://127.0.0.1:8101/kommentarer/bekrafta/"
    "Zm9vYmFyYmF6cXV4LWxvbmctdG9rZW4tdGhhdC1pcy1sb25nZXItdGhhbi03Ng=/"
)


def send(tmp_path, *messages):
    console = io.StringIO()
    backend = ConsoleAndFileBackend(file_path=str(tmp_path), stream=console)
    sent = backend.send_messages(list(messages))
    return sent, console.getvalue()


def message(subject="Bekräfta din kommentar", to="anna@example.se"):
    mail = EmailMultiAlternatives(
        subject=subject,
        body=f"Hej!\n\nBekräfta kommentaren här:\n{LINK}\n\nÅterkalla: {LINK}x/\n",
        from_email="Enköpings kommun <noreply@localhost>",
        to=[to],
    )
    mail.attach_alternative(f'<p><a href="{LINK}">Bekräfta</a></p>', "text/html")
    return mail


def test_each_message_is_kept_as_its_own_eml_file(tmp_path):
    sent, _console = send(tmp_path, message(), message(to="bo@example.se"))

    files = sorted(tmp_path.glob("*.eml"))
    assert sent == 2
    assert len(files) == 2
    parsed = email.message_from_bytes(files[1].read_bytes(), policy=policy.default)
    assert parsed["To"] == "bo@example.se"
    assert parsed["Subject"] == "Bekräfta din kommentar"
    assert LINK in parsed.get_body(preferencelist=("plain",)).get_content()


def test_console_shows_recipient_subject_file_and_whole_links(tmp_path):
    _sent, console = send(tmp_path, message())

    path = next(tmp_path.glob("*.eml"))
    assert "Email to anna@example.se: Bekräfta din kommentar" in console
    assert f"saved as {path}" in console
    assert f"  {LINK}\n" in console
    assert f"  {LINK}x/\n" in console
    assert "=3D" not in console
    assert "Hej!" not in console  # the links, not the raw message
