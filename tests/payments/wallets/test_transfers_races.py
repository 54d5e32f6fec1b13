"""Transfers and withdrawals under real parallel clients on PostgreSQL: a keyed request repeated
at once moves money once; more debits than the balance allows are refused as the wallet's
error, never the ledger's."""

import pytest

from payments.wallets.errors import WalletInsufficientFunds
from payments.wallets.models import WalletOperation
from payments.wallets.transfers import wallet_transfer
from tests.parallel import run_in_parallel
from tests.payments.wallets.factories import PIN, available, balance, personal_wallet

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_repeats_of_one_keyed_transfer_move_the_money_once():
    sender, recipient = personal_wallet(balance=1_000_000), personal_wallet()
    results = run_in_parallel(
        *[
            lambda: wallet_transfer(
                user=sender.user, phone=recipient.phone, amount=70_000, pin=PIN, idempotency_key="app-7"
            )
            for _ in range(6)
        ]
    )
    assert all(isinstance(r, WalletOperation) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert balance(recipient) == 70_000 and available(sender) == 930_000


def test_more_parallel_transfers_than_the_balance_allows_are_refused_as_insufficient_funds(settings):
    settings.WALLET_VELOCITY_COUNT = 100  # posted at once, not held: the balance is the only limit
    sender, recipient = personal_wallet(balance=250_000), personal_wallet()
    results = run_in_parallel(
        *[
            lambda: wallet_transfer(user=sender.user, phone=recipient.phone, amount=100_000, pin=PIN)
            for _ in range(10)
        ]
    )
    done = [r for r in results if isinstance(r, WalletOperation)]
    refused = [r for r in results if not isinstance(r, WalletOperation)]
    assert len(done) == 2 and all(isinstance(r, WalletInsufficientFunds) for r in refused), refused
    assert balance(recipient) == 200_000 and available(sender) == 50_000
