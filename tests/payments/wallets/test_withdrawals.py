"""Withdrawals to a bank account: only to the holder's own account, held until finance marks them
paid or rejected; a merchant wallet's by its owners only."""

import pytest

from marketplace.accounts.models import User
from marketplace.errors import PermissionDenied, ReasonRequired
from orders.notifications import MemoryBackend
from payments.banks.models import BusinessBankAccount
from payments.ledger.models import LedgerAccount
from payments.wallets.core import cap_left
from payments.wallets.errors import (
    WalletBankAccountForMerchant,
    WalletBankAccountMissing,
    WalletBankHolderMismatch,
    WalletFrozen,
    WalletNotFound,
    WalletPermissionDenied,
    WalletPinWrong,
    WalletWithdrawalResolved,
)
from payments.wallets.models import WalletAudit, WalletOperation
from payments.wallets.withdrawals import wallet_bank_account_set, wallet_withdraw, withdrawal_mark
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

VCB = "970436"


def finance():
    return UserFactory(role=User.Role.FINANCE)


def with_bank_account(**kwargs):
    wallet = personal_wallet(holder_name="Nguyễn Thị Hoa", **kwargs)
    wallet_bank_account_set(
        user=wallet.user, bank_bin=VCB, account_number="0011 0023 4567", holder_name="nguyen thi hoa", pin=PIN
    )
    wallet.refresh_from_db()
    return wallet


def bank_clearing() -> LedgerAccount:
    return LedgerAccount.objects.get(code="bank_clearing")


def test_the_bank_account_must_be_in_the_holders_own_name():
    wallet = personal_wallet(holder_name="Nguyễn Thị Hoa")
    with pytest.raises(WalletBankHolderMismatch):
        wallet_bank_account_set(
            user=wallet.user, bank_bin=VCB, account_number="001100234567", holder_name="TRAN VAN B", pin=PIN
        )
    saved = committed(
        wallet_bank_account_set,
        user=wallet.user,
        bank_bin=VCB,
        account_number="001100234567",
        holder_name="Nguyen thi HOA",
        pin=PIN,
    )
    assert (saved.bank_bin, saved.bank_account_number, saved.bank_holder_name) == (
        VCB,
        "001100234567",
        "NGUYEN THI HOA",
    )
    assert WalletAudit.objects.filter(wallet=wallet, action="bank_account_set").exists()
    assert any("4567" in n.body for n in MemoryBackend.outbox if n.phones == [wallet.phone])


def test_setting_the_bank_account_needs_the_pin():
    wallet = personal_wallet(holder_name="Nguyễn Thị Hoa")
    with pytest.raises(WalletPinWrong):
        wallet_bank_account_set(
            user=wallet.user,
            bank_bin=VCB,
            account_number="001100234567",
            holder_name="NGUYEN THI HOA",
            pin="1",
        )
    wallet.refresh_from_db()
    assert wallet.bank_account_number == ""


def test_a_merchant_wallet_withdraws_to_the_business_account_not_its_own():
    shop, owner = merchant_wallet()
    with pytest.raises(WalletBankAccountForMerchant):
        wallet_bank_account_set(
            user=owner,
            bank_bin=VCB,
            account_number="001100234567",
            holder_name="X Y",
            pin=PIN,
            wallet_id=shop.pk,
        )


def test_a_withdrawal_without_a_bank_account_is_refused():
    wallet = personal_wallet(balance=100_000)
    with pytest.raises(WalletBankAccountMissing):
        wallet_withdraw(user=wallet.user, amount=10_000, pin=PIN)


def test_a_withdrawal_is_held_until_finance_marks_it_paid():
    wallet = with_bank_account(balance=1_000_000)
    clearing_before = bank_clearing().balance
    operation = committed(wallet_withdraw, user=wallet.user, amount=300_000, pin=PIN, idempotency_key="w-1")
    assert operation.status == WalletOperation.Status.PENDING
    assert operation.bank_account["account_number"] == "001100234567"
    assert operation.bank_account["holder_name"] == "NGUYEN THI HOA"
    assert available(wallet) == 700_000 and balance(wallet) == 1_000_000
    assert cap_left(wallet) == 100_000_000 - 300_000
    # A repeat with the key moves nothing.
    assert (
        wallet_withdraw(user=wallet.user, amount=300_000, pin=PIN, idempotency_key="w-1").pk == operation.pk
    )
    assert available(wallet) == 700_000
    operator = finance()
    with pytest.raises(ReasonRequired):
        withdrawal_mark(user=operator, operation_id=operation.pk, paid=True)
    paid = committed(
        withdrawal_mark, user=operator, operation_id=operation.pk, paid=True, reference="FT2612010001"
    )
    assert (
        paid.status == WalletOperation.Status.COMPLETED
        and paid.bank_account["bank_reference"] == "FT2612010001"
    )
    assert balance(wallet) == 700_000 and available(wallet) == 700_000
    assert bank_clearing().balance == clearing_before + 300_000
    assert cap_left(wallet) == 100_000_000 - 300_000
    assert WalletAudit.objects.filter(wallet=wallet, action="withdrawal_paid", actor=operator).exists()
    assert any("đã được chuyển" in n.body for n in MemoryBackend.outbox if n.phones == [wallet.phone])
    with pytest.raises(WalletWithdrawalResolved):
        withdrawal_mark(user=operator, operation_id=operation.pk, paid=False, note="Nhầm")


def test_a_rejected_withdrawal_returns_the_money_and_the_cap():
    wallet = with_bank_account(balance=1_000_000)
    operation = wallet_withdraw(user=wallet.user, amount=300_000, pin=PIN)
    operator = finance()
    with pytest.raises(ReasonRequired):
        withdrawal_mark(user=operator, operation_id=operation.pk, paid=False)
    rejected = committed(
        withdrawal_mark, user=operator, operation_id=operation.pk, paid=False, note="Sai số tài khoản"
    )
    assert rejected.status == WalletOperation.Status.REJECTED and rejected.note == "Sai số tài khoản"
    assert balance(wallet) == 1_000_000 and available(wallet) == 1_000_000
    assert cap_left(wallet) == 100_000_000
    assert any("Sai số tài khoản" in n.body for n in MemoryBackend.outbox if n.phones == [wallet.phone])


def test_only_finance_marks_withdrawals():
    wallet = with_bank_account(balance=100_000)
    operation = wallet_withdraw(user=wallet.user, amount=10_000, pin=PIN)
    for user in (wallet.user, UserFactory(), UserFactory(role=User.Role.TRADE_OFFICER)):
        with pytest.raises(PermissionDenied):
            withdrawal_mark(user=user, operation_id=operation.pk, paid=True, reference="FT1")
    operation.refresh_from_db()
    assert operation.status == WalletOperation.Status.PENDING


def test_a_frozen_wallet_withdraws_nothing():
    from django.utils import timezone

    wallet = with_bank_account(balance=100_000)
    wallet.frozen_at = timezone.now()
    wallet.save(update_fields=["frozen_at"])
    with pytest.raises(WalletFrozen):
        wallet_withdraw(user=wallet.user, amount=10_000, pin=PIN)
    assert available(wallet) == 100_000 and not WalletOperation.objects.exists()


def test_staff_of_a_business_cannot_withdraw_unless_owner():
    shop, owner = merchant_wallet(balance=500_000)
    BusinessBankAccount.objects.create(
        business_id=shop.business_id, bank_bin=VCB, account_number="1903555512", holder_name="HTX CHE"
    )
    staff = staff_of(shop)
    with pytest.raises(WalletPermissionDenied):
        wallet_withdraw(user=staff, amount=100_000, pin=PIN, wallet_id=shop.pk)
    shop.refresh_from_db()
    assert shop.pin_failures == 0 and available(shop) == 500_000
    operation = wallet_withdraw(user=owner, amount=100_000, pin=PIN, wallet_id=shop.pk)
    assert operation.bank_account["account_number"] == "1903555512" and operation.cap_month is None
    assert available(shop) == 400_000


def test_nobody_withdraws_from_another_persons_wallet():
    victim = with_bank_account(balance=100_000)
    thief = personal_wallet()
    with pytest.raises(WalletNotFound):
        wallet_withdraw(user=thief.user, amount=10_000, pin=PIN, wallet_id=victim.pk)
    assert available(victim) == 100_000
