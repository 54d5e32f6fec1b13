"""A wallet's statement from its ledger transfers: each line's balance, holds shown as held, the
period's opening and closing balance in Vietnam's days, and each line's operation found."""

from datetime import UTC, date, datetime, timedelta

import pytest

from payments.ledger.models import Transfer
from payments.ledger.services import Move, Resolve, ledger_post
from payments.settlement.errors import StatementPeriodInvalid
from payments.wallets.core import ledger_key
from payments.wallets.errors import WalletNotFound
from payments.wallets.models import WalletOperation
from payments.wallets.statement import (
    statement_lines,
    statement_lines_all,
    statement_page_queryset,
    wallet_statement,
)
from tests.factories import UserFactory
from tests.payments.wallets.factories_statement import (
    hold_resolve,
    merchant_wallet,
    pay,
    personal_wallet,
    refund,
    top_up,
    top_up_by_gateway,
    transfer,
    withdraw,
)

pytestmark = pytest.mark.django_db
S = WalletOperation.Status


def page(statement, first=100, offset=0):
    rows = list(statement_page_queryset(statement)[offset : offset + first])
    return statement_lines(statement, rows)


def test_each_line_carries_the_balance_after_it_and_the_lines_add_up_to_the_closing_balance():
    wallet, friend = personal_wallet(), personal_wallet(holder_name="Trần Thị Bình")
    top_up(wallet, 500_000)
    pay(wallet, 120_000, order_number="DH2611300007")
    refund(wallet, 20_000, order_number="DH2611300007")
    transfer(wallet, friend, 100_000, note="Tiền chè")
    top_up(friend, 80_000)
    transfer(friend, wallet, 50_000)

    statement = wallet_statement(user=wallet.user, wallet_id=None)
    lines = page(statement)
    assert [(line.kind, line.amount, line.balance) for line in lines] == [
        ("transfer", 50_000, 350_000),
        ("transfer", -100_000, 300_000),
        ("refund", 20_000, 400_000),
        ("payment", -120_000, 380_000),
        ("top_up", 500_000, 500_000),
    ]
    assert (statement.opening, statement.credits, statement.debits) == (0, 570_000, 220_000)
    wallet.account.refresh_from_db()
    assert statement.closing == lines[0].balance == wallet.account.balance == 350_000
    assert lines[3].description == "Thanh toán đơn hàng DH2611300007"
    assert lines[1].description == "Chuyển tiền đến Trần T. B." and lines[1].note == "Tiền chè"
    assert (lines[0].description, lines[0].counterparty_phone) == (
        "Nhận tiền từ Trần T. B.",
        "09xx xxx " + friend.phone[-3:],
    )
    assert all(line.status == S.COMPLETED and not line.held for line in lines)
    assert lines[4].reference.startswith("VI")


def test_a_held_transfer_is_shown_held_on_both_sides_then_posted_or_gone():
    sender, recipient = personal_wallet(holder_name="Lê Văn Cường"), personal_wallet()
    top_up(sender, 300_000)
    held = transfer(sender, recipient, 200_000, held=True)

    [line, _] = page(wallet_statement(user=sender.user, wallet_id=sender.pk))
    assert (line.amount, line.balance, line.held, line.status) == (-200_000, 300_000, True, S.HELD)
    assert "đang giữ" in line.description
    [incoming] = page(wallet_statement(user=recipient.user, wallet_id=recipient.pk))
    assert (incoming.amount, incoming.balance, incoming.held) == (200_000, 0, True)
    assert incoming.counterparty_name == "Lê V. C."  # the sender, masked

    hold_resolve(held, post=True)
    lines = page(wallet_statement(user=sender.user, wallet_id=sender.pk))
    assert [(line.amount, line.balance, line.held, line.status) for line in lines] == [
        (-200_000, 100_000, False, S.COMPLETED),
        (300_000, 300_000, False, S.COMPLETED),
    ]
    [arrived] = page(wallet_statement(user=recipient.user, wallet_id=recipient.pk))
    assert (arrived.amount, arrived.balance, arrived.held) == (200_000, 200_000, False)

    cancelled = transfer(sender, recipient, 50_000, held=True)
    hold_resolve(cancelled, post=False)
    statement = wallet_statement(user=sender.user, wallet_id=sender.pk)
    assert len(page(statement)) == 2 and statement.closing == 100_000  # a voided hold moved nothing


def test_a_rejected_withdrawal_leaves_no_line_and_a_paid_one_a_debit():
    wallet = personal_wallet()
    top_up(wallet, 400_000)
    rejected = withdraw(wallet, 100_000)
    [pending, _] = page(wallet_statement(user=wallet.user, wallet_id=None))
    assert (pending.status, pending.held, pending.balance) == (S.PENDING, True, 400_000)
    assert pending.description.startswith("Rút về tài khoản ngân hàng ···3344")
    hold_resolve(rejected, post=False)
    paid = withdraw(wallet, 150_000)
    hold_resolve(paid, post=True)
    statement = wallet_statement(user=wallet.user, wallet_id=None)
    assert [(line.amount, line.balance, line.status) for line in page(statement)] == [
        (-150_000, 250_000, S.COMPLETED),
        (400_000, 400_000, S.COMPLETED),
    ]
    assert statement.debits == 150_000
    # The bank sends a paid withdrawal back: a credit told as the withdrawal's return.
    ledger_post(
        key=ledger_key(paid, "returned"),
        kind="wallet_withdrawal",
        moves=[Move("bank_clearing", wallet.account.code, 150_000)],
    )
    [returned, *_] = page(wallet_statement(user=wallet.user, wallet_id=None))
    assert (returned.amount, returned.balance, returned.reference) == (150_000, 400_000, paid.reference)
    assert returned.description == "Tiền rút bị ngân hàng trả lại ví"


def test_a_period_is_whole_days_in_vietnam_with_the_balance_before_it_as_opening():
    wallet = personal_wallet()
    # 23:30 on 31 October in Hà Nội is 16:30 UTC; 00:30 on 1 November is 17:30 UTC on 31 October.
    top_up(wallet, 100_000, at=datetime(2026, 10, 31, 16, 30, tzinfo=UTC))
    top_up(wallet, 40_000, at=datetime(2026, 10, 31, 17, 30, tzinfo=UTC))
    pay(wallet, 30_000, at=datetime(2026, 11, 30, 16, 59, tzinfo=UTC))  # 23:59 on 30 November
    top_up(wallet, 5_000, at=datetime(2026, 11, 30, 17, 0, tzinfo=UTC))  # 00:00 on 1 December

    november = wallet_statement(
        user=wallet.user, wallet_id=wallet.pk, date_from=date(2026, 11, 1), date_to=date(2026, 11, 30)
    )
    assert (november.opening, november.credits, november.debits, november.closing) == (
        100_000,
        40_000,
        30_000,
        110_000,
    )
    assert [(line.amount, line.balance) for line in page(november)] == [(-30_000, 110_000), (40_000, 140_000)]
    december = wallet_statement(
        user=wallet.user, wallet_id=wallet.pk, date_from=date(2026, 12, 1), date_to=date(2026, 12, 1)
    )
    assert (december.opening, december.closing) == (110_000, 115_000)


@pytest.mark.parametrize(
    "period",
    [
        (date(2026, 11, 2), date(2026, 11, 1)),  # ends before it starts
        (date(2025, 1, 1), date(2026, 11, 1)),  # longer than 366 days
        (date(1, 1, 1), date(1, 1, 2)),  # before 2000
        (date(2026, 11, 1), None),  # one end only
    ],
)
def test_a_period_outside_the_rule_is_refused(period):
    wallet = personal_wallet()
    with pytest.raises(StatementPeriodInvalid):
        wallet_statement(user=wallet.user, wallet_id=wallet.pk, date_from=period[0], date_to=period[1])


def test_only_the_owner_or_a_merchant_wallets_members_read_it():
    wallet = personal_wallet()
    stranger = UserFactory()
    with pytest.raises(WalletNotFound):
        wallet_statement(user=stranger, wallet_id=wallet.pk)
    with pytest.raises(WalletNotFound):
        wallet_statement(user=stranger, wallet_id=None)  # has no wallet of their own
    shop, owner = merchant_wallet()
    from marketplace.businesses.models import BusinessMember

    staff = UserFactory()
    BusinessMember.objects.create(business=shop.business, user=staff, role=BusinessMember.Role.STAFF)
    for reader in (owner, staff):
        assert wallet_statement(user=reader, wallet_id=shop.pk).wallet == shop
    with pytest.raises(WalletNotFound):
        wallet_statement(user=stranger, wallet_id=shop.pk)
    with pytest.raises(WalletNotFound):
        wallet_statement(user=owner, wallet_id=wallet.pk)


def test_lines_keyed_by_a_gateway_or_a_hold_still_find_their_operation():
    wallet = personal_wallet()
    gateway = top_up_by_gateway(wallet, 90_000)
    pay(wallet, 60_000, order_number="DH2612010002")
    # A refund held and posted under the settlement module's keys, the hold on the operation.
    operation = WalletOperation.objects.create(
        wallet=wallet, kind="refund", status=S.PENDING, amount=60_000, reference="VIREFUND0001"
    )
    entry = ledger_post(
        key="refund:9:hold",
        kind="refund",
        moves=[Move("escrow", wallet.account.code, 60_000, pending=True)],
        order_number="DH2612010002",
    )
    operation.hold = Transfer.objects.get(entry=entry)
    operation.save(update_fields=["hold"])
    [held, _, _] = page(wallet_statement(user=wallet.user, wallet_id=None))
    assert (held.reference, held.held, held.kind) == ("VIREFUND0001", True, "refund")
    ledger_post(
        key="refund:9:post",
        kind="refund",
        resolves=[Resolve(operation.hold_id, post=True)],
        order_number="DH2612010002",
    )
    [posted, paid, topped] = page(wallet_statement(user=wallet.user, wallet_id=None))
    assert (posted.reference, posted.amount, posted.balance) == ("VIREFUND0001", 60_000, 90_000)
    assert posted.description == "Hoàn tiền đơn hàng DH2612010002"
    assert (topped.reference, topped.kind) == (gateway.reference, "top_up")
    assert paid.operation.kind == "payment"


def test_an_entry_without_an_operation_is_an_adjustment_line():
    wallet = personal_wallet()
    ledger_post(key="adjust:1", kind="adjustment", moves=[Move("bank_clearing", wallet.account.code, 7_000)])
    [line] = page(wallet_statement(user=wallet.user, wallet_id=None))
    assert (line.kind, line.kind_label, line.description, line.operation) == (
        None,
        "Khác",
        "Điều chỉnh khác",
        None,
    )
    assert (line.amount, line.balance, line.status) == (7_000, 7_000, S.COMPLETED)


def test_the_files_lines_read_in_chunks_match_the_pages_balances():
    wallet, friend = personal_wallet(), personal_wallet()
    start = datetime(2026, 11, 5, 3, 0, tzinfo=UTC)
    top_up(wallet, 1_000_000, at=start - timedelta(days=10))
    for i in range(7):
        at = start + timedelta(hours=i)
        if i % 3 == 0:
            transfer(wallet, friend, 10_000 + i, at=at)
        elif i % 3 == 1:
            top_up(wallet, 5_000 + i, at=at)
        else:
            transfer(wallet, friend, 3_000, held=True, at=at)
    statement = wallet_statement(
        user=wallet.user, wallet_id=wallet.pk, date_from=date(2026, 11, 5), date_to=date(2026, 11, 5)
    )
    from_pages = page(statement, first=3) + page(statement, first=3, offset=3) + page(statement, offset=6)
    read_in_chunks = list(statement_lines_all(statement, chunk=2))
    assert len(read_in_chunks) == 7
    assert [(x.transfer_id, x.balance, x.held) for x in read_in_chunks] == [
        (x.transfer_id, x.balance, x.held) for x in reversed(from_pages)
    ]
    assert read_in_chunks[-1].balance == statement.closing and statement.opening == 1_000_000


def test_money_arriving_between_the_totals_and_the_page_leaves_the_older_balances_right():
    wallet = personal_wallet()
    top_up(wallet, 100_000)
    pay(wallet, 30_000)
    statement = wallet_statement(user=wallet.user, wallet_id=None)
    top_up(wallet, 5_000)  # commits after the totals were read, before the page is
    assert [(line.amount, line.balance) for line in page(statement)] == [
        (5_000, 75_000),
        (-30_000, 70_000),
        (100_000, 100_000),
    ]
