"""Limits password guessing: after too many failed logins for one identifier (or from one
address) in a window, further attempts are refused until the window passes."""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError
from marketplace.accounts.phone import normalize_phone


class TooManyAttempts(DomainError):
    code = "TOO_MANY_ATTEMPTS"
    message = _("Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút hoặc đặt lại mật khẩu.")


def _canonical(identifier: str) -> str:
    """One key per account however the phone is written, so spelling variants share a count."""
    text = (identifier or "").strip().lower()
    if "@" not in text:
        try:
            return normalize_phone(text)
        except DomainError:
            pass
    return text.replace(" ", "")


def _keys(identifier: str, address: str | None) -> list[str]:
    normalized = _canonical(identifier)
    keys = [f"login-fail:id:{normalized}"]
    if address:
        keys.append(f"login-fail:ip:{address}")
    return keys


def login_check_allowed(*, identifier: str, address: str | None) -> None:
    limit = settings.LOGIN_FAILURE_LIMIT
    for key, factor in zip(_keys(identifier, address), (1, 5)):
        # One address may serve a whole commune's shared Wi-Fi: allow it more failures.
        if cache.get(key, 0) >= limit * factor:
            raise TooManyAttempts()


def login_record_failure(*, identifier: str, address: str | None) -> None:
    for key in _keys(identifier, address):
        cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_reset(*, identifier: str) -> None:
    cache.delete(_keys(identifier, None)[0])
