"""Races on PostgreSQL with real parallel clients: one wallet per person however many opens
arrive together, a code used once, a first PIN set once, freezes that do not deadlock."""

from dataclasses import replace

import pytest

from marketplace.accounts.models import User
from marketplace.accounts.otp import OtpExpired, otp_check, otp_send
from marketplace.accounts.sms import MemorySms
from payments.wallets.errors import WalletPinAlreadySet
from payments.wallets.freeze import wallet_freeze
from payments.wallets.identity import wallet_open
from payments.wallets.models import Wallet
from payments.wallets.pin import wallet_pin_set
from payments.wallets.subscriber import FixedRegistry
from tests.factories import UserFactory
from tests.parallel import run_in_parallel
from tests.payments.wallets.identity_helpers import (
    identity_settings,
    registered_person,
    registration,
    verified_wallet,
    wallet_with_pin,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _identity(settings):
    identity_settings(settings)


def _opener(user):
    record = registration(user)
    return lambda: wallet_open(
        user=user, full_name=record.full_name, id_number=record.id_number, birth_date=record.birth_date
    )


def outcome(result) -> str:
    if isinstance(result, Exception):
        return getattr(result, "code", repr(result))
    return "ok"


def test_one_person_on_several_phones_opening_together_gets_one_wallet():
    people = [registered_person() for _ in range(6)]
    for person in people[1:]:
        FixedRegistry.records[person.phone] = replace(registration(people[0]), phone=person.phone)

    results = run_in_parallel(*[_opener(person) for person in people])

    assert sorted(map(outcome, results)) == ["WALLET_ALREADY_OPEN"] * 5 + ["ok"]
    assert Wallet.objects.count() == 1


def test_double_taps_on_open_make_one_wallet_and_one_code():
    user = registered_person()
    results = run_in_parallel(*[_opener(user) for _ in range(4)])

    assert Wallet.objects.filter(user=user).count() == 1
    assert set(map(outcome, results)) <= {"ok", "WALLET_ALREADY_OPEN", "OTP_TOO_SOON"}
    assert "ok" in map(outcome, results)
    assert len([to for to, _text in MemorySms.outbox if to == user.phone]) == 1


def test_a_code_used_from_two_clients_at_once_works_once():
    user = UserFactory()
    otp_send(user=user, phone=user.phone, purpose="pin_reset", subject="wallet:1")
    code = MemorySms.last_code(user.phone)

    results = run_in_parallel(
        *[lambda: otp_check(user=user, purpose="pin_reset", subject="wallet:1", code=code) for _ in range(5)]
    )

    assert sorted(map(outcome, results)) == ["OTP_EXPIRED"] * 4 + ["ok"]
    assert all(isinstance(r, OtpExpired) for r in results if r is not None)


def test_two_first_pins_at_once_one_is_set():
    user = registered_person()
    verified_wallet(user)

    results = run_in_parallel(
        lambda: wallet_pin_set(user=user, pin="502816"), lambda: wallet_pin_set(user=user, pin="918273")
    )

    assert sorted(map(outcome, results)) == ["WALLET_PIN_ALREADY_SET", "ok"]
    assert any(isinstance(r, WalletPinAlreadySet) for r in results)


def test_the_owner_and_an_operator_freezing_together_leave_the_investigation_in_place():
    wallet = wallet_with_pin()
    operator = UserFactory(role=User.Role.FINANCE)

    results = run_in_parallel(
        lambda: wallet_freeze(user=wallet.user),
        lambda: wallet_freeze(user=operator, wallet_id=wallet.pk, reason="Kiểm tra"),
    )

    assert list(map(outcome, results)) == ["ok", "ok"]
    frozen = Wallet.objects.get(pk=wallet.pk)
    assert frozen.is_frozen and frozen.frozen_by_operator


def test_parallel_taps_on_send_a_code_send_one():
    wallet = wallet_with_pin()
    MemorySms.outbox.clear()

    results = run_in_parallel(
        *[lambda: otp_send(user=wallet.user, phone=wallet.phone, purpose="pin_reset")] * 5
    )

    assert sorted(map(outcome, results)) == ["OTP_TOO_SOON"] * 4 + ["ok"]
    assert len(MemorySms.outbox) == 1
