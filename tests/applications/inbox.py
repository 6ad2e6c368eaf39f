"""What a citizen receives, read where they would read it: the outbox delivers through the real
backends (SMS through the console backend, which writes to standard output; mail into Django's
test outbox), never from the database, where a code is not kept in clear."""

import contextlib
import io
import re

from django.core import mail

from gongkai.applications.outbox import outbox_send

SMS: list[tuple[str, str]] = []  # (number, text) of this test; emptied by conftest's fixture
CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")


def deliver() -> None:
    """Send what the outbox holds (as the worker would) and keep the text messages it wrote."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        outbox_send()
    for line in out.getvalue().splitlines():
        if line.startswith("SMS to "):
            number, _sep, text = line.removeprefix("SMS to ").partition(": ")
            SMS.append((number, text))


def received(login: str) -> list[str]:
    """Every text message or mail body `login` (a mobile number or an address) received."""
    deliver()
    return [text for number, text in SMS if number == login] + [m.body for m in mail.outbox if login in m.to]


def code_sent_to(login: str) -> str:
    """The code in the last message `login` received."""
    return CODE.findall(received(login)[-1])[-1]
