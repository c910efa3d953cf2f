import os
import re
import sys
import threading
from datetime import datetime
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

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
