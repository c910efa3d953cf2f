from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class ConsoleAndFileBackend(BaseEmailBackend):
    """Development mail: print each message and keep a copy under var/mail/."""

    def __init__(self, *, file_path, alias=None, **kwargs):
        super().__init__(alias=alias, **kwargs)
        self.console = ConsoleBackend(alias=alias, **kwargs)
        self.files = FileBackend(file_path=file_path, alias=alias, **kwargs)

    def send_messages(self, email_messages):
        self.console.send_messages(email_messages)
        return self.files.send_messages(email_messages)
