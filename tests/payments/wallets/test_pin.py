"""The wallet PIN: easy-to-guess PINs refused, set once after verification, changed with the
old PIN (its wrong tries count toward the lockout) or a fresh one-time code (which also lifts
a lockout)."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.hashers import check_password
from django.utils import timezone

from marketplace.accounts.sms import MemorySms
from payments.wallets.core import pin_verify
from payments.wallets.errors import (
    WalletNotVerified,
    WalletPinAlreadySet,
    WalletPinChangeProof,
    WalletPinLocked,
    WalletPinWeak,
    WalletPinWrong,
)
from payments.wallets.identity import wallet_otp_send
from payments.wallets.models import Wallet, WalletAudit
from payments.wallets.pin import pin_weakness, wallet_pin_change, wallet_pin_set
from tests.payments.wallets.identity_helpers import (
    PIN,
    identity_settings,
    open_wallet,
    registered_person,
    run_committed,
    wallet_with_pin,
)

pytestmark = pytest.mark.django_db
BORN = date(1990, 5, 17)


@pytest.fixture(autouse=True)
def _identity(settings):
    identity_settings(settings)


@pytest.mark.parametrize(
    "pin",
    [
        "12345",
        "1234567",
        "",
        "12 456",
        "١٢٣٤٥٦",
        "000000",
        "888888",
        "123456",
        "654321",
        "345678",
        "890123",
        "121212",
        "123123",
        "147258",
        "170590",  # ddmmyy
        "900517",  # yymmdd
        "051790",  # mmddyy
        "051990",  # ddmmyyyy's last six
        "199005",  # yyyymmdd's first six
        "345678",
    ],
)
def test_easy_to_guess_pins_are_weak(pin):
    assert pin_weakness(pin, birth_date=BORN, phone="+84912000000") is not None


def test_the_last_six_digits_of_the_phone_are_weak():
    assert pin_weakness("739184", phone="+84912739184") is not None


@pytest.mark.parametrize("pin", ["739184", "502816", "160483", "918273"])
def test_ordinary_pins_are_accepted(pin):
    assert pin_weakness(pin, birth_date=BORN, phone="+84912000000") is None


def test_not_a_string_is_weak_and_says_what_is_valid():
    assert "6 chữ số" in str(pin_weakness(None)) and pin_weakness(123456) is not None


def test_the_pin_is_set_after_verification_hashed_and_only_once():
    user = registered_person()
    open_wallet(user)
    with pytest.raises(WalletNotVerified):
        wallet_pin_set(user=user, pin=PIN)

    wallet = wallet_with_pin(user=registered_person())
    assert wallet.pin_hash != PIN and check_password(PIN, wallet.pin_hash)
    with pytest.raises(WalletPinAlreadySet):
        wallet_pin_set(user=wallet.user, pin="502816")
    assert WalletAudit.objects.filter(wallet=wallet, action="pin_set").count() == 1


def test_the_birthday_is_refused_as_a_pin():
    user = registered_person(birth=BORN)
    from tests.payments.wallets.identity_helpers import verified_wallet

    verified_wallet(user)
    with pytest.raises(WalletPinWeak) as refused:
        wallet_pin_set(user=user, pin="170590")
    assert "ngày sinh" in str(refused.value.message) and refused.value.field == "pin"


def test_the_pin_is_changed_with_the_old_one_and_the_owner_is_told():
    wallet = wallet_with_pin()
    run_committed(lambda: wallet_pin_change(user=wallet.user, old_pin=PIN, new_pin="502816"))
    pin_verify(wallet_id=wallet.pk, pin="502816")
    with pytest.raises(WalletPinWrong):
        pin_verify(wallet_id=wallet.pk, pin=PIN)
    from orders.notifications import MemoryBackend

    assert any("vừa được đổi" in n.subject and n.phones == [wallet.phone] for n in MemoryBackend.outbox)


def test_a_wrong_old_pin_counts_toward_the_lockout_and_changes_nothing(settings):
    wallet = wallet_with_pin()
    for _ in range(settings.WALLET_PIN_MAX_FAILURES - 1):
        with pytest.raises(WalletPinWrong):
            wallet_pin_change(user=wallet.user, old_pin="502816", new_pin="918273")
    with pytest.raises(WalletPinLocked):
        wallet_pin_change(user=wallet.user, old_pin="502816", new_pin="918273")
    with pytest.raises(WalletPinLocked):
        wallet_pin_change(user=wallet.user, old_pin=PIN, new_pin="918273")
    assert check_password(PIN, Wallet.objects.get().pin_hash)


def test_a_fresh_code_changes_a_forgotten_pin_and_lifts_the_lockout(settings):
    wallet = wallet_with_pin()
    Wallet.objects.filter(pk=wallet.pk).update(
        pin_failures=3, pin_locked_until=timezone.now() + timedelta(minutes=30)
    )
    run_committed(lambda: wallet_otp_send(user=wallet.user, purpose="pin_reset"))
    code = MemorySms.last_code(wallet.phone)

    changed = wallet_pin_change(user=wallet.user, otp_code=code, new_pin="502816")

    assert (changed.pin_failures, changed.pin_locked_until) == (0, None)
    pin_verify(wallet_id=wallet.pk, pin="502816")
    assert WalletAudit.objects.filter(wallet=wallet, action="pin_changed", reason="otp").exists()


def test_a_weak_new_pin_spends_neither_the_code_nor_a_try():
    wallet = wallet_with_pin()
    run_committed(lambda: wallet_otp_send(user=wallet.user, purpose="pin_reset"))
    code = MemorySms.last_code(wallet.phone)
    with pytest.raises(WalletPinWeak) as refused:
        wallet_pin_change(user=wallet.user, otp_code=code, new_pin="111111")
    assert refused.value.field == "new_pin"
    wallet_pin_change(user=wallet.user, otp_code=code, new_pin="502816")


def test_a_change_takes_exactly_one_proof():
    wallet = wallet_with_pin()
    for proofs in ({}, {"old_pin": PIN, "otp_code": "123456"}, {"old_pin": "", "otp_code": ""}):
        with pytest.raises(WalletPinChangeProof):
            wallet_pin_change(user=wallet.user, new_pin="502816", **proofs)


def test_someone_elses_pin_reset_code_does_not_change_my_pin():
    mine, theirs = wallet_with_pin(), wallet_with_pin()
    run_committed(lambda: wallet_otp_send(user=theirs.user, purpose="pin_reset"))
    from marketplace.accounts.otp import OtpExpired

    with pytest.raises(OtpExpired):
        wallet_pin_change(user=mine.user, otp_code=MemorySms.last_code(theirs.phone), new_pin="502816")
