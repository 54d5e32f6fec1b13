"""Does this name and citizen ID number belong to whoever the phone number is registered to?
Vietnamese SIMs are registered to their holder's identity, and a Mobile Money
wallet's identity must match the phone's registration; the carrier answers. The registry is
a setting, `WALLET_SUBSCRIBER_REGISTRY`, so production plugs in a carrier's lookup.

A registry is called before any transaction is opened (it may be an HTTP call)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Subscriber:
    phone: str  # E.164
    full_name: str
    id_number: str  # the 12-digit CCCD
    birth_date: date


class SubscriberRegistry(Protocol):
    def matches(self, subscriber: Subscriber) -> bool:
        """True when the phone is registered to this person. Raises
        `payments.wallets.errors.SubscriberRegistryUnavailable` when it cannot tell."""


def name_key(name: str) -> str:
    """Names compared as people write them: case, spacing and diacritics ignored
    (`NGUYEN VAN  AN` is `Nguyễn Văn An`); the ID number is what tells people apart."""
    decomposed = unicodedata.normalize("NFD", name or "").replace("đ", "d").replace("Đ", "D")
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(bare.casefold().split())


def cccd_consistent(id_number: str, birth_date: date) -> bool:
    """A 12-digit CCCD: 3 digits of the province of birth (001–096), one of sex and century
    (0/1: 1900s, 2/3: 2000s, 4/5: 2100s), two of the birth year, six at random."""
    if len(id_number) != 12 or not (id_number.isascii() and id_number.isdigit()):
        return False
    if not 1 <= int(id_number[:3]) <= 96:
        return False
    century = 1900 + 100 * (int(id_number[3]) // 2)
    if int(id_number[3]) > 5:
        return False
    return century + int(id_number[4:6]) == birth_date.year


class DevelopmentRegistry:
    """Development and demo: any well-formed CCCD that agrees with the birth date, any name."""

    def matches(self, subscriber: Subscriber) -> bool:
        return bool(name_key(subscriber.full_name)) and cccd_consistent(
            subscriber.id_number, subscriber.birth_date
        )


class FixedRegistry:
    """Tests: the phone's registration is looked up in `FixedRegistry.records`
    (phone → Subscriber); an unknown phone matches nobody."""

    records: dict[str, Subscriber] = {}

    def matches(self, subscriber: Subscriber) -> bool:
        known = FixedRegistry.records.get(subscriber.phone)
        return (
            known is not None
            and known.id_number == subscriber.id_number
            and known.birth_date == subscriber.birth_date
            and name_key(known.full_name) == name_key(subscriber.full_name)
        )


def subscriber_registry() -> SubscriberRegistry:
    return import_string(settings.WALLET_SUBSCRIBER_REGISTRY)()
