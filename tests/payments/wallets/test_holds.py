"""Cooling-off holds: a first large transfer to a new recipient, or many in a row, waits as a
pending ledger transfer the sender may cancel, and posts by itself at the end."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.errors import ReasonRequired
from orders.notifications import MemoryBackend
from payments.ledger.models import LedgerAccount
from payments.wallets.core import cap_left
from payments.wallets.errors import WalletPermissionDenied, WalletTransferNotFound, WalletTransferNotHeld
from payments.wallets.holds import wallet_holds_post, wallet_transfer_cancel
from payments.wallets.models import WalletAudit, WalletOperation
from payments.wallets.transfers import wallet_transfer
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
from tests.payments.wallets.test_transfers import send

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _thresholds(settings):
    settings.WALLET_HOLD_NEW_RECIPIENT_ABOVE = 1_000_000
    settings.WALLET_VELOCITY_COUNT = 3
    settings.WALLET_VELOCITY_MINUTES = 10
    settings.WALLET_HOLD_MINUTES = 30


def incoming_held(wallet) -> int:
    return LedgerAccount.objects.get(pk=wallet.account_id).credits_pending


def held_transfer(amount: int = 1_500_000):
    sender = personal_wallet(balance=5_000_000)
    recipient = personal_wallet(holder_name="Lê Văn Tám")
    MemoryBackend.outbox.clear()
    return send(sender, recipient, amount), sender, recipient


def test_a_first_large_transfer_to_a_new_recipient_is_held_with_a_warning_naming_them():
    operation, sender, recipient = held_transfer()
    assert operation.status == WalletOperation.Status.HELD and operation.hold_id is not None
    assert operation.hold_until > timezone.now() + timedelta(minutes=29)
    assert balance(sender) == 5_000_000 and available(sender) == 3_500_000
    assert balance(recipient) == 0 and available(recipient) == 0 and incoming_held(recipient) == 1_500_000
    (notice,) = MemoryBackend.outbox  # the sender only: the recipient hears when it arrives
    assert notice.phones == [sender.phone] and "Lê V. T." in notice.body and "tạm giữ" in notice.body


def test_a_large_transfer_to_someone_already_paid_is_not_held():
    sender = personal_wallet(balance=5_000_000)
    recipient = personal_wallet()
    send(sender, recipient, 100_000)
    assert send(sender, recipient, 1_500_000).status == WalletOperation.Status.COMPLETED


def test_many_transfers_in_a_short_time_are_held():
    sender = personal_wallet(balance=1_000_000)
    recipient = personal_wallet()
    statuses = [send(sender, recipient, 10_000).status for _ in range(4)]
    assert statuses == ["completed", "completed", "completed", "held"]


def test_a_held_transfer_cancelled_returns_everything():
    operation, sender, recipient = held_transfer()
    assert cap_left(sender) == 100_000_000 - 1_500_000
    cancelled = committed(wallet_transfer_cancel, user=sender.user, operation_id=operation.pk)
    assert cancelled.status == WalletOperation.Status.CANCELLED
    assert balance(sender) == 5_000_000 and available(sender) == 5_000_000
    assert balance(recipient) == 0 and incoming_held(recipient) == 0
    assert cap_left(sender) == 100_000_000
    assert any("đã được huỷ" in n.body for n in MemoryBackend.outbox if n.phones == [sender.phone])
    assert not [n for n in MemoryBackend.outbox if n.phones == [recipient.phone]]
    # Nothing left to post, and no second cancel.
    assert wallet_holds_post(now=timezone.now() + timedelta(hours=1)) == 0
    with pytest.raises(WalletTransferNotHeld):
        wallet_transfer_cancel(user=sender.user, operation_id=operation.pk)


def test_a_hold_posts_by_itself_at_the_end_and_not_before():
    operation, sender, recipient = held_transfer()
    assert wallet_holds_post(now=operation.hold_until - timedelta(seconds=1)) == 0
    assert committed(wallet_holds_post, now=operation.hold_until) == 1
    operation.refresh_from_db()
    assert operation.status == WalletOperation.Status.COMPLETED
    assert balance(sender) == 3_500_000 and balance(recipient) == 1_500_000 and incoming_held(recipient) == 0
    arrival = [n for n in MemoryBackend.outbox if n.phones == [recipient.phone]]
    assert len(arrival) == 1 and "+1.500.000 đ" in arrival[0].subject
    with pytest.raises(WalletTransferNotHeld):
        wallet_transfer_cancel(user=sender.user, operation_id=operation.pk)
    assert cap_left(sender) == 100_000_000 - 1_500_000


def test_the_worker_command_posts_due_holds():
    operation, sender, recipient = held_transfer()
    WalletOperation.objects.filter(pk=operation.pk).update(hold_until=timezone.now() - timedelta(seconds=1))
    out = StringIO()
    call_command("wallets_worker", "--once", stdout=out)
    assert "1 lệnh" in out.getvalue()
    assert balance(recipient) == 1_500_000


def test_the_hold_of_a_wallet_frozen_meanwhile_stays_held_until_unfrozen():
    operation, sender, recipient = held_transfer()
    sender.frozen_at = timezone.now()
    sender.save(update_fields=["frozen_at"])
    later = operation.hold_until + timedelta(days=3)
    assert wallet_holds_post(now=later) == 0
    operation.refresh_from_db()
    assert operation.status == WalletOperation.Status.HELD and balance(recipient) == 0
    sender.frozen_at = None
    sender.save(update_fields=["frozen_at"])
    assert wallet_holds_post(now=later) == 1


def test_a_frozen_sender_may_still_cancel_a_held_transfer():
    operation, sender, recipient = held_transfer()
    sender.frozen_at = timezone.now()
    sender.save(update_fields=["frozen_at"])
    wallet_transfer_cancel(user=sender.user, operation_id=operation.pk)
    assert available(sender) == 5_000_000


def test_only_the_sender_cancels_and_others_do_not_see_the_transfer():
    operation, sender, recipient = held_transfer()
    for stranger in (recipient.user, UserFactory()):
        with pytest.raises(WalletTransferNotFound):
            wallet_transfer_cancel(user=stranger, operation_id=operation.pk)
    with pytest.raises(WalletTransferNotFound):
        wallet_transfer_cancel(user=sender.user, operation_id=operation.pk + 1000)
    operation.refresh_from_db()
    assert operation.status == WalletOperation.Status.HELD


def test_a_merchant_wallets_staff_may_not_cancel_its_transfer():
    shop, owner = merchant_wallet(balance=5_000_000)
    recipient = personal_wallet()
    operation = committed(
        wallet_transfer,
        user=owner,
        phone=recipient.phone,
        amount=1_500_000,
        pin=PIN,
        wallet_id=shop.pk,
    )
    assert operation.status == WalletOperation.Status.HELD
    with pytest.raises(WalletPermissionDenied):
        wallet_transfer_cancel(user=staff_of(shop), operation_id=operation.pk)
    wallet_transfer_cancel(user=owner, operation_id=operation.pk)
    assert available(shop) == 5_000_000


def test_a_finance_operator_cancels_with_a_reason_that_is_audited():
    operation, sender, recipient = held_transfer()
    operator = UserFactory(role=User.Role.FINANCE)
    with pytest.raises(ReasonRequired):
        wallet_transfer_cancel(user=operator, operation_id=operation.pk)
    wallet_transfer_cancel(user=operator, operation_id=operation.pk, reason="Khách báo bị lừa qua điện thoại")
    audit = WalletAudit.objects.get(wallet=sender, action="transfer_cancelled")
    assert audit.actor == operator and "bị lừa" in audit.reason
    assert available(sender) == 5_000_000
