import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPEmailBackend


class ConsoleAndFileBackend(BaseEmailBackend):
    """Development mail: print each message and keep a copy under var/mail/."""

    def __init__(self, *, file_path, alias=None, **kwargs):
        super().__init__(alias=alias, **kwargs)
        self.console = ConsoleBackend(alias=alias, **kwargs)
        self.files = FileBackend(file_path=file_path, alias=alias, **kwargs)

    def send_messages(self, email_messages):
        self.console.send_messages(email_messages)
        return self.files.send_messages(email_messages)


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
