"""People with a phone registration, and wallets opened, verified and with a PIN the way a
person would: through the services, the code read from the test SMS backend."""

import itertools
from datetime import date

from django.test import TestCase

from marketplace.accounts.sms import MemorySms
from payments.wallets.identity import wallet_open, wallet_verify_phone
from payments.wallets.pin import wallet_pin_set
from payments.wallets.subscriber import FixedRegistry, Subscriber
from tests.factories import UserFactory

PIN = "739184"
BIRTH = date(1990, 5, 17)
_serial = itertools.count(1)


def identity_settings(settings) -> None:
    settings.SMS_BACKEND = "marketplace.accounts.sms.MemorySms"
    settings.WALLET_SUBSCRIBER_REGISTRY = "payments.wallets.subscriber.FixedRegistry"
    MemorySms.outbox.clear()
    FixedRegistry.records.clear()


def registered_person(name: str = "Nguyễn Văn An", birth: date = BIRTH, **user_fields):
    """A user whose phone is registered (in the fixed registry) to `name` and a fresh CCCD."""
    user = UserFactory(**user_fields)
    id_number = f"008{birth.year // 100 * 2 - 38}{birth.year % 100:02d}{next(_serial):06d}"
    FixedRegistry.records[user.phone] = Subscriber(
        phone=user.phone, full_name=name, id_number=id_number, birth_date=birth
    )
    return user


def registration(user) -> Subscriber:
    return FixedRegistry.records[user.phone]


def run_committed(call):
    """Runs `call` and then what it scheduled for after the commit (the SMS, notices)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return call()


def open_wallet(user):
    record = registration(user)
    return run_committed(
        lambda: wallet_open(
            user=user, full_name=record.full_name, id_number=record.id_number, birth_date=record.birth_date
        )
    )


def verified_wallet(user):
    open_wallet(user)
    return run_committed(lambda: wallet_verify_phone(user=user, code=MemorySms.last_code(user.phone)))


def wallet_with_pin(user=None, pin: str = PIN):
    user = user or registered_person()
    verified_wallet(user)
    return wallet_pin_set(user=user, pin=pin)
