"""Transfers by phone number: the masked preview, the PIN, idempotency, and who may move what."""

import pytest

from orders.notifications import MemoryBackend
from payments.wallets.errors import (
    WalletFrozen,
    WalletIdempotencyConflict,
    WalletInsufficientFunds,
    WalletLookupThrottled,
    WalletNotFound,
    WalletNotVerified,
    WalletPermissionDenied,
    WalletPinWrong,
    WalletRecipientNotFound,
    WalletSelfTransfer,
)
from payments.wallets.models import Wallet, WalletOperation
from payments.wallets.transfers import wallet_transfer, wallet_transfer_preview
from tests.factories import UserFactory
from tests.payments.settlement.helpers import committed
from tests.payments.wallets.factories import (
    PIN,
    available,
    balance,
    merchant_wallet,
    personal_wallet,
    staff_of,
)

pytestmark = pytest.mark.django_db


def national(phone: str) -> str:
    return "0" + phone[3:]


def send(sender: Wallet, recipient: Wallet, amount: int, **kwargs):
    fields = {"user": sender.user, "phone": national(recipient.phone), "amount": amount, "pin": PIN, **kwargs}
    return committed(wallet_transfer, **fields)


def test_the_preview_shows_the_recipient_masked_and_moves_nothing():
    sender = personal_wallet(balance=500_000)
    recipient = personal_wallet(holder_name="Trần Thị Bích Ngọc")
    preview = wallet_transfer_preview(user=sender.user, phone=national(recipient.phone), amount=100_000)
    assert preview.recipient_name == "Trần T. B. N."
    last3 = recipient.phone[-3:]
    assert preview.recipient_phone == f"09xx xxx {last3}"
    assert not preview.will_be_held and preview.hold_until is None
    assert preview.monthly_left == 100_000_000 and preview.available == 500_000
    assert "người bạn biết" in preview.warnings[0]
    assert available(sender) == 500_000 and not WalletOperation.objects.exists()


def test_the_preview_warns_of_a_hold_naming_the_recipient(settings):
    settings.WALLET_HOLD_NEW_RECIPIENT_ABOVE = 1_000_000
    sender = personal_wallet(balance=5_000_000)
    recipient = personal_wallet(holder_name="Lê Văn Tám")
    preview = wallet_transfer_preview(user=sender.user, phone=national(recipient.phone), amount=1_000_001)
    assert preview.will_be_held and preview.hold_until is not None
    assert "Lần đầu chuyển" in preview.hold_reason
    assert any("Lê V. T." in warning and "tạm giữ" in warning for warning in preview.warnings)


def test_a_number_without_an_active_wallet_is_not_found():
    sender = personal_wallet(balance=100_000)
    nobody = UserFactory()
    unverified = personal_wallet(status=Wallet.Status.UNVERIFIED)
    for phone in (national(nobody.phone), national(unverified.phone)):
        with pytest.raises(WalletRecipientNotFound):
            wallet_transfer_preview(user=sender.user, phone=phone, amount=1_000)
        with pytest.raises(WalletRecipientNotFound):
            wallet_transfer(user=sender.user, phone=phone, amount=1_000, pin=PIN)
    assert available(sender) == 100_000


def test_sending_to_oneself_is_refused():
    sender = personal_wallet(balance=100_000)
    with pytest.raises(WalletSelfTransfer):
        wallet_transfer_preview(user=sender.user, phone=national(sender.phone), amount=1_000)
    with pytest.raises(WalletSelfTransfer):
        wallet_transfer(user=sender.user, phone=sender.phone, amount=1_000, pin=PIN)


def test_recipient_lookups_are_limited_per_user(settings):
    settings.WALLET_RECIPIENT_LOOKUPS_PER_HOUR = 3
    sender = personal_wallet(balance=100_000)
    recipient = personal_wallet()
    for _ in range(3):
        wallet_transfer_preview(user=sender.user, phone=national(recipient.phone), amount=1_000)
    with pytest.raises(WalletLookupThrottled):
        wallet_transfer_preview(user=sender.user, phone=national(recipient.phone), amount=1_000)
    # Another user has their own allowance.
    other = personal_wallet()
    wallet_transfer_preview(user=other.user, phone=national(recipient.phone), amount=1_000)


def test_a_transfer_moves_the_money_and_tells_both_masked():
    sender = personal_wallet(holder_name="Nguyễn Văn An", balance=500_000)
    recipient = personal_wallet(holder_name="Trần Thị Bích")
    operation = send(sender, recipient, 120_000, note="Tiền chè")
    assert operation.status == WalletOperation.Status.COMPLETED and operation.counterparty == recipient
    assert balance(sender) == 380_000 and balance(recipient) == 120_000
    assert operation.cap_month is not None
    to_sender = [n for n in MemoryBackend.outbox if n.phones == [sender.phone]]
    to_recipient = [n for n in MemoryBackend.outbox if n.phones == [recipient.phone]]
    assert len(to_sender) == 1 and "-120.000 đ" in to_sender[0].subject and "Trần T. B." in to_sender[0].body
    assert len(to_recipient) == 1 and "+120.000 đ" in to_recipient[0].subject
    assert "Nguyễn V. A." in to_recipient[0].body and "Tiền chè" in to_recipient[0].body
    assert "Nguyễn Văn An" not in to_recipient[0].body and sender.phone not in to_recipient[0].body


def test_a_repeat_with_the_same_key_moves_nothing_and_another_request_is_refused():
    sender = personal_wallet(balance=500_000)
    recipient = personal_wallet()
    first = send(sender, recipient, 100_000, idempotency_key="app-1")
    again = send(sender, recipient, 100_000, idempotency_key="app-1")
    assert again.pk == first.pk and balance(recipient) == 100_000
    with pytest.raises(WalletIdempotencyConflict):
        send(sender, recipient, 90_000, idempotency_key="app-1")
    assert balance(sender) == 400_000


def test_more_than_available_is_refused_saying_what_is_left():
    sender = personal_wallet(balance=50_000)
    recipient = personal_wallet()
    with pytest.raises(WalletInsufficientFunds) as refused:
        send(sender, recipient, 50_001)
    assert "50.000" in str(refused.value.message)
    assert not WalletOperation.objects.exists() and balance(recipient) == 0


def test_a_wrong_pin_moves_nothing():
    sender = personal_wallet(balance=50_000)
    recipient = personal_wallet()
    with pytest.raises(WalletPinWrong):
        send(sender, recipient, 10_000, pin="135790")
    assert balance(sender) == 50_000 and balance(recipient) == 0


def test_a_frozen_wallet_moves_nothing_but_still_receives():
    from django.utils import timezone

    sender = personal_wallet(balance=50_000)
    frozen = personal_wallet(balance=50_000, frozen_at=timezone.now(), frozen_reason="Mất điện thoại")
    with pytest.raises(WalletFrozen):
        send(frozen, sender, 10_000)
    send(sender, frozen, 10_000)
    assert balance(frozen) == 60_000 and balance(sender) == 40_000


def test_an_unverified_wallet_moves_nothing():
    unverified = personal_wallet(balance=50_000, status=Wallet.Status.UNVERIFIED)
    recipient = personal_wallet()
    with pytest.raises(WalletNotVerified):
        send(unverified, recipient, 10_000)
    assert balance(recipient) == 0


def test_nobody_moves_another_persons_wallet():
    victim = personal_wallet(balance=50_000)
    thief = personal_wallet()
    with pytest.raises(WalletNotFound):
        wallet_transfer(user=thief.user, phone=thief.phone, amount=10_000, pin="000000", wallet_id=victim.pk)
    victim.refresh_from_db()
    assert victim.pin_failures == 0 and balance(victim) == 50_000
    # Without a wallet of their own, a user has nothing to send from.
    with pytest.raises(WalletNotFound):
        wallet_transfer(user=UserFactory(), phone=victim.phone, amount=1_000, pin=PIN)


def test_a_merchant_wallet_sends_by_its_owner_never_by_its_staff():
    shop, owner = merchant_wallet(balance=300_000)
    recipient = personal_wallet()
    staff = staff_of(shop)
    with pytest.raises(WalletPermissionDenied):
        wallet_transfer(user=staff, phone=recipient.phone, amount=10_000, pin=PIN, wallet_id=shop.pk)
    operation = committed(
        wallet_transfer, user=owner, phone=recipient.phone, amount=10_000, pin=PIN, wallet_id=shop.pk
    )
    assert operation.cap_month is None  # merchant wallets are not capped
    assert balance(shop) == 290_000 and balance(recipient) == 10_000
