"""The outbox under real parallel connections (PostgreSQL): one payment start per group."""

import pytest

from orders.models import PaymentGroup, SideEffect
from orders.services.complete import checkout_complete
from orders.services.outbox import outbox_process
from tests.factories import UserFactory
from tests.orders.helpers import ready_checkout, seller_variant
from tests.orders.test_outbox import FlakyGateway
from tests.parallel import run_in_parallel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def gateway(settings):
    settings.PAYMENT_PROVIDERS = {
        **settings.PAYMENT_PROVIDERS,
        "vnpay": "tests.orders.test_outbox.FlakyGateway",
    }
    FlakyGateway.failures = 0
    FlakyGateway.starts, FlakyGateway.refunds = [], []


def test_eight_parallel_completions_of_one_cart_start_its_payment_once():
    buyer = UserFactory()
    variant, _ = seller_variant()
    checkout = ready_checkout(buyer, [(variant, 1)])

    results = run_in_parallel(
        *[lambda: checkout_complete(user=buyer, token=str(checkout.token), payment_method="vnpay")] * 8
    )

    assert all(isinstance(result, PaymentGroup) for result in results), results
    assert FlakyGateway.starts == [PaymentGroup.objects.get().number]


def test_parallel_workers_apply_a_due_side_effect_once():
    FlakyGateway.failures = 1
    buyer = UserFactory()
    variant, _ = seller_variant()
    group = checkout_complete(
        user=buyer, token=str(ready_checkout(buyer, [(variant, 1)]).token), payment_method="vnpay"
    )
    SideEffect.objects.update(next_attempt_at="2000-01-01T00:00Z")  # everything due now

    run_in_parallel(*[outbox_process] * 4)

    assert FlakyGateway.starts == [group.number, group.number]  # the failed try, then one retry
    assert SideEffect.objects.filter(done_at__isnull=True).count() == 0
