"""Thousands of random money operations from parallel clients (payments, repeats, wrong amounts,
refunds, releases, cash on delivery, payouts, gateway and bank failures, transactions rolled
back half way) leave the ledger whole: all accounts sum to zero, no account below what its flags
allow, each balance equals its transfers, each key applied once, no order refunded or released
beyond what it paid. SETTLE_RANDOM_OPS scales it (default 1200; e.g. 20000 for a bench)."""

import os
import random
from collections import Counter
from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.errors import DomainError
from orders.models import Order
from orders.services.lifecycle import (
    order_cancel,
    order_complete,
    order_confirm,
    order_deliver,
    order_ship,
    orders_complete_delivered,
)
from payments.attempts import PaymentAttempt
from payments.ledger.models import JournalEntry, LedgerAccount, Transfer
from payments.services.collect import payment_collected
from payments.settlement.cod import cod_collected
from payments.settlement.models import OrderSettlement, Payout, Refund
from payments.settlement.payouts import payout_mark, payout_run
from payments.settlement.refunds import refund_create, refund_settle
from tests.factories import UserFactory
from tests.parallel import run_in_parallel
from tests.payments.helpers import open_attempt
from tests.payments.settlement.helpers import GatewayTestProvider, bank_accounts_for_all, placed_order, seller

OPERATIONS = int(os.environ.get("SETTLE_RANDOM_OPS", "1200"))
CLIENTS = 4
S = Order.Status


class Injected(Exception):
    """A process dying half way: the transaction rolls back."""


def _pick(queryset):
    return queryset.order_by("?").first()


def _owner(order):
    return order.business.members.first()


def _pay(rng, staff):
    attempt = _pick(PaymentAttempt.objects.filter(group__orders__status=S.AWAITING_PAYMENT))
    if attempt is None:
        attempt = _pick(PaymentAttempt.objects.all())  # a repeat, or money after expiry
    amount = attempt.amount + (rng.choice([-1, 1]) if rng.random() < 0.1 else 0)
    payment_collected(reference=attempt.reference, amount=amount, gateway_transaction_no=str(rng.random()))


def _refund(rng, staff):
    order = _pick(
        Order.objects.filter(
            status__in=[S.PAID, S.CONFIRMED, S.SHIPPED, S.DELIVERED], paid_at__isnull=False
        ).exclude(payment_method="cod")
    )
    if order is not None:
        amount = None if rng.random() < 0.3 else rng.randint(1, order.total + 5_000)
        refund_create(user=staff, order_id=order.pk, amount=amount, reason="Thử ngẫu nhiên")


def _advance(rng, staff):
    order = _pick(Order.objects.filter(status__in=[S.PAID, S.PLACED, S.CONFIRMED, S.SHIPPED, S.DELIVERED]))
    if order is None:
        return
    step = {
        S.PAID: lambda: order_confirm(user=_owner(order), order_id=order.pk),
        S.PLACED: lambda: order_confirm(user=_owner(order), order_id=order.pk),
        S.CONFIRMED: lambda: order_ship(user=_owner(order), order_id=order.pk, tracking_number="EB1VN"),
        S.SHIPPED: lambda: order_deliver(user=_owner(order), order_id=order.pk),
        S.DELIVERED: lambda: order_complete(user=order.buyer, order_id=order.pk),
    }[order.status]
    step()


def _cod(rng, staff):
    order = _pick(Order.objects.filter(payment_method="cod", status__in=[S.DELIVERED, S.COMPLETED]))
    if order is not None:
        amount = order.total if rng.random() < 0.9 else order.total - 1
        cod_collected(user=_owner(order), order_id=order.pk, amount=amount)


def _cancel(rng, staff):
    order = _pick(Order.objects.filter(status__in=[S.PAID, S.AWAITING_PAYMENT]))
    if order is not None:
        order_cancel(user=order.buyer, order_id=order.pk, reason="")


def _refund_answer(rng, staff):
    refund = _pick(Refund.objects.filter(status=Refund.Status.PENDING))
    if refund is not None:
        refund_settle(refund_id=refund.pk, succeeded=rng.random() < 0.7, reference="RF")


def _sweep(rng, staff):
    """The hourly job completing delivered orders, racing buyers who complete theirs."""
    orders_complete_delivered(now=timezone.now() + timedelta(days=60))


def _payout_run(rng, staff):
    payout_run(user=staff)


def _payout_mark(rng, staff):
    payout = _pick(Payout.objects.filter(status=Payout.Status.PENDING))
    if payout is not None:
        paid = rng.random() < 0.7
        payout_mark(user=staff, payout_id=payout.pk, paid=paid, reference="FT" if paid else "")


OPERATIONS_TABLE = [
    (_pay, 6),
    (_refund, 3),
    (_advance, 10),
    (_cod, 3),
    (_cancel, 1),
    (_refund_answer, 3),
    (_sweep, 1),
    (_payout_run, 1),
    (_payout_mark, 2),
]


def _client(seed: int, count: int, staff) -> Counter:
    rng = random.Random(seed)
    ops, weights = zip(*OPERATIONS_TABLE, strict=True)
    seen = Counter()
    for _ in range(count):
        op = rng.choices(ops, weights)[0]
        try:
            if rng.random() < 0.05:
                with transaction.atomic():
                    op(rng, staff)
                    raise Injected()
            op(rng, staff)
            seen[op.__name__] += 1
        except (DomainError, Injected) as error:
            seen[type(error).__name__] += 1
    return seen


def _assert_ledger_whole():
    accounts = list(LedgerAccount.objects.all())
    assert sum(a.credits_posted for a in accounts) == sum(a.debits_posted for a in accounts)
    assert sum(a.credits_pending for a in accounts) == sum(a.debits_pending for a in accounts)
    posted = [Transfer.Phase.POSTED, Transfer.Phase.POST_PENDING]
    open_pending = Transfer.objects.filter(phase=Transfer.Phase.PENDING, resolution__isnull=True)
    for a in accounts:

        def total(queryset):
            return queryset.aggregate(s=Sum("amount"))["s"] or 0

        assert a.debits_posted == total(Transfer.objects.filter(debit_account=a, phase__in=posted)), a.code
        assert a.credits_posted == total(Transfer.objects.filter(credit_account=a, phase__in=posted)), a.code
        assert a.debits_pending == total(open_pending.filter(debit_account=a)), a.code
        assert a.credits_pending == total(open_pending.filter(credit_account=a)), a.code
        if a.debits_must_not_exceed_credits:
            assert a.debits_posted + a.debits_pending <= a.credits_posted, a.code
        if a.credits_must_not_exceed_debits:
            assert a.credits_posted + a.credits_pending <= a.debits_posted, a.code


def _assert_each_event_once():
    # Keys are unique in the database; each business event has at most one of each.
    for attempt in PaymentAttempt.objects.filter(status__in=["paid", "late"]):
        assert JournalEntry.objects.filter(key=f"pay:{attempt.reference}").count() == 1
    assert not PaymentAttempt.objects.filter(
        status="pending", reference__in=JournalEntry.objects.filter(kind="payment").values("key")
    ).exists()
    for refund in Refund.objects.all():
        keys = set(
            JournalEntry.objects.filter(key__startswith=f"refund:{refund.pk}:").values_list("key", flat=True)
        )
        expected = {f"refund:{refund.pk}:hold"} | {
            Refund.Status.SUCCEEDED: {f"refund:{refund.pk}:post"},
            Refund.Status.FAILED: {f"refund:{refund.pk}:void"},
            Refund.Status.PENDING: set(),
        }[refund.status]
        assert keys == expected
    for payout in Payout.objects.all():
        keys = set(
            JournalEntry.objects.filter(key__startswith=f"payout:{payout.pk}:").values_list("key", flat=True)
        )
        suffix = {"pending": set(), "paid": {"paid"}, "failed": {"failed"}}[payout.status]
        assert keys == {f"payout:{payout.pk}:hold"} | {f"payout:{payout.pk}:{s}" for s in suffix}
    # No order gives back or releases more than it paid; escrow holds exactly what is left.
    held = 0
    for order in Order.objects.exclude(payment_method="cod").filter(paid_at__isnull=False):
        refunded = order.refunds.exclude(status=Refund.Status.FAILED).aggregate(s=Sum("amount"))["s"] or 0
        released = (
            OrderSettlement.objects.filter(order=order).values_list("goods_base", "delivery_base").first()
        )
        released = sum(released) if released else 0
        assert refunded + released <= order.total, order.number
        held += order.total - refunded - released

    def amount(queryset):
        return queryset.aggregate(s=Sum("amount"))["s"] or 0

    # Escrow's posted balance: what orders still hold, plus refunds held but not yet gone, plus
    # late money whose refund failed (left for the operator).
    in_flight = amount(Refund.objects.filter(status=Refund.Status.PENDING))
    late_voided = amount(Refund.objects.filter(attempt__isnull=False, status=Refund.Status.FAILED))
    assert LedgerAccount.objects.get(code="escrow").balance == held + in_flight + late_voided
    assert not OrderSettlement.objects.exclude(
        seller_net=F("goods_base")
        + F("delivery_base")
        - F("commission")
        - F("vat_withheld")
        - F("pit_withheld")
    ).exists()
    assert not Payout.objects.filter(Q(amount__lte=0)).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_random_parallel_money_operations_keep_the_ledger_whole(monkeypatch, settings):
    GatewayTestProvider.answer = "later"  # refunds answered by the `_refund_answer` operation
    settings.PAYOUT_MINIMUM_AMOUNT = 1
    bank_accounts_for_all(monkeypatch)
    rng = random.Random(9)
    sellers = [seller(kind)[0] for kind in ("household", "enterprise", "cooperative_group", "cooperative")]
    buyers = [UserFactory() for _ in range(6)]
    for i in range(max(OPERATIONS // 8, 20)):
        order, _ = placed_order(
            business=sellers[i % len(sellers)],
            buyer=rng.choice(buyers),
            price=rng.choice([15_000, 40_000, 125_000, 333_333]),
            quantity=rng.randint(1, 3),
            delivery=rng.choice(["post", "seller", "pickup"]),
            method=rng.choice(["vnpay", "vnpay", "vnpay", "cod"]),
        )
        if order.payment_method == "vnpay":
            open_attempt(order.payment_group)
    staff = UserFactory(role=User.Role.FINANCE)

    results = run_in_parallel(
        *[(lambda seed=seed: _client(seed, OPERATIONS // CLIENTS, staff)) for seed in range(CLIENTS)]
    )
    failures = [r for r in results if isinstance(r, Exception)]
    assert not failures, failures
    done = sum(results, Counter())
    print(sorted(done.items()))
    assert done["_advance"] and done["_pay"] and done["_payout_mark"], done
    assert PaymentAttempt.objects.filter(status="late").exists()

    _assert_ledger_whole()
    _assert_each_event_once()
