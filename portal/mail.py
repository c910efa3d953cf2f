import os
import re
import smtplib
import sys
import threading
from datetime import datetime
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPEmailBackend

# Links in our plain-text emails stand on their own, between whitespace.
LINK = re.compile(r"https?://[^\s<>\"']+")


class ConsoleAndFileBackend(BaseEmailBackend):
    """Development mail: a readable copy to open links from, and a short note.

    Each message is kept as one ``.eml`` file under ``file_path`` (a mail
    program opens it), and the console shows who it is for, its subject, the
    file and the links of its text, decoded: the raw message is
    quoted-printable, which breaks long links across lines and writes ``=``
    as ``=3D``.
    """

    def __init__(self, *, file_path, stream=None, alias=None, **kwargs):
        super().__init__(alias=alias, **kwargs)
        self.directory = Path(file_path)
        self.stream = stream or sys.stdout
        self._lock = threading.Lock()

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        self.directory.mkdir(parents=True, exist_ok=True)
        with self._lock:
            for message in email_messages:
                path = self._write(message)
                self._describe(message, path)
        return len(email_messages)

    def _write(self, message) -> Path:
        # Unique across the web server and the worker, in sending order.
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.directory / f"{stamp}-{os.getpid()}.eml"
        path.write_bytes(message.message().as_bytes())
        return path

    def _describe(self, message, path: Path) -> None:
        shown = (
            path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
        )
        lines = [
            "-" * 72,
            f"Email to {', '.join(message.recipients())}: {message.subject}",
            f"  saved as {shown}",
        ]
        lines += [f"  {link}" for link in LINK.findall(message.body)]
        self.stream.write("\n".join(lines) + "\n")
        self.stream.flush()


class _HandOverHook:
    """An SMTP connection that calls ``before_payload`` at "354 go ahead".

    The server has accepted the sender and the recipients and waits for the
    message; nothing has been delivered yet, and once the payload is sent it
    may have been. smtplib reads that reply inside ``data()``, just before it
    sends the payload.
    """

    before_payload = None

    def getreply(self):
        code, message = super().getreply()
        if code == 354 and self.before_payload is not None:
            self.before_payload()
        return code, message


class _SMTP(_HandOverHook, smtplib.SMTP):
    pass


class _SMTPSSL(_HandOverHook, smtplib.SMTP_SSL):
    pass


class SMTPBackend(SMTPEmailBackend):
    """Django's SMTP backend, telling its caller when a message is handed over.

    Set ``before_payload`` on an open backend; feedback.delivery stamps the
    delivery row there, so that a worker that dies mid-send leaves a row that
    says whether the message may have gone out.
    """

    before_payload = None

    @property
    def connection_class(self):
        return _SMTPSSL if self.use_ssl else _SMTP

    def _send(self, email_message):
        self.connection.before_payload = self.before_payload
        return super()._send(email_message)
