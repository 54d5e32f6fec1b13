"""Limits password guessing without handing anyone a way to lock an owner out.

Counts are per account, whatever identifier named it (phone in any spelling or e-mail), and
live in a store every server process shares (`throttle_store`). Within the window:

- one client address may fail `LOGIN_FAILURE_LIMIT` times on one account, and
  `LOGIN_ADDRESS_FAILURE_LIMIT` times over all accounts; then that address is refused;
- an account that has failed `LOGIN_ACCOUNT_FAILURE_LIMIT` times in all is under attack from
  many addresses: from then on an address that has already failed on it is refused unless it
  has signed in to that account in the last 90 days. An address that has not been failing
  always gets its try, so the owner's right password is never refused for others' guesses.

Each attempt is counted as a failure *before* the password is checked and forgiven on success,
so parallel guesses cannot all slip past the check. An identifier with no account is counted
under its own spelling with the same limits, so the answers do not reveal which accounts exist.
"""

from django.conf import settings

from marketplace.accounts.errors import OneSignInPerRequest, TooManyAttempts
from marketplace.accounts.phone import normalize_phone
from marketplace.accounts.throttle_store import counter_store
from marketplace.errors import DomainError

KNOWN_ADDRESS_SECONDS = 90 * 24 * 3600  # how long the last successful sign-in vouches for an address
ATTEMPTS_PER_REQUEST = 1


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


def subject_for(*, user_id: int | None, identifier: str) -> str:
    """The account's key; for an identifier without an account, its canonical spelling."""
    if user_id is not None:
        return f"user:{user_id}"
    text = (identifier or "").strip().lower()
    if "@" not in text:
        try:
            return f"id:{normalize_phone(text)}"
        except DomainError:
            pass
    return f"id:{text.replace(' ', '')}"


def request_attempt_take(request) -> None:
    """At most `ATTEMPTS_PER_REQUEST` sign-ins per HTTP request (aliases in one GraphQL
    document included); the next ones are refused before any password is looked at."""
    taken = getattr(request, "_sign_in_attempts", 0)
    request._sign_in_attempts = taken + 1
    if taken >= ATTEMPTS_PER_REQUEST:
        raise OneSignInPerRequest()


def _keys(subject: str, address: str | None) -> tuple[str, str, str, str]:
    address = address or "-"
    return (
        f"pair:{subject}:{address}",
        f"address:{address}",
        f"account:{subject}",
        f"known:{subject}:{address}",
    )


def login_attempt_begin(*, subject: str, address: str | None) -> None:
    """Counts this attempt as a failure, or refuses it with `TooManyAttempts`."""
    store = counter_store()
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    pair, by_address, account, known = _keys(subject, address)
    vouched_for = bool(store.get(known))
    pair_failures = store.incr(pair, window)
    address_failures = store.incr(by_address, window)
    # An address the owner signed in from lately keeps its own tries on this account even when
    # someone behind the same address (a carrier NAT, a proxy) is guessing at many accounts.
    if pair_failures > settings.LOGIN_FAILURE_LIMIT or (
        address_failures > settings.LOGIN_ADDRESS_FAILURE_LIMIT and not vouched_for
    ):
        raise TooManyAttempts()
    # Only attempts that got this far count against the account: one address hammering it
    # after its own refusal must not push the whole account into the guarded state.
    account_failures = store.incr(account, window)
    # Under attack, an address that is not vouched for gets a few tries (an owner's typos on a
    # new phone), not the full per-address allowance. `pair_failures` includes this attempt.
    tries_under_attack = max(1, settings.LOGIN_FAILURE_LIMIT // 3)
    if (
        account_failures > settings.LOGIN_ACCOUNT_FAILURE_LIMIT
        and pair_failures > tries_under_attack
        and not vouched_for
    ):
        raise TooManyAttempts()


def login_succeeded(*, subject: str, address: str | None) -> None:
    store = counter_store()
    pair, by_address, account, known = _keys(subject, address)
    store.delete(pair)
    store.decr(by_address)
    store.decr(account)
    store.delete(known)  # restarts its lifetime: the address vouched for is one used lately
    store.incr(known, KNOWN_ADDRESS_SECONDS)
