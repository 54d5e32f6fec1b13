"""Orders paid, delivered and completed through the services, with test gateways."""

from orders.models import Order
from orders.services.complete import checkout_complete
from orders.services.lifecycle import order_complete, order_confirm, order_deliver, order_ship
from payments.ledger.models import LedgerAccount
from payments.providers import PaymentProvider, PaymentStart, RefundOutcome
from payments.services.collect import payment_collected
from payments.settlement.payouts import Destination
from tests.factories import UserFactory, VariantFactory, business_with_owner
from tests.orders.helpers import ready_checkout
from tests.payments.helpers import open_attempt


class GatewayTestProvider(PaymentProvider):
    """Stands in for VNPay: refunds through a gateway that answers `answer` (ok, refused, later
    or an exception)."""

    refunds_by_gateway = True
    answer = "ok"
    sent: list[int] = []

    def start(self, group) -> PaymentStart:
        return PaymentStart(redirect_url=f"https://pay.example/{group.number}")

    def refund_send(self, refund):
        GatewayTestProvider.sent.append(refund.pk)
        if self.answer == "raise":
            raise ConnectionError("gateway down")
        if self.answer == "later":
            return None
        return RefundOutcome(succeeded=self.answer == "ok", reference=f"RF{refund.pk}")


class ManualTestProvider(PaymentProvider):
    """Stands in for bank transfer: the operator sends refunds by hand."""

    def start(self, group) -> PaymentStart:
        return PaymentStart(qr_payload=group.number)


def seller(kind: str = "household"):
    return business_with_owner(kind=kind)


def placed_order(
    *, business=None, kind="household", price=100_000, quantity=1, delivery="post", method="vnpay", buyer=None
) -> tuple[Order, object]:
    """One order of one seller, placed (unpaid). Returns (order, buyer)."""
    if business is None:
        business, _owner = seller(kind)
    buyer = buyer or UserFactory()
    variant = VariantFactory(product__business=business, price=price, stock=1_000)
    checkout = ready_checkout(buyer, [(variant, quantity)], delivery=delivery)
    group = checkout_complete(user=buyer, token=str(checkout.token), payment_method=method)
    return group.orders.get(), buyer


def paid_order(**kwargs) -> tuple[Order, object]:
    """Placed and paid through `payment_collected` (the money in escrow)."""
    order, buyer = placed_order(**kwargs)
    attempt = open_attempt(order.payment_group, method=order.payment_method)
    payment_collected(
        reference=attempt.reference, amount=order.payment_group.amount, gateway_transaction_no="1"
    )
    order.refresh_from_db()
    return order, buyer


def owner_of(order: Order):
    return order.business.members.first()


def deliver(order: Order) -> Order:
    owner = owner_of(order)
    if order.status in (Order.Status.PAID, Order.Status.PLACED):
        order_confirm(user=owner, order_id=order.pk)
    order_ship(user=owner, order_id=order.pk, carrier="VNPost", tracking_number="EB123456789VN")
    return order_deliver(user=owner, order_id=order.pk)


def completed_order(**kwargs) -> tuple[Order, object]:
    order, buyer = paid_order(**kwargs)
    deliver(order)
    order_complete(user=buyer, order_id=order.pk)
    order.refresh_from_db()
    return order, buyer


def balance(code: str) -> int:
    account = LedgerAccount.objects.filter(code=code).first()
    return account.balance if account else 0


def payable(business_id: int) -> int:
    return balance(f"business:{business_id}")


def bank_accounts_for_all(monkeypatch):
    """Every business has a receiving account (payments.banks is another module's)."""
    monkeypatch.setattr(
        "payments.settlement.payouts.payout_destinations",
        lambda ids: {pk: Destination("970436", f"0011{pk:08d}", "NGUYEN VAN AN") for pk in ids},
    )


def committed(call, /, **kwargs):
    """Calls a service and runs what it left for after the commit (the test's transaction never
    commits), as the web process would: gateway refunds, the order flow's outbox."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        result = call(**kwargs)
    return result


def past_grace(refund):
    """As if the gateway refund had been sent longer ago than the operator must wait."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from payments.settlement.models import Refund

    sent = timezone.now() - timedelta(minutes=settings.REFUND_MANUAL_MARK_AFTER_MINUTES + 1)
    Refund.objects.filter(pk=refund.pk).update(dispatched_at=sent)
