"""The monthly cap of a personal wallet (Decree 368/2025/NĐ-CP): withdrawals + transfers (held
ones included) in a calendar month of Asia/Ho_Chi_Minh, held under parallel clients and at the
month's edge."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from payments.ledger.models import LedgerAccount
from payments.wallets.core import cap_left
from payments.wallets.errors import WalletMonthlyCapExceeded
from payments.wallets.holds import wallet_holds_post, wallet_transfer_cancel
from payments.wallets.models import WalletMonthlyUsage, WalletOperation
from payments.wallets.transfers import wallet_transfer
from payments.wallets.withdrawals import wallet_bank_account_set, wallet_withdraw
from tests.parallel import run_in_parallel
from tests.payments.wallets.factories import PIN, available, merchant_wallet, personal_wallet

VN = ZoneInfo("Asia/Ho_Chi_Minh")
LAST_SECOND_OF_JANUARY = datetime(2026, 1, 31, 23, 59, 59, tzinfo=VN)  # 16:59:59 UTC
FIRST_SECOND_OF_FEBRUARY = datetime(2026, 2, 1, 0, 0, 0, tzinfo=VN)  # still 31 January in UTC


@pytest.fixture(autouse=True)
def _cap(settings):
    settings.WALLET_MONTHLY_CAP = 1_000_000
    settings.WALLET_HOLD_NEW_RECIPIENT_ABOVE = 500_000


def wallet_with_bank_account(balance: int):
    wallet = personal_wallet(holder_name="Nguyễn Thị Hoa", balance=balance)
    wallet_bank_account_set(
        user=wallet.user,
        bank_bin="970436",
        account_number="001100234567",
        holder_name="NGUYEN THI HOA",
        pin=PIN,
    )
    return wallet


def used(wallet, month: date) -> int:
    return (
        WalletMonthlyUsage.objects.filter(wallet=wallet, month=month)
        .values_list("debited", flat=True)
        .first()
        or 0
    )


@pytest.mark.django_db
def test_the_cap_at_the_month_boundary_in_vietnam_time():
    wallet = wallet_with_bank_account(balance=5_000_000)
    recipient = personal_wallet()
    january, february = date(2026, 1, 1), date(2026, 2, 1)
    held = wallet_transfer(
        user=wallet.user, phone=recipient.phone, amount=600_000, pin=PIN, now=LAST_SECOND_OF_JANUARY
    )
    assert held.status == WalletOperation.Status.HELD and held.cap_month == january
    wallet_withdraw(user=wallet.user, amount=400_000, pin=PIN, now=LAST_SECOND_OF_JANUARY)
    with pytest.raises(WalletMonthlyCapExceeded) as refused:
        wallet_withdraw(user=wallet.user, amount=1, pin=PIN, now=LAST_SECOND_OF_JANUARY)
    assert "còn được chi 0 đ" in str(refused.value.message)
    # One second later it is February in Vietnam (while UTC is still on 31 January): a new month.
    february_withdrawal = wallet_withdraw(
        user=wallet.user, amount=1_000_000, pin=PIN, now=FIRST_SECOND_OF_FEBRUARY
    )
    assert february_withdrawal.cap_month == february
    assert cap_left(wallet, now=FIRST_SECOND_OF_FEBRUARY) == 0
    with pytest.raises(WalletMonthlyCapExceeded):
        wallet_transfer(
            user=wallet.user, phone=recipient.phone, amount=1, pin=PIN, now=FIRST_SECOND_OF_FEBRUARY
        )
    # January's hold cancelled in February gives back January's cap, not February's.
    wallet_transfer_cancel(user=wallet.user, operation_id=held.pk, now=FIRST_SECOND_OF_FEBRUARY)
    assert (used(wallet, january), used(wallet, february)) == (400_000, 1_000_000)
    with pytest.raises(WalletMonthlyCapExceeded):
        wallet_withdraw(user=wallet.user, amount=1, pin=PIN, now=FIRST_SECOND_OF_FEBRUARY)
    assert cap_left(wallet, now=LAST_SECOND_OF_JANUARY) == 600_000


@pytest.mark.django_db
def test_a_merchant_wallet_is_not_capped():
    shop, owner = merchant_wallet(balance=3_000_000)
    recipient = personal_wallet()
    wallet_transfer(user=owner, phone=recipient.phone, amount=400_000, pin=PIN, wallet_id=shop.pk)
    wallet_transfer(user=owner, phone=recipient.phone, amount=1_500_000, pin=PIN, wallet_id=shop.pk)
    assert not WalletMonthlyUsage.objects.filter(wallet=shop).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_debits_that_together_pass_the_cap_never_do():
    wallet = wallet_with_bank_account(balance=5_000_000)
    recipients = [personal_wallet() for _ in range(3)]

    def debit(i: int):
        if i % 2:
            return wallet_withdraw(user=wallet.user, amount=30_000, pin=PIN, idempotency_key=f"w{i}")
        phone = recipients[i % 3].phone
        return wallet_transfer(user=wallet.user, phone=phone, amount=30_000, pin=PIN, idempotency_key=f"t{i}")

    results = run_in_parallel(*[lambda i=i: debit(i) for i in range(50)])
    done = [r for r in results if isinstance(r, WalletOperation)]
    refused = [r for r in results if not isinstance(r, WalletOperation)]
    assert all(isinstance(r, WalletMonthlyCapExceeded) for r in refused), refused
    # 33 × 30,000 = 990,000 fits; a 34th would pass 1,000,000.
    assert len(done) == 33 and len(refused) == 17
    assert used(wallet, done[0].cap_month) == 990_000
    account = LedgerAccount.objects.get(pk=wallet.account_id)
    assert account.debits_posted + account.debits_pending == 990_000
    assert available(wallet) == 5_000_000 - 990_000


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_transfers_both_ways_between_two_wallets_never_deadlock():
    a, b = personal_wallet(balance=1_000_000), personal_wallet(balance=1_000_000)

    def transfer(i: int):
        sender, recipient = (a, b) if i % 2 else (b, a)
        return wallet_transfer(user=sender.user, phone=recipient.phone, amount=10_000, pin=PIN)

    results = run_in_parallel(*[lambda i=i: transfer(i) for i in range(20)])
    assert all(isinstance(r, WalletOperation) for r in results), results
    total = sum(LedgerAccount.objects.get(pk=w.account_id).balance for w in (a, b))
    assert total == 2_000_000


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_hold_cancelled_while_it_posts_is_either_cancelled_or_sent_never_both():
    from datetime import timedelta

    sender, recipient = personal_wallet(balance=2_000_000), personal_wallet()
    held = wallet_transfer(user=sender.user, phone=recipient.phone, amount=600_000, pin=PIN)
    due = held.hold_until + timedelta(seconds=1)
    results = run_in_parallel(
        lambda: wallet_transfer_cancel(user=sender.user, operation_id=held.pk),
        lambda: wallet_holds_post(now=due),
    )
    held.refresh_from_db()
    recipient_balance = LedgerAccount.objects.get(pk=recipient.account_id).balance
    if held.status == WalletOperation.Status.CANCELLED:
        assert results[1] == 0 and recipient_balance == 0 and available(sender) == 2_000_000
    else:
        assert held.status == WalletOperation.Status.COMPLETED
        assert results[1] == 1 and recipient_balance == 600_000 and available(sender) == 1_400_000
