"""Text messages to a phone (one-time codes) through a pluggable backend, `SMS_BACKEND`.

A message holding a code is personal data: only the development console backend prints it
(so a developer can type the code), and it masks the phone number. A real backend subclasses
`SmsBackend` with the provider's API call."""

import logging
from abc import ABC, abstractmethod

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def masked(phone: str) -> str:
    """`+84912345678` → `+849xxxxx678`: enough to tell two test phones apart in a log."""
    return phone[:4] + "x" * max(len(phone) - 7, 0) + phone[-3:] if len(phone) > 7 else "x" * len(phone)


class SmsBackend(ABC):
    @abstractmethod
    def send(self, *, phone: str, text: str) -> None: ...


class ConsoleSms(SmsBackend):
    """Development default: the message printed (with the code), the phone masked."""

    def send(self, *, phone: str, text: str) -> None:
        print(f"[SMS → {masked(phone)}] {text}", flush=True)


class MemorySms(SmsBackend):
    """For tests: what was sent, in `MemorySms.outbox` as (phone, text)."""

    outbox: list[tuple[str, str]] = []

    def send(self, *, phone: str, text: str) -> None:
        MemorySms.outbox.append((phone, text))

    @classmethod
    def last_code(cls, phone: str) -> str | None:
        """The 6-digit code of the last message to `phone`."""
        import re

        for to, text in reversed(cls.outbox):
            if to == phone:
                found = re.search(r"\b(\d{6})\b", text)
                return found.group(1) if found else None
        return None


def sms_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()


def sms_send_on_commit(*, phone: str, text: str) -> None:
    """Sent after the caller's transaction commits (a code for a row that was rolled back is
    never sent); a failing provider is logged without the number or the text."""

    def send():
        try:
            sms_backend().send(phone=phone, text=text)
        except Exception as exc:  # a provider's errors vary; the person may ask for another code
            # The type only: a provider's message or traceback may quote the number or the text.
            logger.error("SMS backend %s failed: %s", settings.SMS_BACKEND, type(exc).__name__)

    transaction.on_commit(send)
