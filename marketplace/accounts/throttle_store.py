"""Where sign-in failure counts live. They must be shared by every server process, or the limit
multiplies with the number of workers: by default a table in the database (nothing to set up),
or the Django cache when it is shared (Redis, `LOGIN_THROTTLE_STORE=cache`)."""

import hashlib
from datetime import timedelta
from typing import Protocol

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from marketplace.accounts.models import ThrottleCounter


class CounterStore(Protocol):
    def incr(self, key: str, ttl: int) -> int:
        """Adds one and returns the new count; a key starts at 0 and is forgotten `ttl` seconds
        after its first increment."""

    def get(self, key: str) -> int: ...

    def decr(self, key: str) -> None: ...

    def delete(self, key: str) -> None: ...


def _hashed(key: str) -> str:
    # Keys contain phone numbers, e-mails and addresses: store none of them in clear.
    return hashlib.sha256(f"cho-so.throttle:{key}".encode()).hexdigest()


class DatabaseCounterStore:
    """Atomic UPDATEs on `ThrottleCounter`, so parallel attempts on any process all count."""

    def incr(self, key: str, ttl: int) -> int:
        key = _hashed(key)
        for _ in range(3):
            now = timezone.now()
            live = ThrottleCounter.objects.filter(key=key, expires_at__gt=now)
            with transaction.atomic():
                if live.update(count=F("count") + 1):
                    # The row stays locked by our UPDATE until commit: this is our own count.
                    return live.values_list("count", flat=True).first() or 1
                expired = ThrottleCounter.objects.filter(key=key, expires_at__lte=now)
                if expired.update(count=1, expires_at=now + timedelta(seconds=ttl)):
                    return 1
            try:
                with transaction.atomic():
                    ThrottleCounter.objects.filter(expires_at__lte=now).delete()
                    ThrottleCounter.objects.create(key=key, count=1, expires_at=now + timedelta(seconds=ttl))
                return 1
            except IntegrityError:
                continue  # another process created it just now: increment theirs
        raise RuntimeError("throttle counter kept changing under us")

    def get(self, key: str) -> int:
        return (
            ThrottleCounter.objects.filter(key=_hashed(key), expires_at__gt=timezone.now())
            .values_list("count", flat=True)
            .first()
            or 0
        )

    def decr(self, key: str) -> None:
        ThrottleCounter.objects.filter(key=_hashed(key), count__gt=0).update(count=F("count") - 1)

    def delete(self, key: str) -> None:
        ThrottleCounter.objects.filter(key=_hashed(key)).delete()


class CacheCounterStore:
    """The default Django cache; only sound when every process shares it (Redis, Memcached)."""

    @property
    def cache(self):
        return caches["default"]

    def incr(self, key: str, ttl: int) -> int:
        key = _hashed(key)
        self.cache.add(key, 0, timeout=ttl)
        try:
            return self.cache.incr(key)
        except ValueError:  # expired between add and incr
            self.cache.set(key, 1, timeout=ttl)
            return 1

    def get(self, key: str) -> int:
        return self.cache.get(_hashed(key)) or 0

    def decr(self, key: str) -> None:
        try:
            self.cache.decr(_hashed(key))
        except ValueError:
            pass  # the window expired meanwhile: nothing left to forgive

    def delete(self, key: str) -> None:
        self.cache.delete(_hashed(key))


def counter_store() -> CounterStore:
    if settings.LOGIN_THROTTLE_STORE == "cache":
        return CacheCounterStore()
    return DatabaseCounterStore()
