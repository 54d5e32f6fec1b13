"""Limits password guessing: after too many failed logins for one account (or from one client
address) within a window, further attempts are refused until the window passes.

Each attempt is counted as a failure *before* the password is checked and forgiven on success,
so parallel guesses cannot all slip past the check."""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.phone import normalize_phone
from marketplace.errors import DomainError

ADDRESS_FACTOR = 5  # one address may be a whole commune's shared Wi-Fi or a carrier NAT


class TooManyAttempts(DomainError):
    code = "TOO_MANY_ATTEMPTS"
    message = _("Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.")

    def __init__(self):
        minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
        super().__init__(
            _("Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.") % {"minutes": minutes}
        )


def client_address(request) -> str | None:
    """The client's IP: REMOTE_ADDR, or behind N trusted proxies the Nth address from the right
    of X-Forwarded-For (what our own proxy saw, not what the client claims)."""
    hops = settings.TRUSTED_PROXY_HOPS
    if hops > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


def _canonical(identifier: str) -> str:
    """One key per account however the phone is written, so spelling variants share a count."""
    text = (identifier or "").strip().lower()
    if "@" not in text:
        try:
            return normalize_phone(text)
        except DomainError:
            pass
    return text.replace(" ", "")


def _bump(key: str) -> int:
    cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        return 1


def login_attempt_begin(*, identifier: str, address: str | None) -> None:
    limit = settings.LOGIN_FAILURE_LIMIT
    if _bump(f"login-fail:id:{_canonical(identifier)}") > limit:
        raise TooManyAttempts()
    if address and _bump(f"login-fail:ip:{address}") > limit * ADDRESS_FACTOR:
        raise TooManyAttempts()


def login_succeeded(*, identifier: str, address: str | None) -> None:
    cache.delete(f"login-fail:id:{_canonical(identifier)}")
    if address:
        try:
            cache.decr(f"login-fail:ip:{address}")
        except ValueError:
            pass  # the window expired meanwhile: nothing left to forgive
